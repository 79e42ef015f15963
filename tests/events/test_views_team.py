import pytest
from django.test import Client
from django.urls import reverse

from paddock.accounts.models import User
from paddock.events.enums import EditionRole
from tests import factories
from tests.logins import can_log_in
from tests.participants.registration_helpers import link_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


def _team_url(edition):
    return reverse("events:team", args=[edition.slug])


def _rows(response):
    organisers = [member.email for member in response.context["organisers"]]
    members = [(m.user.email, m.role) for m in response.context["memberships"]]
    return organisers, members


def test_team_page_lists_the_organisers_and_the_roles_of_the_edition(
    organiser_client, organiser_user, staff_user, checkin_user, edition
):
    response = organiser_client.get(_team_url(edition))

    assert _rows(response) == (
        [organiser_user.email],
        [(checkin_user.email, EditionRole.CHECKIN), (staff_user.email, EditionRole.STAFF)],
    )


def test_team_add_gives_the_role_and_says_who_was_told(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    agent = factories.make_user(email="agent@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _team_url(edition), {"email": "agent@example.com", "role": "checkin"}, follow=True
        )

    assert _rows(response)[1] == [(agent.email, EditionRole.CHECKIN)]
    assert [str(message) for message in response.context["messages"]] == [
        "agent@example.com joins the team (Check-in agent); we emailed them the link."
    ]
    assert [message.to for message in mailoutbox] == [[agent.email]]


def test_team_add_with_a_bad_address_names_the_field(organiser_client, edition):
    response = organiser_client.post(_team_url(edition), {"email": "agent@", "role": "boss"})

    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "role": ["Select a valid choice. boss is not one of the available choices."],
    }
    assert list(edition.memberships.all()) == []


def test_team_add_of_a_member_shows_the_error_next_to_the_address(
    organiser_client, edition, staff_user
):
    response = organiser_client.post(
        _team_url(edition), {"email": staff_user.email, "role": "checkin"}
    )

    assert response.context["form"].errors == {
        "email": [
            "staff@example.com is in the team already (Staff). Remove them first to change the "
            "role."
        ]
    }


def test_team_remove_takes_the_role_away(organiser_client, edition, staff_user):
    membership = edition.memberships.get()

    response = organiser_client.post(
        reverse("events:team-remove", args=[edition.slug, membership.pk]), follow=True
    )

    assert _rows(response)[1] == []
    assert can_log_in(staff_user.email, factories.PASSWORD)


def test_team_remove_of_another_editions_role_is_not_found(organiser_client, edition):
    other = factories.make_edition(series=edition.series)
    membership = factories.give_role(factories.make_user(), other, EditionRole.STAFF)

    response = organiser_client.post(
        reverse("events:team-remove", args=[edition.slug, membership.pk])
    )

    assert (response.status_code, other.memberships.count()) == (404, 1)


@pytest.fixture
def join_url(organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            _team_url(edition), {"email": "new.agent@example.com", "role": "checkin"}
        )
    return link_in(mailoutbox[-1])


def test_join_team_lets_the_invited_agent_choose_a_password_and_lands_on_the_desk(
    edition, join_url
):
    client = Client()

    page = client.get(join_url)
    response = client.post(
        join_url,
        {"first_name": "Ana", "last_name": "Silva", "password": NEW_PASSWORD},
        follow=True,
    )

    assert (page.status_code, response.redirect_chain, response.status_code) == (
        200,
        [(reverse("checkin:desk", args=[edition.slug]), 302)],
        200,
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Welcome to the team of {edition.name}!"
    ]


def test_join_team_with_a_weak_password_names_the_field(edition, join_url):
    response = Client().post(join_url, {"first_name": "Ana", "last_name": "Silva", "password": "1"})

    assert list(response.context["form"].errors) == ["password"]


def test_join_team_after_removal_says_the_link_no_longer_works(organiser_client, edition, join_url):
    membership = edition.memberships.get()
    organiser_client.post(reverse("events:team-remove", args=[edition.slug, membership.pk]))

    response = Client().get(join_url)

    assert (response.status_code, response.context["message"]) == (
        410,
        "You are no longer in this edition's team: ask the organiser.",
    )


def test_join_team_with_a_mangled_link_is_not_found(edition, join_url):
    response = Client().get(join_url.rstrip("/") + "x/")

    assert (response.status_code, response.context["message"]) == (
        404,
        "This link is not valid. Check that it was copied whole.",
    )


def test_join_team_once_a_password_is_chosen_elsewhere_leads_to_the_login(edition, join_url):
    agent = User.objects.get(email="new.agent@example.com")
    agent.set_password(NEW_PASSWORD)
    agent.save()

    response = Client().get(join_url)

    desk = reverse("checkin:desk", args=[edition.slug])
    assert response.url == f"{reverse('accounts:login')}?next={desk}"


def test_team_add_of_a_zone_host_gives_the_role(organiser_client, edition):
    host = factories.make_user(email="host@example.com")

    response = organiser_client.post(
        _team_url(edition), {"email": "host@example.com", "role": "zone_host"}, follow=True
    )

    assert _rows(response)[1] == [(host.email, EditionRole.ZONE_HOST)]
