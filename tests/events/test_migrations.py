"""Data migrations of the events app, run on the current models."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from paddock.events.models import Edition, Interpreter, Session
from tests import factories
from tests.migrating import migrate_back_to, migrate_to_latest

pytestmark = pytest.mark.integration

session_generated = importlib.import_module("paddock.events.migrations.0008_session_generated")
reminder_minutes = importlib.import_module(
    "paddock.events.migrations.0016_reminder_time_whole_minutes"
)


def test_session_generated_marks_the_names_the_time_grid_gave(edition):
    day = edition.start_date  # Thursday 12 June 2031
    for position, name in enumerate(["Thu 12 Jun morning", "jeu 12 Jui après-midi"]):
        Session.objects.create(edition=edition, name=name, date=day, position=position)
    Session.objects.create(edition=edition, name="Plenary", date=day, position=0)

    session_generated.mark_generated(apps, None)

    assert sorted(Session.objects.values_list("name", "generated")) == [
        ("Plenary", False),
        ("Thu 12 Jun morning", True),
        ("jeu 12 Jui après-midi", True),
    ]


def test_reminder_time_migration_drops_seconds_saved_before(edition):
    other = factories.make_edition(slug="no-reminders", reminder_time=None)
    Edition.objects.filter(pk=edition.pk).update(reminder_time=dt.time(18, 0, 30))

    reminder_minutes.drop_seconds(apps, None)

    assert dict(Edition.objects.values_list("slug", "reminder_time")) == {
        edition.slug: dt.time(18, 0),
        other.slug: None,
    }


BEFORE_INTERPRETERS = [("events", "0010_zone_host_role")]


@pytest.mark.django_db(transaction=True)
def test_interpreters_migration_backwards_counts_them_and_forwards_makes_that_many(edition):
    """Both ways in one test: each way takes seconds (the graph's states are replayed). Back,
    an edition's interpreters become a count; forward, a count becomes that many interpreters
    named "Interpreter N" who speak the edition's languages."""
    for name in ("Ana", "Ben", "Chloé"):
        factories.make_interpreter(edition, name=name)
    other = factories.make_edition(slug="no-interpreters", languages=["en"])

    old = migrate_back_to(BEFORE_INTERPRETERS)
    old_editions = old.get_model("events", "Edition").objects
    counts = dict(old_editions.values_list("pk", "interpreters_available"))
    old_editions.filter(pk=other.pk).update(interpreters_available=2, languages=["fr", "en"])
    migrate_to_latest()

    rows = Interpreter.objects.order_by("edition", "pk").values_list("edition", "name", "languages")
    assert (counts, list(rows)) == (
        {edition.pk: 3, other.pk: 0},
        [
            *((edition.pk, f"Interpreter {n}", edition.languages) for n in (1, 2, 3)),
            (other.pk, "Interpreter 1", ["fr", "en"]),
            (other.pk, "Interpreter 2", ["fr", "en"]),
        ],
    )
