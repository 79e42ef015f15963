"""Checks shared by model clean(), forms and services."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from paddock.events.enums import Language


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone (for example Europe/Paris)."),
            code="invalid_timezone",
            params={"value": value},
        )


def validate_languages(value: object) -> None:
    """A non-empty-able list of known language codes, without repeats."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages must be a list of language codes."), code="invalid")
    unknown = sorted(set(value) - set(Language.values))
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."), code="duplicate_language")
