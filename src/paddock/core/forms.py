"""The base of every form of the project: text fields come without control characters.

Use `Form` and `ModelForm` from here rather than Django's; `tests/core/test_forms.py` fails
for a form of the project that does not.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from paddock.core.ids import id_of
from paddock.core.text import clean_line, clean_text


def _cleaning(to_python: Callable[[Any], Any], cleaner: Callable[[str], str]) -> Any:
    def cleaned(value: Any) -> Any:
        return to_python(cleaner(value) if isinstance(value, str) else value)

    cleaned.paddock_cleans_text = True  # type: ignore[attr-defined]
    return cleaned


class CleanTextMixin:
    """Removes control and bidi characters from every text field before it is validated:
    `clean_line` for one-line fields, `clean_text` for text areas. Passwords are taken as
    typed. Fields added in `__init__` are covered too: the fields are set at cleaning time."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            if getattr(field.to_python, "paddock_cleans_text", False):
                continue
            cleaner = clean_text if isinstance(field.widget, forms.Textarea) else clean_line
            field.to_python = _cleaning(field.to_python, cleaner)  # type: ignore[method-assign]
        super().full_clean()  # type: ignore[misc]


def set_choices(field: forms.ChoiceField, choices: list[tuple[Any, Any]]) -> None:
    """Sets the choices of `field` and of its widget, already written as Django normalizes
    them: (value, label) pairs, or (group label, list of pairs). Django's `choices` setters
    normalize them again, once for the field and once for the widget, some ten calls an
    option: a filter form with a taxonomy or a list of countries on every request of a page
    under load (issue 16)."""
    field._choices = field.widget._choices = choices  # type: ignore[attr-defined]


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Django's, refusing a value that is not an id (`core.ids.id_of`) before it reaches the
    database, with Django's message naming the value: SQLite cannot compare a number past 64
    bits, and a ticked box sent as 99999999999999999999 was a 500 there (issue 16)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            self.validate_no_null_characters(pk)
            if self.to_field_name is None and id_of(str(pk).strip()) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class Form(CleanTextMixin, forms.Form):
    pass


class ModelForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
