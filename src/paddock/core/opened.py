"""Edit forms that keep what someone else saved after the page was opened (issue 16).

An edit form posts every field, the ones the user did not touch included. Saving each value
that differs from the row undid a colleague's change saved meanwhile: the page still showed
the old value, and posted it back. `OpenedValuesMixin` makes the form carry, in one signed
hidden field, a digest of each value the page showed when it was opened. On submit:

- a field the user did not touch takes the value saved now (whatever someone else saved);
- a field the user changed keeps the user's value;
- a field both changed, to different values, is refused with the value saved now, and the
  form is shown again with the values saved now as the new "as opened" ones (the user's
  other edits kept), so that a second submit saves the user's choice knowingly.

A multiple-choice field (slots, languages) is compared over the choices the page showed:
a choice added since (a slot of the grid) was never shown, so it keeps its saved state and
the user's changes to the choices shown apply without a conflict.

The services then write the fields that differ from the row as read (`core.services.
set_changed`): what the user did not touch is not written. A POST without the hidden field,
or with an altered one, is refused and the form shows the values saved now: it cannot tell
which values the user changed.
"""

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.boundfield import BoundField
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

OPENED_FIELD = "opened"
# The token's key for the choices each multiple-choice field showed (not a field's name).
_SHOWN_CHOICES = "shown choices"
_SHOWN_CHARS = 80
_MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


class _OpenedBoundField(BoundField):
    """Renders the values saved now, instead of the posted ones, for the fields of a form
    shown again after a conflict or a refused "as opened" field, and for the untouched fields
    that took a value saved since the page was opened; a multiple-choice field's posted
    choices with those added since in their saved state; and the "as opened" field's value."""

    def value(self) -> Any:
        form: Any = self.form
        if self.name == OPENED_FIELD:
            if not form.is_bound or form._reopened:
                return form.opened_token()
            if form._showing_current:
                return form.opened_token(renewing=form._opened)
            return super().value()
        if self.name in form._showing_current:
            return self.field.prepare_value(self.initial)
        if self.name in form._with_unshown:
            return form._with_unshown[self.name]
        return super().value()


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    if isinstance(value, Decimal):
        value = value.normalize()
    return str(value).strip()


def digest(field: forms.Field, value: Any) -> str:
    """A short fingerprint of `value` as `field` shows it: the same for the value read from
    the row and the value the unchanged field cleans to (an instance and its key, a list of
    choices in any order, None and the empty string)."""
    if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
        value = bool(value)
    if isinstance(field, _MULTIPLE) and value in (None, ""):
        value = []
    value = field.prepare_value(value)
    if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "model"):
        plain: Any = sorted(_plain(item) for item in value)
    else:
        plain = _plain(value)
    return hashlib.sha256(json.dumps(plain).encode()).hexdigest()[:16]


def choice_keys(field: forms.Field, value: Any) -> list[str]:
    """The keys of the choices in `value`, a multiple-choice field's value (instances, keys,
    a queryset), as `digest` reads them."""
    if value in (None, ""):
        return []
    return [_plain(item) for item in field.prepare_value(value)]


def offered_keys(field: forms.Field) -> list[str]:
    """The keys of the choices a multiple-choice field offers now."""
    keys = []
    for key, label in field.choices:  # type: ignore[attr-defined]
        pairs = label if isinstance(label, list | tuple) else [(key, label)]
        keys.extend(str(getattr(option, "value", option)) for option, _text in pairs)
    return sorted(key for key in keys if key != "")


def shown_value(field: forms.Field, value: Any) -> str:
    """`value` as the user reads it: a choice's label, a date in the reader's format."""
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    value = field.prepare_value(value)
    if isinstance(field, forms.ModelChoiceField):
        keys = value if isinstance(value, list | tuple) else [value]
        found = field.queryset.filter(pk__in=[key for key in keys if key not in (None, "")])  # type: ignore[union-attr]
        return ", ".join(str(field.label_from_instance(obj)) for obj in found)
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:  # type: ignore[misc]
            pairs = label if isinstance(label, list | tuple) else [(key, label)]
            labels.update((str(option), text) for option, text in pairs)
        keys = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(labels.get(str(key), key)) for key in keys if key not in (None, ""))
    if isinstance(value, dt.date | dt.time):
        return str(formats.localize(value))
    return Truncator(_plain(value)).chars(_SHOWN_CHARS)


def _shown_choices(opened: dict[str, Any], name: str) -> list[str] | None:
    """The choices the page showed for the field `name`; None for a field that has none, or
    a page opened before the token carried them."""
    shown = opened.get(_SHOWN_CHOICES)
    keys = shown.get(name) if isinstance(shown, dict) else None
    return keys if isinstance(keys, list) else None


