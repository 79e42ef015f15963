"""Last year's people sent twice at once (two organisers, or a double click without the page's
script): they are invited once, and the second sending is told they are in the edition."""

import datetime as dt

import pytest

from paddock.participants.models import Participant
from paddock.series import past_invitations
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_sending_twice_at_once_invites_each_person_once(monkeypatch, edition, organiser_user):
    last_year = factories.make_edition(edition.series, start_date=dt.date(2030, 6, 12))
    people = [factories.make_participant(last_year) for _ in range(3)]
    # Between reading who is in the new edition and adding them.
    slowed(monkeypatch, past_invitations, "_chosen")

    def send():
        invited = past_invitations.invite_from_past_edition(
            edition, by=organiser_user, source=last_year, participant_ids=[p.pk for p in people]
        )
        return len(invited)

    outcomes = race(send, [(), ()], past_invitations.PastInvitationError, lambda e: e.code)

    assert (sorted(outcomes, key=str), Participant.objects.filter(edition=edition).count()) == (
        [3, "left_out"],
        3,
    )
