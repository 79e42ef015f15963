"""Mails about requests and meetings, each rendered in its recipient's language.

Mails go out once the transaction commits, so that a write rolled back sends nothing.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from paddock.participants.models import Participant

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The public address of the site, for links in mails and calendar UIDs."""
    return str(getattr(settings, "PADDOCK_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def site_host() -> str:
    return urlsplit(site_url()).hostname or "localhost"


def language_for(participant: Participant) -> str:
    """The person's chosen language, else the edition's first, else the site default."""
    known = {code for code, _name in settings.LANGUAGES}
    for code in (participant.user.preferred_language, *participant.edition.languages):
        if code and code in known:
            return code
    return settings.LANGUAGE_CODE


def portal_link(participant: Participant, name: str) -> str:
    return site_url() + reverse(f"meetings-portal:{name}", args=[participant.edition.slug])


def send_to(participant: Participant, kind: str, *, link: str, **context: Any) -> None:
    """Queue the mail `kind` to `participant` (templates meetings/email/<kind>_*.txt)."""
    context = {"participant": participant, "edition": participant.edition, "link": link, **context}
    with translation.override(language_for(participant)):
        subject = render_to_string(f"meetings/email/{kind}_subject.txt", context)
        body = render_to_string(f"meetings/email/{kind}_body.txt", context)
    subject = " ".join(subject.split())
    address = participant.user.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
