"""The open form's mails (issue 16, left by the open form's review): what the mail says about
the password is true whatever the link's page asks when it is opened, and a stranger's forms
sent first in the hour no longer leave the owner's form without a link."""

import pytest
from django.test import Client
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant, PendingRegistration
from tests import factories
from tests.logins import can_log_in
from tests.participants.registration_helpers import (
    OPEN_FORM_PASSWORD,
    link_in,
    open_form_data,
    register_url,
)

pytestmark = pytest.mark.integration

STRANGERS = "Strangers-pass-2026"


def _send(edition, capture, **form):
    with capture(execute=True):
        return Client().post(register_url(edition), open_form_data(**form))


def _strangers_form(edition, capture):
    return _send(edition, capture, password=STRANGERS, first_name="Eve", company_name="Curious Ltd")


def _words(message):
    return " ".join(message.body.split())


def test_the_owners_form_sent_after_the_hours_mail_is_confirmed_through_a_link_mailed_before(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """Two stranger's forms at the start of the hour take its mail; the owner's form then gets
    no mail of its own, but the stranger's link confirms it with the owner's password."""
    _strangers_form(open_edition, django_capture_on_commit_callbacks)
    _strangers_form(open_edition, django_capture_on_commit_callbacks)
    owners = _send(open_edition, django_capture_on_commit_callbacks)
    mails = len(mailoutbox)

    page = client.get(link_in(mailoutbox[-1]))
    confirmed = client.post(link_in(mailoutbox[-1]), {"password": OPEN_FORM_PASSWORD})

    ada = Participant.objects.select_related("user", "company").get()
    assert {
        "answer to the owner's form": owners.status_code,
        "mails": mails,
        "page": page.context["several_forms"],
        "confirmed": confirmed.url,
        "registration": (ada.user.first_name, ada.company.name, ada.status),
        "companies": list(Company.objects.values_list("name", flat=True)),
        "owner logs in": can_log_in("ada@example.com", OPEN_FORM_PASSWORD),
        "stranger logs in": can_log_in("ada@example.com", STRANGERS),
    } == {
        "answer to the owner's form": 302,
        "mails": 2,
        "page": True,
        "confirmed": reverse("participants-portal:home", args=[open_edition.slug]),
        "registration": ("Ada", "Soudure Sarthoise", ParticipantStatus.REGISTERED),
        "companies": ["Soudure Sarthoise"],
        "owner logs in": True,
        "stranger logs in": False,
    }


def test_a_password_of_none_of_the_forms_confirms_nothing(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _strangers_form(open_edition, django_capture_on_commit_callbacks)
    _send(open_edition, django_capture_on_commit_callbacks)

    refused = client.post(link_in(mailoutbox[0]), {"password": "Nobodys-pass-2026"})

    assert (
        refused.status_code,
        list(refused.context["form"].errors),
        Participant.objects.count(),
        PendingRegistration.objects.filter(used_at=None).count(),
    ) == (200, ["password"], 0, 2)


def test_a_single_form_s_link_page_says_what_it_registers(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)

    page = client.get(link_in(mailoutbox[0]))

    assert (page.context["several_forms"], "Soudure Sarthoise" in page.content.decode()) == (
        False,
        True,
    )


def test_the_mail_is_true_of_the_password_when_the_address_has_an_account_by_then(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """Written when the address had no account, the mail is read after its owner started
    using one (another edition's form confirmed, an organiser's invitation accepted): the
    link's page then asks for no password, and the mail said it might not."""
    _send(open_edition, django_capture_on_commit_callbacks)
    factories.make_user(email="ada@example.com")

    page = client.get(link_in(mailoutbox[0]))

    mail = _words(mailoutbox[0])
    assert {
        "page asks for the password": "password" in page.context["form"].fields,
        "mail says it may": (
            "Unless this address has a Paddock account in use when you open the link, its "
            "page asks for the password you chose on the form"
        )
        in mail,
        "mail says what then": "An account in use keeps its own password" in mail,
    } == {
        "page asks for the password": False,
        "mail says it may": True,
        "mail says what then": True,
    }
