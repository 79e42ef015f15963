"""What a piece of code imports, seen from a fresh interpreter: start-up costs (a heavy library
loaded by every command) are tested through it."""

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def modules_loaded(code: str, names: Sequence[str], *, settings: str = "") -> list[str]:
    """Which of the top-level modules `names` are loaded once `code` has run in a new Python
    process (this tree's src on the path, DJANGO_SETTINGS_MODULE=settings when given)."""
    env = {"PYTHONPATH": SRC} | ({"DJANGO_SETTINGS_MODULE": settings} if settings else {})
    report = f"import json, sys\nprint(json.dumps(sorted(set({list(names)!r}) & set(sys.modules))))"
    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", f"{code}\n{report}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout)
