"""Pages after an action whose mail the mail server refused (issue 16): the action is saved,
and the page says the mail could not be sent and what to do, instead of claiming it was.

The mails leave when the action's transaction commits, during the request: these tests
commit for real (`transaction=True`). The mail server is `tests.mail_server`'s."""

import re

import pytest
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories
from tests.mail_server import EVERY_ADDRESS

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASSWORD = "A-long-pass-phrase-9"
OPEN_FORM = {
    "password": PASSWORD,
    "password_again": PASSWORD,
    "first_name": "Ada",
    "last_name": "Lovelace",
    "company_name": "Works",
    "company_country": "FR",
    "company_sector": "metalwork",
    "role": "buyer",
    "languages": ["fr"],
    "consent": "on",
    "consent_version": "default",
}


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _alerts(response) -> list[str]:
    return re.findall(r'<p[^>]* role="alert">([^<]*)</p>', response.content.decode())


def _heading(response) -> str:
    return re.search(r"<h1>([^<]*)</h1>", response.content.decode()).group(1)


def _registered(edition, email: str) -> Participant:
    return factories.make_participant(
        edition,
        user=factories.make_user(email=email, first_name="", last_name=""),
        status=ParticipantStatus.REGISTERED,
    )


def test_invitation_page_says_the_invitation_could_not_be_mailed(
    edition, organiser_client, refused_mail
):
    refused_mail.add(EVERY_ADDRESS)
    company = factories.make_company(edition)
    form = {
        "email": "jeanne@example.com",
        "first_name": "Jeanne",
        "last_name": "Martin",
        "company": company.pk,
        "role": "buyer",
        "languages": ["fr"],
        "language": "fr",
    }

    response = organiser_client.post(
        reverse("participants:invite", args=[edition.slug]), form, follow=True
    )

    assert (company.participants.get().status, _messages(response)) == (
        ParticipantStatus.INVITED,
        [
            "jeanne@example.com is invited, but the invitation could not be mailed (the mail "
            "server failed): resend the invitation from their page later."
        ],
    )


def test_bulk_invitation_page_counts_the_mails_queued(
    edition, organiser_client, refused_mail, mailoutbox
):
    refused_mail.add("b@example.com")
    factories.make_company(edition, name="Forges")
    form = {
        "lines": "\n".join(f"{name}@example.com; {name}; {name}; Forges" for name in "abc"),
        "role": "buyer",
        "languages": ["fr"],
        "language": "fr",
    }

    response = organiser_client.post(
        reverse("participants:invite-bulk", args=[edition.slug]), form, follow=True
    )

    # The Emails page names the one refused (tests/accounts/test_mail_page.py).
    assert (edition.participants.count(), len(mailoutbox), _messages(response)) == (
        3,
        2,
        ["3 emails queued for sending: the Emails page shows which left."],
    )


def test_resending_an_invitation_says_the_new_link_could_not_be_mailed(
    edition, organiser_client, refused_mail
):
    invited = factories.make_participant(
        edition,
        user=factories.make_user(email="jeanne@example.com"),
        status=ParticipantStatus.INVITED,
    )
    refused_mail.add(EVERY_ADDRESS)
    url = reverse("participants:participant-resend-invitation", args=[edition.slug, invited.pk])

    response = organiser_client.post(url, follow=True)

    assert _messages(response) == [
        "The new link could not be mailed to jeanne@example.com (the mail server failed), "
        "and earlier links no longer work: send a new one later."
    ]


def test_validating_says_the_participant_was_not_told(edition, organiser_client, refused_mail):
    person = _registered(edition, "ann@example.com")
    refused_mail.add(EVERY_ADDRESS)
    url = reverse("participants:participant-validate", args=[edition.slug, person.pk])

    response = organiser_client.post(url, follow=True)

    person.refresh_from_db()
    assert (person.status, _messages(response)) == (
        ParticipantStatus.VALIDATED,
        [
            "ann@example.com is validated, but the mail telling them could not be sent (the "
            "mail server failed): let them know another way."
        ],
    )


def test_validating_from_the_list_says_it_in_the_row(edition, organiser_client, refused_mail):
    person = _registered(edition, "ann@example.com")
    refused_mail.add(EVERY_ADDRESS)
    url = reverse("participants:participant-validate", args=[edition.slug, person.pk])

    response = organiser_client.post(url, HTTP_HX_REQUEST="true")

    assert _alerts(response) == [
        "ann@example.com is validated, but the mail telling them could not be sent (the mail "
        "server failed): let them know another way."
    ]


def test_validating_many_counts_the_mails_queued(
    edition, organiser_client, refused_mail, mailoutbox
):
    people = [_registered(edition, f"{name}@example.com") for name in ("ann", "ben", "cy")]
    refused_mail.update({"ann@example.com", "cy@example.com"})

    response = organiser_client.post(
        reverse("participants:participant-bulk-validate", args=[edition.slug]),
        {"participants": [person.pk for person in people]},
        follow=True,
    )

    assert ([message.to for message in mailoutbox], _messages(response)) == (
        [["ben@example.com"]],
        [
            "3 participants validated.",
            "3 emails queued for sending: the Emails page shows which left.",
        ],
    )


def test_open_form_with_the_mail_server_down_saves_the_form_and_says_how_to_get_a_link(
    client, edition, refused_mail
):
    edition.registration_open = True
    edition.save()
    refused_mail.add(EVERY_ADDRESS)
    form = {**OPEN_FORM, "email": "ada@example.com"}

    response = client.post(reverse("participants-portal:register", args=[edition.slug]), form)
    page = client.get(response.url)

    assert (response.url, edition.pending_registrations.get().email) == (
        reverse("participants-portal:register-sent", args=[edition.slug]),
        "ada@example.com",
    )
    hint = re.findall(r'<p class="muted">([^<]*)</p>', page.content.decode())[-1]
    assert (_heading(page), hint) == (
        "Check your email",
        "Nothing arrived? Look in your spam folder. Any link sent to this address for this "
        "edition in the last three days confirms this form too: open it and type the password "
        "you chose. Still nothing an hour later? Send the form again with the same address.",
    )


def test_open_form_answers_the_same_for_a_taken_address_with_the_mail_server_down(
    client, edition, refused_mail
):
    # The answer to a taken address mails its owner once an hour; a free address's form, sent
    # again, mails a new confirmation link: the page must not tell which mail was tried.
    edition.registration_open = True
    edition.save()
    _registered(edition, "taken@example.com")
    refused_mail.add(EVERY_ADDRESS)
    url = reverse("participants-portal:register", args=[edition.slug])

    def answers(email):
        form = {**OPEN_FORM, "email": email}
        return [client.post(url, form).url for _twice in range(2)]

    taken, free = answers("taken@example.com"), answers("free@example.com")

    assert taken == free == [reverse("participants-portal:register-sent", args=[edition.slug])] * 2


def test_inviting_the_imported_people_counts_the_mails_queued(
    edition, organiser_client, refused_mail
):
    imported = [
        factories.make_participant(
            edition,
            user=factories.make_user(email=f"{name}@example.com"),
            status=ParticipantStatus.INVITED,
        )
        for name in ("ann", "ben")
    ]
    refused_mail.add("ben@example.com")

    response = organiser_client.post(
        reverse("exchange:import-participants-invite", args=[edition.slug]),
        {"participant": [person.pk for person in imported]},
        follow=True,
    )

    # The Emails page names the one refused (tests/accounts/test_mail_page.py).
    assert _messages(response) == ["2 emails queued for sending: the Emails page shows which left."]
