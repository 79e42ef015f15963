"""The import layers: `core` is the ground floor and imports no app; the demo is the top floor
and no app imports it; `series` (the series' memory) sits just below, imported by the demo
and by `reports` (whose series figures are the series' history) only; `scheduling`'s services
and tasks import one another without a circle.

Imports are read from the source with `ast`, those inside functions included: a lazy import
is still a dependency.
"""

import ast
from pathlib import Path

import pytest

import paddock

pytestmark = pytest.mark.unit

PACKAGE = Path(paddock.__file__).parent
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py") if path.parent.name != "core")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported_names(path: Path) -> set[str]:
    """Every module `path` imports: `from x import y` names x.y when y is a module, else x."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if is_module(submodule) else node.module)
    return names


def sources(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "migrations" not in path.parts)


def app_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "paddock" else None


def test_core_imports_no_app():
    outside = {
        module_name(path): sorted(name for name in imported_names(path) if app_of(name) in APPS)
        for path in sources(PACKAGE / "core")
    }

    assert {module: names for module, names in outside.items() if names} == {}


def test_demo_is_imported_by_no_app():
    users = {
        module_name(path)
        for app in APPS
        if app != "demo"
        for path in sources(PACKAGE / app)
        if any(app_of(name) == "demo" for name in imported_names(path))
    }

    assert users == set()


def test_series_is_imported_by_no_app_but_the_demo_and_the_reports():
    users = {
        module_name(path)
        for app in APPS
        if app not in {"series", "demo", "reports"}
        for path in sources(PACKAGE / app)
        if any(app_of(name) == "series" for name in imported_names(path))
    }

    assert users == set()


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {name: imported_names(path) & set(modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each module that sits on one (depth-first search)."""
    found, done = [], set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for following in sorted(graph[node]):
            walk(following, [*path, node])
        done.add(node)

    for node in sorted(graph):
        walk(node, [])
    return found


def test_scheduling_services_and_tasks_have_no_import_cycle():
    folder = PACKAGE / "scheduling"
    paths = [*sources(folder / "services"), folder / "tasks.py", folder / "queries.py"]

    graph = import_graph({module_name(path): path for path in paths})

    assert cycles(graph) == []
