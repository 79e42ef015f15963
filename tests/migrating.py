"""Data migrations tested for real: the test database migrated back to a point of the graph,
then forward to the latest (transactional tests only: the schema changes).

Each way replays the migration graph's states, which costs seconds per call: a test migrates
back once and forward once, and renders the historical models only where it reads them."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_back_to(targets: list[tuple[str, str]]) -> Apps:
    """Unapply every migration after `targets`; the historical models there."""
    return MigrationExecutor(connection).migrate(targets).apps


def migrate_to_latest() -> None:
    """Apply every migration again: the tests after this one need every column."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
