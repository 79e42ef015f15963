"""A password set by someone other than the account's owner revokes its API tokens, as the
reset does: an administrator in the Django admin or with `changepassword`, and a password
chosen through a link an organiser's action mailed. The owner's own change keeps them."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.api.models import ApiToken
from paddock.core.models import AuditEntry
from paddock.events.services import team
from paddock.participants import password_links, registration
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.participants.registration_helpers import invite_ada, token_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"
EDITIONS = "/api/v1/editions"


@pytest.fixture
def administrator(db):
    return factories.make_user(email="admin@example.com", is_staff=True, is_superuser=True)


def _statuses(client, *texts):
    return [client.get(EDITIONS, headers=bearer(text)).status_code for text in texts]


def _revocations():
    """(token owner's address, reason, actor's address) of each `api_token.revoke` entry."""
    entries = AuditEntry.objects.filter(action="api_token.revoke").select_related("actor")
    return [
        (
            ApiToken.objects.get(pk=entry.object_id).user.email,
            entry.data.get("reason"),
            entry.actor.email if entry.actor else None,
        )
        for entry in entries.order_by("pk")
    ]


def _admin_sets_password(client, user, **data):
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    fields = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    return client.post(url, {**fields, **data}, follow=True)


def test_admin_setting_someone_s_password_revokes_their_tokens_and_says_so(
    client, edition, participant_user, administrator
):
    texts = [new_token(participant_user, edition), new_token(participant_user, edition)]
    others = new_token(factories.make_participant(edition).user, edition)
    client.force_login(administrator)

    done = _admin_sets_password(client, participant_user)

    participant_user.refresh_from_db()
    assert [str(message) for message in done.context["messages"]] == [
        "Password changed successfully.",
        f"2 API tokens of {participant_user} are revoked.",
    ]
    assert (participant_user.check_password(NEW_PASSWORD), _statuses(client, *texts, others)) == (
        True,
        [401, 401, 200],
    )
    assert _revocations() == [
        (participant_user.email, "admin_password", "admin@example.com"),
        (participant_user.email, "admin_password", "admin@example.com"),
    ]
    assert sorted(ApiToken.objects.values_list("revoked_because", flat=True)) == [
        "",
        "admin_password",
        "admin_password",
    ]


def test_admin_disabling_someone_s_password_revokes_their_tokens(
    client, edition, participant_user, administrator
):
    text = new_token(participant_user, edition)
    client.force_login(administrator)

    _admin_sets_password(
        client, participant_user, usable_password="false", **{"unset-password": "1"}
    )

    participant_user.refresh_from_db()
    assert (participant_user.has_usable_password(), _statuses(client, text)) == (False, [401])


def test_admin_form_refused_keeps_the_tokens(client, edition, participant_user, administrator):
    text = new_token(participant_user, edition)
    client.force_login(administrator)

    _admin_sets_password(client, participant_user, password2="something-else-1957")

    assert (_statuses(client, text), _revocations()) == ([200], [])


def test_administrator_changing_their_own_password_in_the_admin_keeps_their_tokens(
    client, edition, administrator
):
    text = new_token(administrator, edition)
    client.force_login(administrator)

    _admin_sets_password(client, administrator)

    assert (_statuses(client, text), _revocations()) == ([200], [])


def test_changepassword_command_revokes_the_account_s_tokens(
    client, edition, participant_user, monkeypatch
):
    text = new_token(participant_user, edition)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    out = io.StringIO()

    call_command("changepassword", participant_user.email, stdout=out)

    participant_user.refresh_from_db()
    assert out.getvalue().splitlines() == [
        f"Changing password for user '{participant_user}'",
        "1 API token of this account is revoked.",
        f"Password changed successfully for user '{participant_user}'",
    ]
    assert (participant_user.check_password(NEW_PASSWORD), _statuses(client, text)) == (
        True,
        [401],
    )
    assert _revocations() == [(participant_user.email, "admin_password", None)]


def _token_made_by_an_administrator(user, edition):
    """A token made with `python -m paddock api_token` for an account that has no password."""
    return new_token(user, edition)


def test_password_chosen_through_an_organiser_s_set_password_link_revokes_the_tokens(
    client, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    person = factories.make_user(email="ada@example.com")
    person.set_unusable_password()
    person.save()
    participant = factories.make_participant(edition, user=person)
    text = _token_made_by_an_administrator(person, edition)
    with django_capture_on_commit_callbacks(execute=True):
        password_links.send_password_link(participant, by=organiser_user)

    accounts.set_password_from_link(token_in(mailoutbox[-1]), password=NEW_PASSWORD)

    assert (_statuses(client, text), _revocations()) == (
        [401],
        [("ada@example.com", "password_link", "ada@example.com")],
    )


def test_invitation_is_refused_to_an_account_turned_off_whose_tokens_stay_refused(
    client, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    """Turned off by the site's administrators after use, the account is invited again: the
    link no longer chooses its password nor makes it active (tests/accounts/
    test_turned_off_links.py), so its tokens stay as refused as the account."""
    person = factories.make_user(email="ada@example.com", last_login=timezone.now())
    old_edition = factories.make_edition()
    text = new_token(person, old_edition, edition)
    person.is_active = False
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite_ada(edition, by=organiser_user)

    with pytest.raises(accounts.TokenError) as refused:
        registration.register_from_invitation(
            edition,
            token=token_in(mailoutbox[-1]),
            by=AnonymousUser(),
            password=NEW_PASSWORD,
            first_name="Ada",
            last_name="Martin",
            job_title="Buyer",
            languages=["fr"],
            consent_version="default",
        )

    person.refresh_from_db()
    assert (refused.value.code, person.is_active, _statuses(client, text), _revocations()) == (
        "turned_off",
        False,
        [401],
        [],
    )


def test_invitation_accepted_while_logged_in_keeps_the_tokens(
    client, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    person = factories.make_user(email="ada@example.com", last_login=timezone.now())
    text = new_token(person, factories.make_edition())
    with django_capture_on_commit_callbacks(execute=True):
        participant = invite_ada(edition, by=organiser_user)

    registration.register_from_invitation(
        edition,
        token=token_in(mailoutbox[-1]),
        by=person,
        password="",
        first_name="Ada",
        last_name="Martin",
        job_title="Buyer",
        languages=["fr"],
        consent_version="default",
    )

    participant.refresh_from_db()
    assert (participant.status, _statuses(client, text), _revocations()) == (
        ParticipantStatus.REGISTERED,
        [200],
        [],
    )


def test_team_invitation_joined_with_a_new_password_revokes_the_account_s_tokens(
    client, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team.invite_team_member(edition, by=organiser_user, email="sam@example.com", role="checkin")
    sam = accounts.find_token(
        token_in(mailoutbox[-1]), purpose=TokenPurpose.TEAM_INVITATION, edition=edition
    ).user
    text = _token_made_by_an_administrator(sam, edition)

    team.join_team(
        edition,
        token=token_in(mailoutbox[-1]),
        password=NEW_PASSWORD,
        first_name="Sam",
        last_name="Seller",
    )

    assert (_statuses(client, text), _revocations()) == (
        [401],
        [("sam@example.com", "password_link", "sam@example.com")],
    )
