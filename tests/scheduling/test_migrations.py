"""The data migration that stores each meeting's published place (issue 16)."""

from importlib import import_module

import pytest
from django.apps import apps

from paddock.meetings.models import Meeting
from paddock.scheduling.models import PublishedSchedule
from tests import factories
from tests.scheduling.helpers import make_meeting, make_slots, person, place

pytestmark = pytest.mark.integration

FILLING = import_module("paddock.scheduling.migrations.0007_fill_published_places")


def test_published_places_are_filled_from_each_editions_latest_snapshot(edition, venue, meetings):
    s, t = venue.slots, venue.tables
    for meeting, n in zip(meetings, range(4), strict=True):
        place(meeting, s[n], t[n % 3])
    m = [str(meeting.pk) for meeting in meetings]
    PublishedSchedule.objects.create(
        edition=edition, assignments={m[0]: [s[0].pk, t[0].pk], m[1]: [s[1].pk, t[1].pk]}
    )
    PublishedSchedule.objects.create(
        edition=edition,
        assignments={m[0]: [s[3].pk, t[2].pk], m[2]: [s[2].pk, t[2].pk], "999999": [1, 2]},
    )
    other = factories.make_edition()
    unpublished = make_meeting(person(other, "Xavier"), person(other, "Yves"))
    place(unpublished, make_slots(other, 1)[0], factories.make_table(factories.make_room(other)))

    FILLING.fill_published_places(apps, schema_editor=None)

    rows = Meeting.objects.order_by("pk").values_list("published_slot", "published_table")
    counts = PublishedSchedule.objects.order_by("pk").values_list("meetings", flat=True)
    assert (list(rows), list(counts)) == (
        [(s[3].pk, t[2].pk), (None, None), (s[2].pk, t[2].pk), (None, None), (None, None)],
        [2, 3],
    )
