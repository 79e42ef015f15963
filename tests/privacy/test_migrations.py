"""Data migrations of the privacy app, run on the current models."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from paddock.events.enums import EditionRole
from paddock.events.models import EditionMembership
from tests import factories

pytestmark = pytest.mark.integration

hold_no_access = importlib.import_module(
    "paddock.privacy.migrations.0003_erased_accounts_hold_no_access"
)


def test_accounts_erased_before_lose_their_roles_memberships_and_site_flags(edition):
    # As an erasure on request left them: the account anonymised, its roles kept.
    gone = factories.make_user(
        email="erased-1@erased.invalid", first_name="", last_name="", is_staff=True
    )
    gone.groups.add(Group.objects.create(name="Helpdesk"))
    kept = factories.make_user(email="kept@example.com")
    for user in (gone, kept):
        factories.give_role(user, edition, EditionRole.CHECKIN)
        edition.series.organiser.members.add(user)

    hold_no_access.take_away_access(apps, None)

    gone.refresh_from_db()
    assert {
        "roles": list(EditionMembership.objects.values_list("user__email", flat=True)),
        "members": list(edition.series.organiser.members.all()),
        "site": (gone.is_staff, list(gone.groups.all())),
    } == {"roles": ["kept@example.com"], "members": [kept], "site": (False, [])}
