import functools

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("edition status", "Draft")
    REGISTRATION = "registration", pgettext_lazy("edition status", "Registration open")
    MATCHMAKING = "matchmaking", pgettext_lazy("edition status", "Matchmaking")
    SCHEDULED = "scheduled", pgettext_lazy("edition status", "Scheduled")
    LIVE = "live", pgettext_lazy("edition status", "Live")
    CLOSED = "closed", pgettext_lazy("edition status", "Closed")


class EditionRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    STAFF = "staff", _("Staff")
    CHECKIN = "checkin", _("Check-in agent")
    ZONE_HOST = "zone_host", _("Zone host")


class TeamInvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("team invitation status", "Invited")
    DECLINED = "declined", pgettext_lazy("team invitation status", "Declined")


class Language(models.TextChoices):
    """Languages an edition runs in or a participant speaks."""

    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    ITALIAN = "it", _("Italian")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    DUTCH = "nl", _("Dutch")
    POLISH = "pl", _("Polish")
    CZECH = "cs", _("Czech")
    JAPANESE = "ja", _("Japanese")
    CHINESE = "zh", _("Chinese")


def language_labels() -> dict[str, str]:
    """Code → name of every `Language`, in the active language; translated once per language
    and process, since lists ask for them row by row."""
    return _language_labels(get_language())


@functools.cache
def _language_labels(language: str | None) -> dict[str, str]:
    return {code: str(label) for code, label in Language.choices}
