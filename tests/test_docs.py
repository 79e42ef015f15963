"""The operator's documentation against the code: settings and management commands.

README.md and docs/ were written while the code moved under them. These tests fail when a
`PADDOCK_*` setting is read but not documented (or documented but not read), or when a doc
names a `python -m paddock` command or option that does not exist.
"""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "src" / "paddock" / "settings.py"
OPERATOR_DOCS = [ROOT / "README.md", ROOT / "docs" / "operations.md"]
# Measurement logs keep the commands as they were run at the time.
DOCS = [
    ROOT / "README.md",
    *(
        path
        for path in sorted((ROOT / "docs").glob("*.md"))
        if path.name not in {"benchmarks.md", "solver.md"}
    ),
]
# Read by the scripts, not by Django: documented in docs/testing.md and scripts/_setup.sh.
SCRIPT_VARIABLES = {"PADDOCK_APT_UPDATED", "PADDOCK_CHROMIUM"}


def settings_read() -> set[str]:
    """The PADDOCK_* variables that settings.py reads."""
    return set(re.findall(r"\"(PADDOCK_[A-Z0-9_]+)\"", SETTINGS.read_text(encoding="utf-8")))


def named_in(paths: list[Path]) -> set[str]:
    names = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"PADDOCK_[A-Z0-9_]*[A-Z0-9]", text))
        # The README's table abbreviates a family: `PADDOCK_EMAIL_HOST`, `_PORT`, `_USE_TLS`.
        for row in re.findall(r"^\| `(PADDOCK_[A-Z_]+)`((?:, `_[A-Z_]+`)+)", text, re.MULTILINE):
            first, rest = row
            stem = first.rsplit("_", 1)[0]
            names |= {stem + suffix for suffix in re.findall(r"`(_[A-Z_]+)`", rest)}
    return {name.removesuffix("_FILE") for name in names}


def test_every_setting_an_operator_may_set_is_documented():
    assert settings_read() - named_in(OPERATOR_DOCS) == set()


def test_every_documented_setting_is_read():
    assert named_in(DOCS) - SCRIPT_VARIABLES - settings_read() == set()


def documented_command_lines() -> list[tuple[str, str]]:
    """(doc, line) for each `python -m paddock COMMAND ...` written in the docs."""
    found = []
    for path in DOCS:
        # A usage line may go on over indented lines of options (docs/imports.md).
        text = re.sub(r"\n {4}(?=\[)", " ", path.read_text(encoding="utf-8"))
        for line in text.splitlines():
            for match in re.finditer(r"python -m paddock ([a-z_]+)((?:(?! \| )[^`#)\n])*)", line):
                found.append((path.name, match.group(1) + match.group(2)))
    return found


def test_the_docs_name_commands():
    assert len(documented_command_lines()) > 20


@pytest.mark.parametrize(("doc", "line"), documented_command_lines())
def test_every_documented_command_and_option_exists(doc, line):
    name = line.split()[0]
    commands = get_commands()
    assert name in commands, f"{doc}: no command {name}"
    parser = load_command_class(commands[name], name).create_parser("paddock", name)
    for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line):
        assert option in parser._option_string_actions, f"{doc}: {name} has no option {option}"
