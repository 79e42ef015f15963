"""Field checks that the services share with the forms: the model field's own validators."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from paddock.core.exceptions import DomainError


def check_field(
    model: type[models.Model], name: str, value: Any, *, error: type[DomainError], code: str
) -> None:
    """Run the validators of `model.name` on `value` (bounds, above all); raise `error` with
    their first message, naming the field, when one refuses it."""
    try:
        model._meta.get_field(name).run_validators(value)  # type: ignore[union-attr]
    except ValidationError as invalid:
        raise error(invalid.messages[0], code=code, field=name) from invalid
