"""An account the site's administrators turned off stays off (issue 16): a link mailed to its
address (an open form's, an earlier registration's, an invitation, a team invitation, a
set-password link, a password reset) makes nothing and does not make it active again; the page
says why, and the link, left unused, works once the administrators turn the account on again.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from paddock.accounts import services as accounts
from paddock.accounts.models import AccountToken, User
from paddock.events.services import team
from paddock.participants import password_links
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant, PendingRegistration
from tests import factories
from tests.admin_pages import save_account
from tests.participants.registration_helpers import (
    OPEN_FORM_PASSWORD,
    earlier_registration,
    invite_ada,
    link_in,
    open_form_data,
    register_url,
)

pytestmark = pytest.mark.integration

TURNED_OFF = "This account was turned off by the site's administrators: ask the organisers."
NEW_PASSWORD = "paddock-tent-1957"
# A whole second, as the admin's form shows and saves it.
LAST_LOGIN = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def open_edition(edition):
    """The edition, with its open registration form on."""
    edition.registration_open = True
    edition.save()
    return edition


def _administrator_client():
    client = Client()
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    return client


def _turn_off(user):
    """The site's administrators' action "Turn off the selected accounts"."""
    _administrator_client().post(
        reverse("admin:accounts_user_changelist"),
        {"action": "turn_off", "_selected_action": [user.pk]},
    )
    user.refresh_from_db()
    assert (user.is_active, user.turned_off_at is not None) == (False, True)


def _turn_on(user):
    """The account's page in the Django admin saved with "Active" ticked again."""
    user.refresh_from_db()
    save_account(user)


def _refusal(response):
    """What a refused link's page says, and its status."""
    return (response.status_code, str(response.context.get("message")))


def _account(email):
    user = User.objects.get(email=email)
    return {"active": user.is_active, "password": user.has_usable_password()}


# -- The open form's link (`registration.confirm_registration`) --


def _open_form_link(edition, capture, mailoutbox):
    with capture(execute=True):
        Client().post(register_url(edition), open_form_data())
    return link_in(mailoutbox[-1])


