"""Every model field that may hold personal data is classified in `paddock.privacy.inventory`
(exported, erased, kept for how long), and docs/privacy.md shows that classification."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from paddock.privacy.inventory import (
    NO_PERSONAL_DATA,
    PERSONAL_DATA,
    markdown_table,
    may_hold_personal_data,
)

pytestmark = pytest.mark.unit

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
TABLE_START = "<!-- inventory: generated from paddock.privacy.inventory.markdown_table() -->\n"
TABLE_END = "<!-- /inventory -->"


def _flagged() -> set[tuple[str, str]]:
    """(model, field) of every installed model's field that may hold personal data."""
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if may_hold_personal_data(field)
    }


def _classified() -> set[tuple[str, str]]:
    personal = {
        (label, name)
        for label, holding in PERSONAL_DATA.items()
        for name in (*holding.fields, *holding.other)
    }
    other = {(label, name) for label, (names, _why) in NO_PERSONAL_DATA.items() for name in names}
    return personal | other


def _existing(label: str, name: str) -> bool:
    try:
        model = apps.get_model(label)
        model._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return False
    return True


def test_every_field_that_may_hold_personal_data_is_classified():
    missing = sorted(_flagged() - _classified())

    assert missing == [], "classify these in paddock.privacy.inventory"


def test_the_classification_names_only_models_and_fields_that_exist():
    gone = sorted(pair for pair in _classified() if not _existing(*pair))

    assert gone == [], "remove these from paddock.privacy.inventory"


def test_a_model_is_classified_once():
    assert sorted(set(PERSONAL_DATA) & set(NO_PERSONAL_DATA)) == []


def test_each_holding_says_how_it_is_exported_erased_and_kept():
    incomplete = sorted(
        label
        for label, holding in PERSONAL_DATA.items()
        if not (holding.fields and holding.export and holding.erasure and holding.retention)
        or (holding.other and not holding.why_other)
    )

    assert incomplete == []


def test_the_privacy_doc_shows_the_classification():
    text = DOC.read_text(encoding="utf-8")
    start = text.index(TABLE_START) + len(TABLE_START)

    assert text[start : text.index(TABLE_END, start)] == markdown_table(), (
        "paste the output of: PYTHONPATH=src .venv/bin/python -c "
        "'from paddock.privacy.inventory import markdown_table; print(markdown_table(), end=\"\")'"
    )
