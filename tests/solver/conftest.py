"""The solver is a library that never imports Django: its tests come out the same on every
database, so `.ci/run` runs them once, in the SQLite suite."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.same_on_every_database)