class OpenedValuesMixin:
    """For the edit form of an object that two people can edit: put it before the form's base
    (`class RoomForm(OpenedValuesMixin, Form)`). The form's initial values must be the row's
    values as read on each request (on GET and on POST), as a view's `get_initial` or a model
    form's instance gives them. `untracked_fields` lists fields taken as posted (uploads,
    confirmations); disabled and file fields are never compared."""

    bound_field_class = _OpenedBoundField
    untracked_fields: tuple[str, ...] = ()

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[OPENED_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self._showing_current: set[str] = set()
        self._reopened = False
        self._opened: dict[str, Any] = {}
        self._with_unshown: dict[str, list[str]] = {}

    def _tracked(self) -> list[str]:
        return [
            name
            for name, field in self.fields.items()
            if name != OPENED_FIELD
            and name not in self.untracked_fields
            and not field.disabled
            and not isinstance(field, forms.FileField)
        ]

    def _current(self, name: str) -> Any:
        return self[name].initial  # type: ignore[index]

    def comparable(self, name: str, value: Any) -> Any:
        """`value` of the field `name` (as read from the row, or as cleaned) in the form the
        two compare in; a form whose field cleans to another type than its initial value
        overrides it."""
        return value

    def _digest(self, name: str, value: Any, shown: list[str] | None = None) -> str:
        """The digest of `value`; of its choices among `shown` only, when given."""
        value = self.comparable(name, value)
        if shown is not None:
            value = [key for key in choice_keys(self.fields[name], value) if key in shown]
        return digest(self.fields[name], value)

    def _salt(self) -> str:
        return f"paddock.opened.{type(self).__module__}.{type(self).__qualname__}"

    def opened_token(self, *, renewing: dict[str, Any] | None = None) -> str:
        """The signed digests of the values saved now, with the choices each multiple-choice
        field shows now: the hidden field's value on a page that opens the form, or shows it
        again after a conflict. `renewing`: the digests posted, those of the fields shown as
        saved now renewed (a form shown again after an error)."""
        names = self._tracked() if renewing is None else self._showing_current
        shown = dict((renewing or {}).get(_SHOWN_CHOICES, {}))
        digests: dict[str, Any] = {}
        for name in names:
            if isinstance(self.fields[name], _MULTIPLE):
                shown[name] = offered_keys(self.fields[name])
            digests[name] = self._digest(name, self._current(name), shown.get(name))
        if shown:
            digests[_SHOWN_CHOICES] = shown
        return signing.dumps({**(renewing or {}), **digests}, salt=self._salt(), compress=True)

    def _opened_digests(self) -> dict[str, Any] | None:
        token = self.cleaned_data.pop(OPENED_FIELD, "")
        try:
            digests = signing.loads(token, salt=self._salt())
        except signing.BadSignature:
            return None
        return digests if isinstance(digests, dict) else None

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        opened = self._opened_digests()
        if opened is None:
            self.add_error(  # type: ignore[attr-defined]
                None,
                ValidationError(
                    _(
                        "This page is out of date or was altered. The values below are the "
                        "ones saved now: make your changes again and save."
                    ),
                    code="opened_values_missing",
                ),
            )
            self._reopen(set(self._tracked()))
            return
        self._opened = opened
        untouched, conflicts = set(), []
        for name in self._tracked():
            self._merge(name, opened, untouched, conflicts)
        if conflicts:
            for name in conflicts:
                self.add_error(name, self._conflict(name))  # type: ignore[attr-defined]
            self._reopen(untouched)

    def _merge(
        self, name: str, opened: dict[str, Any], untouched: set[str], conflicts: list[str]
    ) -> None:
        """Compare one field's value as opened, as saved now and as posted (a multiple-choice
        field: over the choices the page showed); take the saved one where the user did not
        touch the field, note a conflict where both changed it."""
        field, current = self.fields[name], self._current(name)
        shown = _shown_choices(opened, name)
        now = self._digest(name, current, shown)
        was = opened.get(name, now)  # a field the page did not carry: as saved now
        if name not in self.cleaned_data:
            return  # refused by the field's own checks: shown again as posted
        posted = self._digest(name, self.cleaned_data[name], shown)
        if posted == was:
            untouched.add(name)
            if self._digest(name, current) != self._digest(name, self.cleaned_data[name]):
                # Shown as saved now, should the form come back with an error: what is kept.
                self._showing_current.add(name)
                try:
                    self._clean_again(name, field.prepare_value(current))
                except ValidationError:
                    conflicts.append(name)
            return
        try:
            if shown is not None:
                self._add_unshown_choices(name, current, shown)
        except ValidationError:
            conflicts.append(name)  # the choices added since refused with the user's
            return
        if now not in (was, posted):
            conflicts.append(name)

    def _add_unshown_choices(self, name: str, current: Any, shown: list[str]) -> None:
        """The user's choices among those the page showed, with those it did not show (added
        since it was opened) in their saved state: the value saved, and the value shown
        should the form come back."""
        field = self.fields[name]
        unshown = set(choice_keys(field, self.comparable(name, current))) - set(shown)
        posted = set(choice_keys(field, self.comparable(name, self.cleaned_data[name])))
        if unshown - posted:
            self._with_unshown[name] = sorted(posted | unshown)
            self._clean_again(name, self._with_unshown[name])

    def _clean_again(self, name: str, raw: Any) -> None:
        """Clean `raw` (the value saved now, prepared as a widget would post it) as the posted
        value was: the field, then `clean_<name>`."""
        self.cleaned_data[name] = self.fields[name].clean(raw)
        own_check = getattr(self, f"clean_{name}", None)
        if own_check is not None:
            self.cleaned_data[name] = own_check()

    def _conflict(self, name: str) -> ValidationError:
        shown = shown_value(self.fields[name], self.comparable(name, self._current(name)))
        if not shown:
            message = _(
                "Someone else emptied this since you opened the page. Check it and save again."
            )
        else:
            message = _(
                "Someone else changed this to “%(value)s” since you opened the page. Check it "
                "and save again."
            ) % {"value": shown}
        return ValidationError(message, code="changed_meanwhile")

    def _reopen(self, showing_current: set[str]) -> None:
        """Show the form again as opened now: the values saved now in `showing_current`, the
        digests of the values saved now in the hidden field."""
        self._reopened = True
        self._showing_current |= showing_current
