"""An organiser who adds an address that has an account invites its owner, who alone agrees to
take part: the organiser neither attaches the account nor learns anything of it (issue 16)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from paddock.accounts.models import User
from paddock.exchange.imports import import_participants
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.exchange.conftest import table_and_mapping
from tests.participants.registration_helpers import add_form_data, decline_link_in, link_in

pytestmark = pytest.mark.integration


@pytest.fixture
def sam(db):
    """Someone with an account on this server, from another organiser's edition."""
    return factories.make_user(
        email="sam@example.com", first_name="Samuel", last_name="Secret", preferred_language="en"
    )


def _add(client, edition, email, **fields):
    """The organiser's add form for Ada Martin of a new company, sent as the form was before
    (with a status, which is no longer the organiser's to choose)."""
    url = reverse("participants:participant-add", args=[edition.slug])
    return client.post(url, add_form_data(email=email, status="validated", **fields))


def _list(client, edition, **query):
    url = reverse("participants:participant-list", args=[edition.slug])
    return client.get(url, query).content.decode()


def _row(page, participant):
    return re.search(rf'<tr id="participant-{participant.pk}">.*?</tr>', page, re.S).group(0)


def _anonymised(text, participant):
    """A page of one participant with what differs between two additions blanked out."""
    edition, company = participant.edition, participant.company.name
    for value in (participant.user.email, company, edition.name, edition.slug):
        text = text.replace(value, "…")
    text = re.sub(rf"(/|participant-){participant.pk}\b", r"\1…", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_form_invites_an_existing_account_without_attaching_or_naming_it(
    organiser_client, edition, sam, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        added = _add(organiser_client, edition, "Sam@example.com", language="fr")
    participant = Participant.objects.get(edition=edition)
    detail = organiser_client.get(added.url)
    pages = detail.content.decode() + _list(organiser_client, edition)
    message = mailoutbox[0]
    sam.refresh_from_db()

    assert {
        "status": (participant.status, participant.validated_at),
        "account": (sam.first_name, sam.last_name),
        "names shown": pages.count("Ada Martin") >= 2,
        "account named": "Samuel" in pages or "Secret" in pages,
        "message": [str(m) for m in detail.context["messages"]],
        "mail": (message.to, message.extra_headers["Content-Language"]),
        "asks to log in": "log in with your password" in message.body,
        "links": decline_link_in(message) == link_in(message) + "decline/",
    } == {
        "status": (ParticipantStatus.INVITED, None),
        "account": ("Samuel", "Secret"),
        "names shown": True,
        "account named": False,
        "message": [
            "Sam@example.com is invited, waiting for their answer: they take part only once "
            "they accept."
        ],
        # In the account's language, not the one the organiser chose for a new address.
        "mail": (["sam@example.com"], "en"),
        "asks to log in": True,
        "links": True,
    }


def test_organiser_sees_the_same_whether_the_address_has_an_account_or_not(
    organiser_client, edition, sam, django_capture_on_commit_callbacks
):
    other = factories.make_edition(series=edition.series)
    seen = []
    for place, email, company in (
        (edition, "sam@example.com", "Forges Une"),
        (other, "nina@example.com", "Forges Deux"),  # a namesake would be a returning company
    ):
        with django_capture_on_commit_callbacks(execute=True):
            added = _add(organiser_client, place, email, new_company_name=company)
        participant = Participant.objects.get(edition=place)
        detail = organiser_client.get(added.url)
        seen.append(
            [
                _anonymised(detail.content.decode(), participant),
                _anonymised(_row(_list(organiser_client, place), participant), participant),
                [_anonymised(str(m), participant) for m in detail.context["messages"]],
            ]
        )

    assert seen[0] == seen[1]


def test_search_and_order_of_the_list_ignore_the_names_of_an_invited_account(
    organiser_client, edition, sam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(organiser_client, edition, "sam@example.com")
    participant = Participant.objects.get(edition=edition)

    found = {word: f"participant-{participant.pk}" in _list(organiser_client, edition, q=word)
             for word in ("Secret", "Samuel", "Martin")}  # fmt: skip

    assert found == {"Secret": False, "Samuel": False, "Martin": True}


@pytest.mark.usefixtures("sam")
def test_api_invites_an_existing_account_and_answers_as_for_a_new_address(
    client, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    company = factories.make_company(edition)
    text = new_token(organiser_user, edition, write=True)
    url = f"/api/v1/editions/{edition.slug}/participants"
    answers = []
    for email in ("sam@example.com", "nina@example.com"):
        payload = {"email": email, "first_name": "Ada", "last_name": "Martin",
                   "company": company.pk, "role": "buyer", "languages": ["en"]}  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                client.post(url, payload, content_type="application/json", headers=bearer(text))
            )
    bodies = [answer.json() for answer in answers]
    sam = User.objects.get(email="sam@example.com")

    assert {
        "codes": [answer.status_code for answer in answers],
        "same": [{**body, "id": 0, "email": ""} for body in bodies[:1]]
        == [{**body, "id": 0, "email": ""} for body in bodies[1:]],
        "sam": {k: bodies[0][k] for k in ("first_name", "last_name", "email", "status")},
        "listed": client.get(url, headers=bearer(text)).json()["results"][0]["first_name"],
        "account": (sam.first_name, sam.last_name),
        "mailed": sorted(message.to[0] for message in mailoutbox),
    } == {
        "codes": [201, 201],
        "same": True,
        "sam": {
            "first_name": "Ada",
            "last_name": "Martin",
            "email": "sam@example.com",
            "status": "invited",
        },
        "listed": "Ada",
        "account": ("Samuel", "Secret"),
        "mailed": ["nina@example.com", "sam@example.com"],
    }


IMPORT = (
    b"Email,First name,Last name,Company,Country,Sector,Role\n"
    b"sam@example.com,Ada,Martin,Soudures Martin,FR,metalwork,buyer\n"
    b"nina@example.com,Ada,Martin,Forges Roux,FR,metalwork,buyer\n"
)


@pytest.mark.usefixtures("sam")
def test_import_invites_an_existing_account_without_naming_it_and_mails_it_once_sent(
    organiser_client, organiser_user, edition, mailoutbox, django_capture_on_commit_callbacks
):
    table, mapping = table_and_mapping(IMPORT)
    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)
    assert result.errors == []
    people = {p.user.email: p for p in Participant.objects.select_related("user", "company")}
    page = _list(organiser_client, edition)
    rows = [
        _row(page, person).replace(person.user.email, "…").replace(person.company.name, "…")
        for person in people.values()
    ]
    rows = [re.sub(r"participant-\d+|/\d+/", "…", row) for row in rows]
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("exchange:import-participants-invite", args=[edition.slug]),
            {"participant": [str(p.pk) for p in people.values()]},
        )
    sent = {message.to[0]: message for message in mailoutbox}
    sam = User.objects.get(email="sam@example.com")

    assert {
        "statuses": sorted(p.status for p in people.values()),
        "same rows": rows[0] == rows[1],
        "account named": "Samuel" in page or "Secret" in page,
        "account": (sam.first_name, sam.last_name),
        "asks to log in": ["log in with your password" in sent[e].body for e in sorted(sent)],
        "decline links": [bool(decline_link_in(sent[e])) for e in sorted(sent)],
    } == {
        "statuses": ["invited", "invited"],
        "same rows": True,
        "account named": False,
        "account": ("Samuel", "Secret"),
        "asks to log in": [False, True],
        "decline links": [True, True],
    }


@pytest.fixture
def sam_invited(organiser_client, edition, sam, mailoutbox, django_capture_on_commit_callbacks):
    """Sam invited through the form; the invitation mailed to him."""
    with django_capture_on_commit_callbacks(execute=True):
        _add(organiser_client, edition, "sam@example.com")
    return mailoutbox[-1]


def test_invited_account_accepts_once_logged_in_and_organisers_then_see_it(
    organiser_client, edition, sam_invited
):
    client = Client()  # Sam's browser, not the organiser's
    link = link_in(sam_invited)
    login_url = client.get(link).context["login_url"]
    client.post(
        login_url, {"username": "sam@example.com", "password": factories.PASSWORD, "next": link}
    )
    form = client.get(link).context["form"]
    accepted = client.post(
        link,
        {**form.initial, "languages": ["en"], "consent": "on", "consent_version": "default"},
    )
    participant = Participant.objects.get(edition=edition)

    assert (
        accepted.url,
        participant.status,
        participant.consent_version,
        "Samuel Secret" in _list(organiser_client, edition),
    ) == (
        reverse("participants-portal:home", args=[edition.slug]),
        ParticipantStatus.REGISTERED,
        "default",
        True,
    )


def test_invited_person_declines_and_organisers_see_only_that(
    organiser_client, edition, sam, sam_invited
):
    client = Client()  # Sam's browser, not the organiser's
    link = decline_link_in(sam_invited)
    asked = client.get(link)
    participant = Participant.objects.get(edition=edition)
    status_before = participant.status
    declined = client.post(link)
    participant.refresh_from_db()
    page = _list(organiser_client, edition)
    resend = reverse(
        "participants:participant-resend-invitation", args=[edition.slug, participant.pk]
    )
    resent = organiser_client.post(resend, follow=True)

    assert {
        "asked": (asked.status_code, status_before),
        "declined": (declined.status_code, participant.status),
        "row": "Declined the invitation" in _row(page, participant),
        "resend button": resend in _row(page, participant),
        "account named": "Samuel" in page or "Secret" in page,
        "resent": [str(m) for m in resent.context["messages"]],
        "accept link": client.get(link_in(sam_invited)).status_code,
        "account": User.objects.filter(pk=sam.pk).exists(),
    } == {
        "asked": (200, ParticipantStatus.INVITED),
        "declined": (200, ParticipantStatus.DECLINED),
        "row": True,
        "resend button": False,
        "account named": False,
        "resent": ["Ada Martin declined the invitation."],
        "accept link": 410,
        "account": True,
    }


def test_invitation_recalls_an_earlier_edition_of_the_series_only(
    organiser_client, edition, sam, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = factories.make_edition(
        series=edition.series, name="Rendez-vous 2030", start_date=edition.start_date.replace(2030)
    )
    elsewhere = factories.make_edition(
        name="Someone Else's Fair", start_date=edition.start_date.replace(2031, 1)
    )
    for place in (earlier, elsewhere):
        factories.make_participant(place, user=sam)

    with django_capture_on_commit_callbacks(execute=True):
        _add(organiser_client, edition, "sam@example.com")

    body = mailoutbox[0].body
    assert ("You took part in Rendez-vous 2030." in body, "Someone Else" in body) == (True, False)
