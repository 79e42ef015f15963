"""Writes `src/paddock/participants/look_alikes.py`, the table of letters of other scripts
that read as another letter in a company name (`participants.queries.name_key`), from
Unicode's confusables (UTS #39) as ICU implements them.

Run by hand when Unicode's data should be refreshed, in an environment with PyICU (which has
no wheels: `apt-get install libicu-dev pkg-config g++`, then `pip install pyicu`):

    python scripts/make_look_alikes.py

The application reads the table only, so it needs neither ICU nor a compiler.
"""

import sys
import unicodedata
from pathlib import Path

import icu

OUT = Path(__file__).resolve().parent.parent / "src/paddock/participants/look_alikes.py"
_CHECKER = icu.SpoofChecker()


def _prototype(text: str) -> str:
    # Decomposed, marks kept: a mark the skeleton adds (the bar of "\u03b8", read as an "O"
    # with a bar) tells letters apart, unlike the accents typed, which name_key drops.
    return unicodedata.normalize("NFKD", _CHECKER.getSkeleton(0, text))


def look_alike(char: str) -> str:
    """What a character reads as in a name compared up to case and accents: its UTS #39
    prototype, in lower case, one answer for both cases of a letter (Cyrillic "\u0410" and
    "\u0430" read as "a"). The capital's prototype decides when it is plain ASCII, since
    capitals are where most letters of other scripts pass for Latin ones (Greek "\u0397"
    reads as "H", so "\u03b7" does too); else the small letter's (Cyrillic "\u0433" reads as
    "r"); else the small letter's prototype as it is. A capital whose prototype is the stroke
    "l" reads as "i": the skeleton does not tell "I" from "l", a name compared up to case
    must."""
    for form in (char.upper(), char.casefold()):
        prototype = _prototype(form)
        if prototype.isascii():
            return "i" if prototype == "l" and form.isupper() else prototype.casefold()
    return _prototype(char.casefold()).casefold()


def table() -> dict[str, str]:
    """Every character name_key can meet (not ASCII, decomposed, no mark, not invisible)
    whose reading differs from its lower case."""
    found = {}
    for point in range(0x80, sys.maxunicode + 1):
        char = chr(point)
        category = unicodedata.category(char)
        if category in ("Cn", "Co", "Cs", "Cf") or unicodedata.combining(char):
            continue
        if unicodedata.normalize("NFKD", char) != char:
            continue
        reading = look_alike(char)
        if reading != char.casefold():
            found[char] = reading
    return found


def _escaped(text: str) -> str:
    """`text` as a Python string literal in ASCII: letters and digits as they are, anything
    else escaped, so that no invisible or right-to-left character hides in the source."""
    return '"' + "".join(_escape(c) for c in text) + '"'


def _escape(char: str) -> str:
    if char.isascii() and char.isalnum():
        return char
    return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"


def main() -> None:
    rows = "".join(
        f"    {_escaped(char)}: {_escaped(reading)},  # {unicodedata.name(char, '?')}\n"
        for char, reading in table().items()
    )
    OUT.write_text(
        '"""Letters of other scripts and what they read as in a company name (`name_key`):\n'
        "Unicode's confusables (UTS #39) as ICU "
        f"{icu.ICU_VERSION} (Unicode {icu.UNICODE_VERSION}) implements them.\n"
        'Written by scripts/make_look_alikes.py: change that script, not this file."""\n\n'
        "# ruff: noqa: E501 (a row's comment is the character's Unicode name, however long)\n\n"
        f"LOOK_ALIKES = {{\n{rows}}}\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {rows.count(chr(10))} characters")


if __name__ == "__main__":
    main()
