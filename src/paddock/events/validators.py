"""Checks shared by model clean(), forms and services."""

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# Upper bounds of the numbers organisers type: far above any real convention, far below what
# overflows a database column.
MAX_PERSONS = 100_000
MAX_TABLE_NUMBER = 99_999
MAX_REQUESTS_PER_PARTICIPANT = 1000
MAX_EXPIRY_DAYS = 365
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_EDITION_DAYS = 31


@deconstructible
class AtMost(MaxValueValidator):
    """`value <= limit`, refused with a message that names the field: "Interpreters: at most
    1000." `label` is the field's label (lazy). A MaxValueValidator, so that a model field
    carrying it drops the database's own, looser bound."""

    message = gettext_lazy("%(field)s: at most %(limit_value)s.")
    code = "max_value"

    def __init__(self, limit_value: int, label: Any) -> None:
        super().__init__(limit_value)
        self.label = label

    def __call__(self, value: Any) -> None:
        if value is not None and value > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"field": capfirst(self.label), "limit_value": self.limit_value},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AtMost) and (self.limit_value, str(self.label)) == (
            other.limit_value,
            str(other.label),
        )

    def __hash__(self) -> int:
        return hash((self.limit_value, str(self.label)))


def edition_date_errors(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    """Field → message for dates out of the plausible years, or an edition too long."""
    errors = {}
    for name, day in (("start_date", start), ("end_date", end)):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[name] = _("Choose a year between %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if not errors and start is not None and end is not None:
        days = (end - start).days + 1
        if days > MAX_EDITION_DAYS:
            errors["end_date"] = _(
                "An edition lasts at most %(max)s days; this one would last %(days)s."
            ) % {"max": MAX_EDITION_DAYS, "days": days}
    return errors
