"""An account deleted as unused while an organiser invites its address among many
(`many_invitations.invite_many`): the new invitation never points at the deleted account, as
with one invitation (test_unused_accounts_concurrency.py; PostgreSQL and SQLite)."""

import pytest
from django.core import mail

from paddock.participants import registration, unused_accounts
from paddock.participants.enums import ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.models import Participant
from tests import factories
from tests.concurrency import held, race
from tests.participants.registration_helpers import decline_link_in

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_many_invitations_made_while_an_account_is_deleted_as_unused_get_an_account(
    monkeypatch,
):
    first, second = factories.make_edition(), factories.make_edition()
    organiser = factories.make_user()
    registration.invite_participant(
        first, by=organiser, email="jeanne@example.com", first_name="Jeanne",
        last_name="Martin", company=factories.make_company(first), role="buyer",
        languages=["fr"], language="fr",
    )  # fmt: skip
    token = decline_link_in(mail.outbox[-1]).rstrip("/").split("/")[-2]
    company = factories.make_company(second)
    # The decline holds its locks between finding the account unused and deleting it.
    checked = held(monkeypatch, unused_accounts, "log_action")

    def act(what: str) -> str:
        if what == "decline":
            registration.decline_invitation(first, token=token)
        else:
            checked.wait(10)
            invite_many(
                second,
                by=organiser,
                invitees=[
                    Invitee("jeanne@example.com", "Jeanne", "Martin", company, "buyer", ["fr"]),
                ],
            )
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
