"""Migrations of the visits app, run for real with Django's migration executor."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from paddock.visits.enums import BookingMode
from paddock.visits.models import VisitSettings

pytestmark = pytest.mark.integration

BEFORE_MODES = [("visits", "0003_session_cancelled_by_protocol")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_booking_mode_migration_keeps_existing_editions_first_come_first_served(edition):
    old = _migrate(BEFORE_MODES)
    old.get_model("visits", "VisitSettings").objects.create(
        edition_id=edition.pk, cancellation_deadline_hours=6
    )

    # To the latest, not to 0004: the tests after this one need every column (0005 and on).
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = VisitSettings.objects.values_list("edition", "booking_mode", "wishes_deadline")
    assert list(rows) == [(edition.pk, BookingMode.FIRST_COME, None)]
