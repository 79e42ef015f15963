"""An import's errors kept in no language: what the worker stores, each reader reads in theirs."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.utils import translation

from paddock.exchange.cell_errors import CellError, problem_of
from paddock.participants.models import Company

pytestmark = pytest.mark.unit


def _stored(check):
    """The error that `check` raises, as the worker (its uploader French) stores it."""
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        check()
    with translation.override("fr"):
        return CellError(4, "Courriel", problem_of(raised.value)).as_json()


def _read(stored):
    read = {}
    for language in ("en", "fr"):
        with translation.override(language):
            read[language] = str(CellError.from_json(stored))
    return read


def test_a_django_validation_message_reads_in_the_readers_language():
    stored = _stored(lambda: validate_email("nope"))

    assert _read(stored) == {
        "en": "line 4, column Courriel: Enter a valid email address.",
        "fr": "ligne 4, colonne Courriel\u00a0: Saisissez une adresse de courriel valide.",
    }


def test_several_django_validation_messages_read_each_in_the_readers_language():
    stored = _stored(lambda: Company(name="", sector="zzz").full_clean(exclude=["edition"]))

    assert _read(stored) == {
        "en": "line 4, column Courriel: This field cannot be blank. This field cannot be blank. "
        "Value 'zzz' is not a valid choice.",
        "fr": "ligne 4, colonne Courriel\u00a0: Ce champ ne peut pas être vide. Ce champ ne peut "
        "pas être vide. La valeur «\u00a0'zzz'\u00a0» n’est pas un choix valide.",
    }


def test_a_django_plural_message_is_kept_as_the_worker_wrote_it():
    """Its words follow a number: a NeutralMessage cannot hold that."""
    stored = _stored(lambda: MaxLengthValidator(3)("abcd"))

    assert _read(stored) == {
        "en": "line 4, column Courriel: Assurez-vous que cette valeur comporte au plus 3 "
        "caractères (actuellement 4).",
        "fr": "ligne 4, colonne Courriel\u00a0: Assurez-vous que cette valeur comporte au plus 3 "
        "caractères (actuellement 4).",
    }
