"""The base of the API's input schemas: text without control or bidi characters."""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import field_validator

from paddock.core.text import clean_line, clean_text


class InSchema(Schema):
    """Cleans every text field as the project's forms do: `clean_text` for the fields named in
    `multiline`, `clean_line` for the others (PostgreSQL refuses a NUL byte, for one)."""

    multiline: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any, info: Any) -> Any:
        if not isinstance(value, str):
            return value
        return clean_text(value) if info.field_name in cls.multiline else clean_line(value)


def checked_email(value: str) -> str:
    """An email address as Django's forms accept it; ValueError (a 422) otherwise."""
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValueError("invalid email") from error
    return value
