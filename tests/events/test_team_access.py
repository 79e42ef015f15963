"""What a team role opens, and what it no longer opens once removed, declined or withdrawn:
the web pages and the API ask the membership on every request (nothing cached past it)."""

import pytest
from django.test import Client
from django.urls import reverse

from paddock.events import services
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.participants.registration_helpers import token_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


def _doors(client, api, edition):
    """Status of the participant list page and of the API's participants, for one person."""
    page = client.get(reverse("participants:participant-list", args=[edition.slug]))
    listed = client.get(f"/api/v1/editions/{edition.slug}/participants", headers=bearer(api))
    return page.status_code, listed.status_code


def test_a_removed_staff_members_session_and_token_open_nothing_of_the_edition(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_team_member(
            edition, by=organiser_user, email="kim@example.com", role="staff"
        )
    membership = services.join_team(
        edition,
        token=token_in(mailoutbox[-1]),
        password=NEW_PASSWORD,
        first_name="K",
        last_name="L",
    )
    client = Client()
    client.force_login(membership.user)
    api = new_token(membership.user, edition)
    before = _doors(client, api, edition)

    services.remove_team_member(membership, by=organiser_user)

    assert (before, _doors(client, api, edition)) == ((200, 200), (403, 404))


@pytest.mark.parametrize("answer", ["pending", "declined", "withdrawn"])
def test_an_invited_account_opens_nothing_of_the_edition_before_it_accepts(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks, answer
):
    kim = factories.make_user(email="kim@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_team_member(
            edition, by=organiser_user, email="kim@example.com", role="staff"
        )
    if answer == "declined":
        services.decline_team_invitation(edition, token=token_in(mailoutbox[-1]))
    elif answer == "withdrawn":
        services.withdraw_team_invitation(invitation, by=organiser_user)
    client = Client()
    client.force_login(kim)

    assert _doors(client, new_token(kim, edition), edition) == (403, 404)


def test_every_change_of_the_team_asks_a_post_with_the_csrf_token(
    edition, organiser_user, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    factories.make_user(email="kim@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_team_member(
            edition, by=organiser_user, email="kim@example.com", role="staff"
        )
    join = f"/e/{edition.slug}/team/join/{token_in(mailoutbox[-1])}/"
    changes = [
        reverse("events:team", args=[edition.slug]),
        reverse("events:team-remove", args=[edition.slug, edition.memberships.get().pk]),
        reverse("events:team-invitation-withdraw", args=[edition.slug, invitation.pk]),
        join + "decline/",
    ]
    organiser = Client(enforce_csrf_checks=True)
    organiser.force_login(organiser_user)

    got = [organiser.get(url).status_code for url in changes]
    posted = [organiser.post(url, {"email": "x@example.com"}).status_code for url in changes]

    invitation.refresh_from_db()
    assert (got, posted, invitation.status, edition.memberships.count()) == (
        [200, 200, 200, 200],
        [403, 403, 403, 403],
        "pending",
        1,
    )
