"""Data migrations of the participants app, run on the current models."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from paddock.accounts.models import AccountToken
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import DeclinedInvitationLink
from tests import factories

pytestmark = pytest.mark.integration

declined_invitation_links = importlib.import_module(
    "paddock.participants.migrations.0012_declined_invitation_links"
)


def _token(user, edition, digest, purpose="invitation"):
    AccountToken.objects.create(
        user=user,
        edition=edition,
        purpose=purpose,
        digest=digest,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )


def test_links_of_declined_invitations_keeps_those_of_declines_whose_account_stayed(edition):
    declined = factories.make_participant(edition, status=ParticipantStatus.DECLINED)
    invited = factories.make_participant(edition, status=ParticipantStatus.INVITED)
    _token(declined.user, edition, "a" * 64)
    _token(declined.user, edition, "b" * 64, purpose="team_invitation")
    _token(declined.user, factories.make_edition(), "c" * 64)
    _token(invited.user, edition, "d" * 64)

    declined_invitation_links.links_of_declined_invitations(apps, None)

    assert list(DeclinedInvitationLink.objects.values_list("participant", "digest")) == [
        (declined.pk, "a" * 64)
    ]
