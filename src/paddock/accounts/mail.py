"""Plain-text emails rendered in their recipient's language, with absolute links."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from paddock.core.links import site_url, with_language

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def absolute_url(viewname: str, *args: Any) -> str:
    """The full address of a page, for links in emails (`paddock.core.links.site_url`)."""
    return site_url() + reverse(viewname, args=args)


def language_for(user: Any, edition: Any = None) -> str:
    """The user's preferred language, else the edition's first interface language, else the
    site default."""
    candidates = [getattr(user, "preferred_language", "")]
    if edition is not None:
        candidates.extend(edition.languages)
    for code in candidates:
        if code in SUPPORTED:
            return str(code)
    return str(settings.LANGUAGE_CODE)


def send_templated_mail(
    to: str, *, template: str, context: dict[str, Any], language: str, connection: Any = None
) -> None:
    """Renders `<template>_subject.txt` and `<template>.txt` in `language` and sends them.

    Dates and times render in the time zone of the context's edition when there is one: a
    participant reads "until 12 June" as a date where the event happens, not in UTC. The
    context's `link` opens its page in the email's language."""
    if "link" in context:
        context = {**context, "link": with_language(context["link"], language)}
    edition = context.get("edition")
    zone = edition.tzinfo if edition is not None else None
    with translation.override(language), timezone.override(zone):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    headers = {"Content-Language": language}
    EmailMessage(subject, body, to=[to], connection=connection, headers=headers).send()
