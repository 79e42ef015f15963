"""The solver is a library the web app happens to call: it must never pull Django in."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .builders import SRC

pytestmark = pytest.mark.unit


def test_import_does_not_load_django():
    code = (
        "import sys; import paddock_solver, paddock_solver.__main__, paddock_solver.generate; "
        "print('django' in sys.modules)"
    )

    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC},
    )

    assert out.stdout == "False\n"
