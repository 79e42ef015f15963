"""The French catalogue is complete and in step with the source strings.

Runs `makemessages -l fr` on a copy of the package, so the tree is never touched, and
compares its entries with the committed catalogue; then checks that every entry is
translated and none is fuzzy.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "paddock"
FRENCH_PO = Path("locale", "fr", "LC_MESSAGES", "django.po")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (PACKAGE / FRENCH_PO).exists(),
        reason=f"no French catalogue yet: src/paddock/{FRENCH_PO} does not exist",
    ),
]


@dataclass
class Entry:
    context: str | None = None
    msgid: str | None = None
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.context, self.msgid, self.plural)


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> list[Entry]:
    """A small reader of the PO format, enough for makemessages' output."""
    entries, entry, target = [], Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.msgid is not None:
                entries.append(entry)
            entry, target = Entry(), None
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#~"):
            entry.obsolete, line = True, line[2:].strip()
        elif line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            _append(entry, target, _unquote(line))
            continue
        target = keyword
        if keyword.startswith("msgstr"):
            entry.translations.append("")
        _append(entry, target, _unquote(rest))
    return entries


def _append(entry: Entry, target: str | None, text: str) -> None:
    if target == "msgctxt":
        entry.context = (entry.context or "") + text
    elif target == "msgid":
        entry.msgid = (entry.msgid or "") + text
    elif target == "msgid_plural":
        entry.plural = (entry.plural or "") + text
    elif target and target.startswith("msgstr"):
        entry.translations[-1] += text


def current_entries(path: Path) -> dict[tuple, Entry]:
    return {entry.key: entry for entry in read_po(path) if not entry.obsolete}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """`makemessages -l fr` run on a copy of the package; returns the fresh catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install gettext (scripts/test does it as root)")
    copy = tmp_path_factory.mktemp("messages") / "paddock"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    # PYTHONPATH puts the copy first, so settings.LOCALE_PATHS points into the copy too.
    env = {**os.environ, "PYTHONPATH": str(copy.parent), "PADDOCK_DATA_DIR": str(copy.parent)}
    subprocess.run(
        [sys.executable, "-m", "paddock", "makemessages", "-l", "fr", "--verbosity", "0"],
        cwd=copy,
        env=env,
        check=True,
        timeout=300,
    )
    return copy / FRENCH_PO


def test_french_catalogue_has_every_source_string_and_no_stale_one(regenerated):
    committed = current_entries(PACKAGE / FRENCH_PO)
    fresh = current_entries(regenerated)

    differences = {
        "missing (run makemessages -l fr)": sorted(map(str, fresh.keys() - committed.keys())),
        "no longer in the source": sorted(map(str, committed.keys() - fresh.keys())),
    }

    assert differences == {"missing (run makemessages -l fr)": [], "no longer in the source": []}


def test_french_catalogue_has_no_empty_or_fuzzy_entry():
    entries = current_entries(PACKAGE / FRENCH_PO).values()

    untranslated = sorted(
        repr(entry.msgid) for entry in entries if entry.msgid and not all(entry.translations)
    )
    fuzzy = sorted(repr(entry.msgid) for entry in entries if "fuzzy" in entry.flags)

    assert {"untranslated": untranslated, "fuzzy": fuzzy} == {"untranslated": [], "fuzzy": []}


def test_french_catalogue_puts_a_no_break_space_before_double_punctuation():
    entries = current_entries(PACKAGE / FRENCH_PO).values()

    # A plain space, or none inside « », lets a line break before ":" or after "«".
    plain = re.compile(r" [:;?!]|« | »")
    wrong = sorted(text for entry in entries for text in entry.translations if plain.search(text))

    assert wrong == []
