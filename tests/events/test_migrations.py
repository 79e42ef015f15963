"""Data migrations of the events app, run on the current models."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from paddock.events.models import Edition, Interpreter, Session
from tests import factories

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


def _migrate(targets):
    """Run the migrations to `targets` for real; the historical models there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_interpreters_migration_turns_a_count_into_that_many_interpreters(edition):
    other = factories.make_edition(slug="no-interpreters")
    old = _migrate(BEFORE_INTERPRETERS)
    old.get_model("events", "Edition").objects.filter(pk=edition.pk).update(
        interpreters_available=2, languages=["fr", "en"]
    )

    _migrate(_latest())

    rows = Interpreter.objects.order_by("pk").values_list("edition", "name", "languages")
    assert list(rows) == [
        (edition.pk, "Interpreter 1", ["fr", "en"]),
        (edition.pk, "Interpreter 2", ["fr", "en"]),
    ]
    assert other.interpreters.count() == 0


@pytest.mark.django_db(transaction=True)
def test_interpreters_migration_backwards_counts_the_interpreters(edition):
    for name in ("Ana", "Ben", "Chloé"):
        factories.make_interpreter(edition, name=name)

    old = _migrate(BEFORE_INTERPRETERS)
    counts = dict(
        old.get_model("events", "Edition").objects.values_list("pk", "interpreters_available")
    )
    _migrate(_latest())

    assert counts == {edition.pk: 3}
