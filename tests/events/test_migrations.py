"""Data migrations of the events app, run on the current models."""

import importlib

import pytest
from django.apps import apps

from paddock.events.models import Session

pytestmark = pytest.mark.integration

session_generated = importlib.import_module("paddock.events.migrations.0008_session_generated")


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
