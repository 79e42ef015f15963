"""The open form makes nothing before the address is confirmed (issue 16): what a stranger
could learn from what it made (a company, an account), and the owner's registration that a
stranger's later form replaced, are gone with it."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.models import User
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import Company, JoinRequest, Participant, PendingRegistration
from paddock.privacy.services import erase_expired_personal_data
from tests import factories
from tests.logins import can_log_in
from tests.participants.registration_helpers import (
    OPEN_FORM_PASSWORD,
    earlier_registration,
    link_in,
    open_form_data,
    register_url,
)

pytestmark = pytest.mark.integration

PASSWORD = OPEN_FORM_PASSWORD
STRANGERS = "Strangers-pass-2026"


def _answer(response):
    """What the sender of a form sees of its answer."""
    if response.status_code == 302:
        return (302, response.url, {})
    return (response.status_code, "", dict(response.context["form"].errors))


def _send(edition, capture, **form):
    with capture(execute=True):
        return Client().post(register_url(edition), open_form_data(**form))


def test_the_form_makes_no_account_company_or_participant_before_the_confirmation(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    answer = _send(open_edition, django_capture_on_commit_callbacks)

    assert {
        "answer": answer.status_code,
        "accounts": list(User.objects.values_list("email", flat=True)),
        "companies": list(Company.objects.values_list("name", flat=True)),
        "participants": list(Participant.objects.all()),
        "mail": [message.to for message in mailoutbox],
    } == {
        "answer": 302,
        "accounts": [],
        "companies": [],
        "participants": [],
        "mail": [["ada@example.com"]],
    }


@pytest.mark.parametrize("ada", ["new", "takes part"])
def test_a_fresh_company_name_tells_nothing_of_the_address_sent_with_it(
    ada, open_edition, django_capture_on_commit_callbacks
):
    if ada == "takes part":
        factories.make_participant(
            open_edition,
            user=factories.make_user(email="ada@example.com"),
            status=ParticipantStatus.VALIDATED,
        )
    _send(open_edition, django_capture_on_commit_callbacks, company_name="Probe 7731 Ltd")

    probe = _send(
        open_edition,
        django_capture_on_commit_callbacks,
        email="nobody@example.com",
        company_name="Probe 7731 Ltd",
    )

    assert _answer(probe) == (
        302,
        reverse("participants-portal:register-sent", args=[open_edition.slug]),
        {},
    )


def _login_errors(email, password):
    response = Client().post(reverse("accounts:login"), {"username": email, "password": password})
    return (response.status_code, response.context["form"].errors.as_data()["__all__"][0].code)


def test_the_login_form_answers_the_password_of_a_strangers_form_as_a_wrong_one(
    open_edition, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks, password=STRANGERS)

    assert _login_errors("ada@example.com", STRANGERS) == _login_errors(
        "ada@example.com", "Not-the-password-1"
    )


def test_the_login_form_answers_an_inactive_account_as_a_wrong_password(db):
    User.objects.create_user("ada@example.com", PASSWORD, is_active=False)
    User.objects.create_user("bob@example.com", PASSWORD)

    assert {
        "inactive, right password": _login_errors("ada@example.com", PASSWORD),
        "inactive, wrong password": _login_errors("ada@example.com", "Not-the-password-1"),
    } == {
        "inactive, right password": _login_errors("bob@example.com", "Not-the-password-1"),
        "inactive, wrong password": _login_errors("bob@example.com", "Not-the-password-1"),
    }


def test_a_strangers_later_form_does_not_cancel_the_owners(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)
    owners_link = link_in(mailoutbox[-1])
    cache.clear()  # an hour later: the owner's mail limit no longer holds him back
    _send(
        open_edition,
        django_capture_on_commit_callbacks,
        password=STRANGERS,
        first_name="Eve",
        company_name="Curious Ltd",
    )
    strangers_link = link_in(mailoutbox[-1])

    confirmed = client.post(owners_link, {"password": PASSWORD})
    strangers = Client().get(strangers_link)

    ada = Participant.objects.select_related("user", "company").get()
    assert {
        "confirmed": confirmed.url,
        "registration": (ada.user.email, ada.user.first_name, ada.company.name, ada.status),
        "companies": list(Company.objects.values_list("name", flat=True)),
        "owner logs in": can_log_in("ada@example.com", PASSWORD),
        "stranger logs in": can_log_in("ada@example.com", STRANGERS),
        "stranger's link": (strangers.status_code, strangers.context["code"]),
    } == {
        "confirmed": reverse("participants-portal:home", args=[open_edition.slug]),
        "registration": (
            "ada@example.com",
            "Ada",
            "Soudure Sarthoise",
            ParticipantStatus.REGISTERED,
        ),
        "companies": ["Soudure Sarthoise"],
        "owner logs in": True,
        "stranger logs in": False,
        "stranger's link": (410, "already_registered"),
    }


def test_the_confirmation_checks_the_company_name_again(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[-1])
    factories.make_company(open_edition, name="SOUDURE  sarthoise")

    refused = client.post(link, {"password": PASSWORD})

    assert (refused.status_code, refused.context["code"], Participant.objects.count()) == (
        410,
        "company_exists",
        0,
    )


def test_the_confirmation_of_a_request_to_join_makes_it_pending(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    company = factories.make_company(open_edition, name="Soudure Sarthoise")
    _send(open_edition, django_capture_on_commit_callbacks, join_company="on")
    before = list(JoinRequest.objects.all())

    client.post(link_in(mailoutbox[-1]), {"password": PASSWORD})

    join = JoinRequest.objects.get()
    assert (before, join.company, join.status, join.consent_version) == (
        [],
        company,
        JoinRequestStatus.PENDING,
        "default",
    )


def test_a_closed_edition_confirms_no_form_sent_before(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[-1])
    open_edition.status = "closed"
    open_edition.save()

    refused = client.post(link, {"password": PASSWORD})

    assert (refused.context["code"], User.objects.count()) == ("closed", 0)


def test_a_registration_the_old_code_left_unconfirmed_still_confirms(client, open_edition):
    # As the form wrote it before pending registrations: an inactive account, a participant
    # `invited` with its company, and a link carrying the form's password.
    _ada, secret = earlier_registration(open_edition, PASSWORD)
    link = reverse("participants-portal:verify-email", args=[open_edition.slug, secret])

    confirmed = client.post(link, {"password": PASSWORD})

    assert (confirmed.status_code, Participant.objects.get().status) == (
        302,
        ParticipantStatus.REGISTERED,
    )


def test_the_retention_job_deletes_a_kept_form_two_weeks_after_its_link_expired(
    open_edition, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks, email="old@example.com")
    _send(open_edition, django_capture_on_commit_callbacks, email="recent@example.com")
    PendingRegistration.objects.filter(email="old@example.com").update(
        expires_at=timezone.now() - dt.timedelta(days=15)
    )
    PendingRegistration.objects.filter(email="recent@example.com").update(
        expires_at=timezone.now() - dt.timedelta(days=13)
    )

    erase_expired_personal_data()

    assert list(PendingRegistration.objects.values_list("email", flat=True)) == [
        "recent@example.com"
    ]


def test_an_expired_link_of_a_kept_form_gets_a_new_one_that_confirms(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)
    expired = link_in(mailoutbox[-1])
    PendingRegistration.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    page = client.get(expired)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"{expired}new-link/")
    renewed = link_in(mailoutbox[-1])
    confirmed = client.post(renewed, {"password": PASSWORD})

    assert {
        "page": (page.status_code, page.context["code"], page.context["can_ask"]),
        "asked": (asked.status_code, asked.context["outcome"]),
        "new link": renewed != expired,
        "confirmed": confirmed.url,
        "status": Participant.objects.get().status,
    } == {
        "page": (410, "expired", True),
        "asked": (200, "sent"),
        "new link": True,
        "confirmed": reverse("participants-portal:home", args=[open_edition.slug]),
        "status": ParticipantStatus.REGISTERED,
    }