@pytest.mark.parametrize("ada", ["used, then turned off", "made for an invitation, unused"])
def test_the_open_form_s_link_makes_nothing_for_an_account_turned_off(
    ada, open_edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    if ada == "used, then turned off":
        account = factories.make_user(email="ada@example.com", last_login=LAST_LOGIN)
    else:  # an invitation to another edition made it; the form's link would set its password
        other = factories.make_edition()
        account = invite_ada(other, by=organiser_user).user
    password_before = User.objects.get(pk=account.pk).password
    link = _open_form_link(open_edition, django_capture_on_commit_callbacks, mailoutbox)
    _turn_off(account)

    page = Client().get(link)
    refused = Client().post(link, {"password": OPEN_FORM_PASSWORD})

    account.refresh_from_db()
    assert (_refusal(page), _refusal(refused)) == ((410, TURNED_OFF), (410, TURNED_OFF))
    assert {
        "active": account.is_active,
        "password kept": account.password == password_before,
        "participants": list(open_edition.participants.all()),
        "companies": list(Company.objects.filter(edition=open_edition)),
        "link used": PendingRegistration.objects.get().used_at is not None,
    } == {
        "active": False,
        "password kept": True,
        "participants": [],
        "companies": [],
        "link used": False,
    }

    _turn_on(account)
    Client().post(link, {"password": OPEN_FORM_PASSWORD})

    assert list(open_edition.participants.values_list("user__email", "status")) == [
        ("ada@example.com", ParticipantStatus.REGISTERED)
    ]


# -- A registration's link made before forms were kept (`verify_earlier_registration`) --


def test_an_earlier_registration_s_link_does_not_confirm_an_account_turned_off(
    open_edition,
):
    # As the form wrote it before forms were kept: an inactive account, a participant
    # `invited` with its company, and a link carrying the form's password.
    ada, secret = earlier_registration(open_edition)
    link = reverse("participants-portal:verify-email", args=[open_edition.slug, secret])
    _turn_off(ada)

    page = Client().get(link)
    refused = Client().post(link, {"password": OPEN_FORM_PASSWORD})

    assert (_refusal(page), _refusal(refused)) == ((410, TURNED_OFF), (410, TURNED_OFF))
    assert (
        _account("ada@example.com"),
        Participant.objects.get().status,
        AccountToken.objects.get().used_at,
    ) == ({"active": False, "password": True}, ParticipantStatus.INVITED, None)

    _turn_on(ada)
    Client().post(link)

    assert (_account("ada@example.com"), Participant.objects.get().status) == (
        {"active": True, "password": True},
        ParticipantStatus.REGISTERED,
    )


# -- An organiser's invitation (`registration.register_from_invitation`) --


def _accept_form():
    return {
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "first_name": "Ada",
        "last_name": "Martin",
        "job_title": "Buyer",
        "languages": ["fr"],
        "consent": "on",
        "consent_version": "default",
    }


@pytest.mark.parametrize("ada", ["new address", "used, then turned off"])
def test_an_invitation_is_not_accepted_by_an_account_turned_off(
    ada, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    if ada == "used, then turned off":  # it has a password, but cannot log in
        factories.make_user(email="ada@example.com", last_login=LAST_LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        participant = invite_ada(edition, by=organiser_user)
    link = link_in(mailoutbox[-1])
    password_before = User.objects.get(email="ada@example.com").password
    _turn_off(participant.user)

    page = Client().get(link)
    refused = Client().post(link, _accept_form())

    participant.refresh_from_db()
    assert (_refusal(page), _refusal(refused)) == ((410, TURNED_OFF), (410, TURNED_OFF))
    assert (
        User.objects.get(email="ada@example.com").password == password_before,
        _account("ada@example.com")["active"],
        participant.status,
        AccountToken.objects.get().used_at,
    ) == (True, False, ParticipantStatus.INVITED, None)

    _turn_on(participant.user)
    if ada == "used, then turned off":  # its owner logs in with its password
        accepting = Client()
        accepting.force_login(participant.user)
    else:
        accepting = Client()
    accepting.post(link, _accept_form())

    participant.refresh_from_db()
    assert (participant.status, _account("ada@example.com")) == (
        ParticipantStatus.REGISTERED,
        {"active": True, "password": True},
    )


# -- A team invitation (`events.services.team.join_team`) --


def test_a_team_invitation_is_not_joined_by_an_account_turned_off(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team.invite_team_member(edition, by=organiser_user, email="sam@example.com", role="checkin")
    link = link_in(mailoutbox[-1])
    sam = User.objects.get(email="sam@example.com")
    _turn_off(sam)
    form = {"first_name": "Sam", "last_name": "Seller", "password": NEW_PASSWORD}

    page = Client().get(link)
    refused = Client().post(link, form)

    assert (_refusal(page), _refusal(refused)) == ((410, TURNED_OFF), (410, TURNED_OFF))
    assert (
        _account("sam@example.com"),
        list(edition.memberships.filter(user=sam)),
        list(edition.team_invitations.values_list("status", flat=True)),
        AccountToken.objects.get(user=sam).used_at,
    ) == ({"active": False, "password": False}, [], ["pending"], None)

    _turn_on(sam)
    Client().post(link, form)

    assert (
        _account("sam@example.com"),
        list(edition.memberships.filter(user=sam).values_list("role", flat=True)),
    ) == ({"active": True, "password": True}, ["checkin"])


def test_join_team_refuses_an_account_turned_off_and_uses_no_link(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The service, as the page's form calls it."""
    with django_capture_on_commit_callbacks(execute=True):
        team.invite_team_member(edition, by=organiser_user, email="sam@example.com", role="checkin")
    secret = link_in(mailoutbox[-1]).rstrip("/").split("/")[-1]
    _turn_off(User.objects.get(email="sam@example.com"))

    with pytest.raises(accounts.TokenError) as refused:
        team.join_team(
            edition, token=secret, password=NEW_PASSWORD, first_name="Sam", last_name="Seller"
        )

    assert (refused.value.code, AccountToken.objects.get().used_at) == ("turned_off", None)


# -- An organiser's set-password link (`accounts.services.set_password_from_link`) --


def test_a_set_password_link_gives_no_password_to_an_account_turned_off(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    person = factories.make_user(email="ada@example.com")  # added by an organiser long ago
    person.set_unusable_password()
    person.save()
    participant = factories.make_participant(edition, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        password_links.send_password_link(participant, by=organiser_user)
    link = link_in(mailoutbox[-1])
    _turn_off(person)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    page = Client().get(link)
    refused = Client().post(link, form)

    assert (_refusal(page), _refusal(refused)) == ((410, TURNED_OFF), (410, TURNED_OFF))
    assert "Reset your password" not in refused.content.decode()
    assert (_account("ada@example.com"), AccountToken.objects.get().used_at) == (
        {"active": False, "password": False},
        None,
    )

    _turn_on(person)
    saved = Client().post(link, form)

    assert (saved.status_code, _account("ada@example.com")) == (
        302,
        {"active": True, "password": True},
    )


# -- "Forgotten password?" --


def test_a_password_reset_link_mailed_before_the_account_was_turned_off_sets_no_password(
    db, mailoutbox, ask_reset
):
    ada = factories.make_user(email="ada@example.com", last_login=LAST_LOGIN)
    ask_reset(Client(), "ada@example.com")
    link = link_in(mailoutbox[-1])
    _turn_off(ada)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    browser = Client()
    page = browser.get(link, follow=True)
    refused = browser.post(page.request["PATH_INFO"], form)

    ada.refresh_from_db()
    assert (page.status_code, page.context["turned_off"], refused.status_code) == (
        410,
        TURNED_OFF,
        410,
    )
    assert (ada.check_password(NEW_PASSWORD), ada.is_active) == (False, False)

    _turn_on(ada)
    browser = Client()
    form_page = browser.get(link, follow=True)
    browser.post(form_page.request["PATH_INFO"], form)

    ada.refresh_from_db()
    assert (form_page.context["validlink"], ada.check_password(NEW_PASSWORD)) == (True, True)


def test_a_password_reset_link_turned_off_meanwhile_is_refused_on_its_form(
    db, mailoutbox, ask_reset
):
    """The form opened before the administrators turned the account off, sent after."""
    ada = factories.make_user(email="ada@example.com", last_login=LAST_LOGIN)
    ask_reset(Client(), "ada@example.com")
    browser = Client()
    form_page = browser.get(link_in(mailoutbox[-1]), follow=True)
    _turn_off(ada)

    refused = browser.post(
        form_page.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    ada.refresh_from_db()
    assert (refused.status_code, ada.check_password(NEW_PASSWORD)) == (410, False)


def test_a_password_reset_page_tells_nothing_to_a_link_that_is_not_the_account_s(db):
    ada = factories.make_user(email="ada@example.com", last_login=LAST_LOGIN)
    _turn_off(ada)
    bob = factories.make_user(email="bob@example.com", last_login=LAST_LOGIN)
    made_up = "cxk3qz-0123456789abcdef0123456789abcdef"

    pages = [
        Client().get(
            reverse("accounts:password_reset_confirm", args=[_uid(user), made_up]), follow=True
        )
        for user in (ada, bob)
    ]

    assert [(page.status_code, page.context.get("turned_off")) for page in pages] == [
        (200, None),
        (200, None),
    ]


def _uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


# -- The login form --


def _login_answer(email, password):
    response = Client().post(reverse("accounts:login"), {"username": email, "password": password})
    errors = response.context["form"].errors.as_data()["__all__"]
    return (response.status_code, [(error.code, str(error.message)) for error in errors])


def test_the_login_form_answers_an_account_turned_off_as_a_wrong_password(db):
    ada = factories.make_user(email="ada@example.com", last_login=timezone.now())
    factories.make_user(email="bob@example.com")
    _turn_off(ada)

    assert _login_answer("ada@example.com", factories.PASSWORD) == _login_answer(
        "bob@example.com", "Not-the-password-1"
    )
