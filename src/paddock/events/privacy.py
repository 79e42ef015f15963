"""Reads of an edition's privacy notice: the version in force and its text in a language."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from paddock.events.models import Edition, PrivacyNotice

DEFAULT_VERSION = "default"
"""The version recorded for the built-in text of an edition whose organiser wrote none."""


@dataclass(frozen=True)
class ConsentText:
    """What a person reads and accepts: the version's label and its text."""

    version: str
    text: str


def latest_privacy_notice(edition: Edition) -> PrivacyNotice | None:
    return edition.privacy_notices.order_by("-version").first()


def privacy_notices_of(edition: Edition) -> list[PrivacyNotice]:
    """Every version, the newest first."""
    return list(edition.privacy_notices.select_related("created_by").order_by("-version"))


def default_privacy_text(edition: Edition) -> str:
    organiser = edition.series.organiser.name
    return _(
        "%(organiser)s keeps the details you give here (your name, email address, company and "
        "profile) to run %(edition)s: to match you with other participants, arrange your "
        "meetings and let you in on the day. Other participants see your profile as you set "
        "it; nobody else receives your data. You may ask %(organiser)s to see, correct or "
        "delete it at any time."
    ) % {"organiser": organiser, "edition": edition.name}


def consent_text(edition: Edition, language: str | None = None) -> ConsentText:
    """The version in force and its text in `language` (the active one by default): French
    for French, English otherwise; the built-in text, version "default", when there is none."""
    language = (language or translation.get_language() or "en")[:2]
    notice = latest_privacy_notice(edition)
    if notice is None:
        with translation.override(language):
            return ConsentText(DEFAULT_VERSION, default_privacy_text(edition))
    text = notice.text_fr if language == "fr" else notice.text_en
    return ConsentText(str(notice.version), text)
