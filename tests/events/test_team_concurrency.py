"""An invitation to the team sent twice at once (a double click, two tabs) invites once, on
PostgreSQL and SQLite."""

import pytest

from paddock.events import services
from paddock.events.enums import EditionRole
from paddock.events.exceptions import TeamError
from paddock.events.models import TeamInvitation
from paddock.events.services import team
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("has_account", [False, True], ids=["new address", "account"])
def test_concurrent_invitations_of_one_address_invite_once(monkeypatch, has_account):
    edition = factories.make_edition()
    organiser = factories.make_user()
    if has_account:
        factories.make_user(email="sam@example.com")
    slowed(monkeypatch, team, "_check_role")  # all read the address's state, then write

    def invite() -> str:
        services.invite_team_member(edition, by=organiser, email="sam@example.com", role="staff")
        return "invited"

    outcomes = race(invite, [()] * 3, TeamError, lambda error: error.code)

    assert (sorted(outcomes), TeamInvitation.objects.count()) == (
        ["already_invited", "already_invited", "invited"],
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_of_a_new_address_to_two_editions_both_invite():
    editions = [factories.make_edition(), factories.make_edition()]
    organiser = factories.make_user()

    def invite(edition) -> str:
        services.invite_team_member(edition, by=organiser, email="sam@example.com", role="staff")
        return "invited"

    outcomes = race(invite, [(edition,) for edition in editions], TeamError, lambda e: e.code)

    assert (outcomes, TeamInvitation.objects.count()) == (["invited", "invited"], 2)


@pytest.mark.django_db(transaction=True)
def test_two_organisers_removing_each_other_at_once_leave_one(monkeypatch):
    edition = factories.make_edition()
    ann, bob = factories.make_user(), factories.make_user()
    roles = {
        person: factories.give_role(person, edition, EditionRole.ORGANISER) for person in (ann, bob)
    }
    slowed(monkeypatch, team, "_other_organisers_exist")

    def remove(by, whom) -> str:
        services.remove_team_member(roles[whom], by=by)
        return "removed"

    outcomes = race(remove, [(ann, bob), (bob, ann)], TeamError, lambda error: error.code)

    assert (sorted(outcomes), edition.memberships.count()) == (["last_organiser", "removed"], 1)
