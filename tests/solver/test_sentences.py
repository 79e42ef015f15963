"""The reasons' templates: every sentence the solver writes reads back into its kind and
fields, whatever the ids, and only into that kind."""

from __future__ import annotations

import pytest

from paddock_solver.sentences import (
    LISTS,
    NUMBERS,
    SIDES,
    TEMPLATES,
    TEXTS,
    _readers,
    fields_of,
    read_sentence,
    sentence,
)

pytestmark = pytest.mark.unit


def _awkward(name: str, n: int):
    """Values a reader could trip on: ids with digits, several names, a language-less side."""
    if name in NUMBERS:
        return 10 + n
    if name in LISTS:
        return ("p12", "p3", f"x{n}-9")
    if name in SIDES:
        return (("p12", ("fr", "en")), ("p3", ()), ("q:7", ("ja",)))
    if name in TEXTS:
        return "slots: m12 (p3, p9) is at s4, and t2 twice"
    return f"a{n}b{n}0"


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_reads_back_its_own_sentence(code):
    fields = {name: _awkward(name, n) for n, name in enumerate(fields_of(code))}

    text = sentence(code, **fields)

    assert read_sentence(text) == (code, fields)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_no_other_template_reads_a_sentence(code):
    text = sentence(code, **{name: _awkward(name, n) for n, name in enumerate(fields_of(code))})

    readers = [other for other, reader in _readers().items() if reader.fullmatch(text)]

    assert readers == [code]


def test_a_sentence_of_another_tool_is_not_read():
    assert read_sentence("p3 cannot come on Tuesday") is None


def test_a_sentence_with_a_missing_field_is_refused():
    with pytest.raises(ValueError, match="slot_over_tables takes the fields"):
        sentence("slot_over_tables", slot="s1", fixed=3)


def test_the_sentences_are_those_of_the_solution_format():
    text = sentence(
        "fixed_unavailable", meeting="m1", participants=("p1", "p2"), slot="s3", away=("p1",)
    )

    assert text == "m1 (p1, p2) is fixed to s3, where p1 is unavailable"
