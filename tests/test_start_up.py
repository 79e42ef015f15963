"""What every command and every worker pays before it does anything: loading the settings,
the apps and the URLs must not import the heavy libraries that only some pages and commands
use: the PDF engine (about a second), the charts, the spreadsheet reader, the encoding detector
and the solver's CP-SAT."""

import pytest

from tests.modules import modules_loaded

pytestmark = pytest.mark.unit

HEAVY = ["weasyprint", "pygal", "openpyxl", "charset_normalizer", "ortools"]


def test_loading_the_apps_and_every_url_leaves_heavy_libraries_unloaded():
    code = (
        "import django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().check()"
    )

    loaded = modules_loaded(code, HEAVY, settings="paddock.settings")

    assert loaded == []
