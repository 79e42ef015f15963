"""Migrations of the visits app, run for real with Django's migration executor."""

import pytest

from paddock.visits.enums import BookingMode
from paddock.visits.models import VisitSettings
from tests.migrating import migrate_back_to, migrate_to_latest

pytestmark = pytest.mark.integration

BEFORE_MODES = [("visits", "0003_session_cancelled_by_protocol")]


@pytest.mark.django_db(transaction=True)
def test_booking_mode_migration_keeps_existing_editions_first_come_first_served(edition):
    old = migrate_back_to(BEFORE_MODES)
    old.get_model("visits", "VisitSettings").objects.create(
        edition_id=edition.pk, cancellation_deadline_hours=6
    )

    migrate_to_latest()  # not to 0004 only: the tests after this one need every column

    rows = VisitSettings.objects.values_list("edition", "booking_mode", "wishes_deadline")
    assert list(rows) == [(edition.pk, BookingMode.FIRST_COME, None)]
