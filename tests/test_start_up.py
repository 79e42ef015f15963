"""What every command and every worker pays before it does anything: loading the settings,
the apps and the URLs must not import the PDF engine, which takes about a second."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SRC = str(Path(__file__).resolve().parents[1] / "src")


def test_loading_the_apps_and_every_url_leaves_weasyprint_unloaded():
    code = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().check()\n"
        "print('weasyprint' in sys.modules)\n"
    )

    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "paddock.settings"},
    )

    assert out.stdout == "False\n"
