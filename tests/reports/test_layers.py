"""The reports sit on the top floor: they read every app, and no app imports them."""

import pytest

from tests.test_layers import APPS, PACKAGE, app_of, imported_names, module_name, sources

pytestmark = pytest.mark.unit


def test_reports_are_imported_by_no_app():
    users = {
        module_name(path)
        for app in APPS
        if app != "reports"
        for path in sources(PACKAGE / app)
        if any(app_of(name) == "reports" for name in imported_names(path))
    }

    assert users == set()
