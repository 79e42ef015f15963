import re

import pytest
from django.test import Client
from django.urls import reverse

from paddock.accounts.models import User
from paddock.events.enums import EditionRole, TeamInvitationStatus
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


def _invite(client, edition, email, role, capture):
    with capture(execute=True):
        return client.post(_team_url(edition), {"email": email, "role": role}, follow=True)


def _invitation_row(page, email):
    """The team page's row of an invitation, with the address and ids blanked out."""
    row = re.search(
        rf'<tr id="invitation-\d+">(?:(?!</tr>).)*{re.escape(email)}.*?</tr>', page, re.S
    )
    return re.sub(r"\d+", "#", row.group(0).replace(email, "…"))


def test_team_invite_shows_the_same_to_the_organiser_whether_the_address_has_an_account(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    factories.make_user(email="sam@example.com", first_name="Samuel", last_name="Secret")

    known = _invite(
        organiser_client, edition, "sam@example.com", "checkin", django_capture_on_commit_callbacks
    )
    unknown = _invite(
        organiser_client, edition, "new@example.com", "checkin", django_capture_on_commit_callbacks
    )

    pages = [response.content.decode() for response in (known, unknown)]
    said = [[str(m) for m in response.context["messages"]] for response in (known, unknown)]
    assert (
        _rows(unknown)[1],
        _invitation_row(pages[1], "sam@example.com")
        == _invitation_row(pages[1], "new@example.com"),
        "Samuel" in pages[1] or "Secret" in pages[1],
        [message.replace("sam@", "new@") for message in said[0]],
    ) == ([], True, False, said[1])
    assert said[1] == [
        "We emailed new@example.com an invitation to the team (Check-in agent): they hold the "
        "role once they accept it."
    ]
    assert [message.to for message in mailoutbox] == [["sam@example.com"], ["new@example.com"]]


def test_team_invite_of_a_site_administrators_address_tells_nothing_of_the_account(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create_superuser("root@example.com", "paddock-tent-1957")

    response = _invite(
        organiser_client, edition, "root@example.com", "staff", django_capture_on_commit_callbacks
    )

    assert (
        response.context["form"].errors,
        [str(message) for message in response.context["messages"]],
        [message.to for message in mailoutbox],
    ) == (
        {},
        [
            "We emailed root@example.com an invitation to the team (Staff): they hold the role "
            "once they accept it."
        ],
        [["root@example.com"]],
    )


def test_team_invite_of_a_new_address_is_written_in_the_language_the_organiser_chose(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    edition.languages = ["fr", "en"]
    edition.save()

    form = organiser_client.get(_team_url(edition)).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            _team_url(edition), {"email": "kate@example.com", "role": "staff", "language": "en"}
        )

    kate = User.objects.get(email="kate@example.com")
    assert (form["language"].value(), mailoutbox[0].subject, kate.preferred_language) == (
        "fr",
        f"Join the team of {edition.name}",
        "en",
    )


def test_team_add_with_a_bad_address_names_the_field(organiser_client, edition):
    response = organiser_client.post(_team_url(edition), {"email": "agent@", "role": "boss"})

    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "role": ["Select a valid choice. boss is not one of the available choices."],
    }
    assert list(edition.memberships.all()) == []


def test_team_add_with_an_address_longer_than_an_account_holds_names_the_field(
    organiser_client, edition
):
    address = "a" * 243 + "@example.com"  # 255 characters, one past an account's address

    response = organiser_client.post(_team_url(edition), {"email": address, "role": "staff"})

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"email": ["Ensure this value has at most 254 characters (it has 255)."]},
    )
    assert (list(edition.team_invitations.all()), User.objects.filter(email=address).exists()) == (
        [],
        False,
    )


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
    _invite(
        organiser_client,
        edition,
        "new.agent@example.com",
        "checkin",
        django_capture_on_commit_callbacks,
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
    assert [(m.user.email, m.role) for m in edition.memberships.all()] == [
        ("new.agent@example.com", EditionRole.CHECKIN)
    ]


def test_join_team_link_used_again_once_in_the_team_leads_to_the_role_not_to_a_dead_end(
    edition, join_url
):
    client = Client()  # the page open in two tabs; the first joins
    form = {"first_name": "Ana", "last_name": "Silva", "password": NEW_PASSWORD}
    client.post(join_url, form)

    second_tab = client.post(join_url, form)
    other_browser = Client().get(join_url)

    desk = reverse("checkin:desk", args=[edition.slug])
    assert (second_tab.url, other_browser.url) == (
        desk,
        f"{reverse('accounts:login')}?next={desk}",
    )


def test_join_team_with_a_weak_password_names_the_field(edition, join_url):
    response = Client().post(join_url, {"first_name": "Ana", "last_name": "Silva", "password": "1"})

    assert list(response.context["form"].errors) == ["password"]


def test_join_team_after_the_invitation_is_withdrawn_says_the_link_no_longer_works(
    organiser_client, edition, join_url
):
    invitation = edition.team_invitations.get()
    organiser_client.post(
        reverse("events:team-invitation-withdraw", args=[edition.slug, invitation.pk])
    )

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


def test_join_team_once_a_password_is_chosen_elsewhere_asks_to_log_in_and_comes_back(
    edition, join_url
):
    agent = User.objects.get(email="new.agent@example.com")
    agent.set_password(NEW_PASSWORD)
    agent.save()

    response = Client().get(join_url)

    assert response.url == f"{reverse('accounts:login')}?next={join_url}"


@pytest.fixture
def sam_link(organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks):
    """Sam has an account; the organiser invited the address as a check-in agent."""
    sam = factories.make_user(email="sam@example.com")
    _invite(
        organiser_client, edition, "sam@example.com", "checkin", django_capture_on_commit_callbacks
    )
    return sam, link_in(mailoutbox[-1])


def test_an_existing_account_accepts_the_team_invitation_after_logging_in(edition, sam_link):
    sam, link = sam_link
    client = Client()

    anonymous = client.get(link)
    client.force_login(sam)
    page = client.get(link)
    response = client.post(link, follow=True)

    assert (anonymous.url, page.status_code, response.redirect_chain) == (
        f"{reverse('accounts:login')}?next={link}",
        200,
        [(reverse("checkin:desk", args=[edition.slug]), 302)],
    )
    assert [(m.user, m.role) for m in edition.memberships.all()] == [(sam, EditionRole.CHECKIN)]


def test_someone_else_logged_in_cannot_accept_the_team_invitation(edition, sam_link, staff_user):
    _sam, link = sam_link
    client = Client()
    client.force_login(staff_user)

    response = client.get(link)

    assert (response.status_code, response.context["message"]) == (
        403,
        "This invitation is for sam@example.com, and you are logged in as staff@example.com: "
        "log out, then open the link again.",
    )
    assert "Ask the organiser" not in response.content.decode()
    assert edition.team_invitations.get().status == TeamInvitationStatus.PENDING
    logged_out = client.post(reverse("accounts:logout"), {"next": link})
    assert (logged_out.url, client.get(link).url) == (
        link,
        f"{reverse('accounts:login')}?next={link}",
    )


def test_someone_else_logged_in_cannot_choose_the_new_accounts_password(
    edition, join_url, staff_user
):
    client = Client()
    client.force_login(staff_user)
    form = {"first_name": "Ana", "last_name": "Silva", "password": NEW_PASSWORD}

    response = client.post(join_url, form)

    agent = User.objects.get(email="new.agent@example.com")
    assert (response.status_code, agent.has_usable_password(), list(edition.memberships.all())) == (
        403,
        False,
        list(edition.memberships.filter(user=staff_user)),
    )
    assert client.get(reverse("accounts:after-login")).wsgi_request.user == staff_user


def test_the_invited_person_declines_and_the_organiser_sees_only_that(
    organiser_client, edition, sam_link
):
    _sam, link = sam_link
    decline = link + "decline/"

    asked = Client().get(decline)
    declined = Client().post(decline)
    team = organiser_client.get(_team_url(edition)).content.decode()

    assert (asked.status_code, declined.context["declined"], list(edition.memberships.all())) == (
        200,
        True,
        [],
    )
    assert _invitation_row(team, "sam@example.com") == (
        '<tr id="invitation-#"><td data-label="Person">— <span class="badge">Declined</span></td>\n'
        '      <td data-label="Email address" class="address">…</td><td data-label="Role">'
        "Check-in agent</td>\n"
        '      <td class="actions"></td></tr>'
    )


def test_the_organiser_may_not_invite_again_an_address_that_declined(
    organiser_client, edition, sam_link, mailoutbox, django_capture_on_commit_callbacks
):
    _sam, link = sam_link
    Client().post(link + "decline/")
    withdraw = reverse(
        "events:team-invitation-withdraw", args=[edition.slug, edition.team_invitations.get().pk]
    )

    again = _invite(
        organiser_client, edition, "sam@example.com", "staff", django_capture_on_commit_callbacks
    )
    withdrawn = [organiser_client.get(withdraw).status_code, organiser_client.post(withdraw)]

    assert (again.context["form"].errors, withdrawn[0], withdrawn[1].status_code) == (
        {"email": ["sam@example.com declined the invitation to this edition's team."]},
        404,
        404,
    )
    assert (len(mailoutbox), [i.status for i in edition.team_invitations.all()]) == (
        1,
        [TeamInvitationStatus.DECLINED],
    )


def test_team_invite_of_a_zone_host_offers_the_role(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    factories.make_user(email="host@example.com")

    _invite(
        organiser_client,
        edition,
        "host@example.com",
        "zone_host",
        django_capture_on_commit_callbacks,
    )

    assert [(i.email, i.role) for i in edition.team_invitations.all()] == [
        ("host@example.com", EditionRole.ZONE_HOST)
    ]
