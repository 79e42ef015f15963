"""An account deleted as unused while an organiser invites its address elsewhere: the new
invitation never points at the deleted account (PostgreSQL and SQLite)."""

import pytest
from django.core import mail

from paddock.participants import registration, unused_accounts
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories
from tests.concurrency import held, race
from tests.participants.registration_helpers import decline_link_in

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


def _invite(edition, organiser):
    return registration.invite_participant(
        edition, by=organiser, email="jeanne@example.com", first_name="Jeanne",
        last_name="Martin", company=factories.make_company(edition), role="buyer",
        languages=["fr"], language="fr",
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_invitation_made_while_the_account_is_deleted_as_unused_gets_an_account(monkeypatch):
    first, second = factories.make_edition(), factories.make_edition()
    organiser = factories.make_user()
    _invite(first, organiser)
    token = decline_link_in(mail.outbox[-1]).rstrip("/").split("/")[-2]
    # The decline holds its locks between finding the account unused and deleting it.
    checked = held(monkeypatch, unused_accounts, "log_action")

    def act(what: str) -> str:
        if what == "decline":
            registration.decline_invitation(first, token=token)
        else:
            checked.wait(10)
            _invite(second, organiser)
        return what

    outcomes = race(act, [("decline",), ("invite",)], Exception, str)
    invited = Participant.objects.filter(edition=second).values_list("status", "user__email")

    assert {
        "outcomes": sorted(outcomes),
        "declined": Participant.objects.get(edition=first).status,
        "invited": list(invited),
    } == {
        "outcomes": ["decline", "invite"],
        "declined": ParticipantStatus.DECLINED,
        "invited": [(ParticipantStatus.INVITED, "jeanne@example.com")],
    }
