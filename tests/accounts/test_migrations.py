"""Data migrations of the accounts app, run on the current models."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from paddock.accounts.models import AccountToken
from paddock.events.enums import EditionRole
from paddock.events.models import TeamInvitation
from tests import factories

pytestmark = pytest.mark.integration

team_invitation_link = importlib.import_module(
    "paddock.accounts.migrations.0005_team_invitation_link"
)


def _token(user, edition, digest, created_at):
    token = AccountToken.objects.create(
        user=user,
        edition=edition,
        purpose="invitation",
        digest=digest,
        expires_at=created_at + dt.timedelta(days=14),
    )
    AccountToken.objects.filter(pk=token.pk).update(created_at=created_at)


def test_team_links_apart_gives_a_pending_team_invitations_link_its_own_purpose(edition):
    agent, jeanne = factories.make_user(), factories.make_user()
    invitation = TeamInvitation.objects.create(
        edition=edition, user=agent, email=agent.email, role=EditionRole.CHECKIN
    )
    _token(agent, edition, "a" * 64, invitation.created_at)
    _token(agent, edition, "b" * 64, invitation.created_at + dt.timedelta(days=1))
    _token(jeanne, edition, "c" * 64, invitation.created_at)

    team_invitation_link.team_links_apart(apps, None)

    assert sorted(AccountToken.objects.values_list("digest", "purpose")) == [
        ("a" * 64, "team_invitation"),
        ("b" * 64, "invitation"),
        ("c" * 64, "invitation"),
    ]
