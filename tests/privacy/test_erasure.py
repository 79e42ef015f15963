"""Erasure: the person asks from the portal, an organiser confirms, the person is anonymised."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.models import User
from paddock.checkin.services import check_in
from paddock.core.models import AuditEntry
from paddock.core.services import log_action
from paddock.events.models import TeamInvitation
from paddock.events.services.team import decline_team_invitation, invite_team_member
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.models import Outcome
from paddock.participants.models import Attachment, Need, Participant
from paddock.privacy import services
from paddock.privacy.enums import ErasureStatus
from paddock.privacy.models import ErasureRequest
from paddock.scheduling.models import StoredDocument
from paddock.scheduling.queries import schedule_counts
from paddock.webhooks.enums import DeliveryStatus, WebhookEvent
from paddock.webhooks.services import create_endpoint
from tests import factories
from tests.html_text import text_of
from tests.logins import can_log_in
from tests.participants.registration_helpers import token_in

pytestmark = pytest.mark.integration


def _attach(company, need, user, name="plan.pdf") -> Attachment:
    attachment = Attachment(
        company=company,
        need=need,
        original_name=name,
        content_type="application/pdf",
        size=4,
        uploaded_by=user,
    )
    attachment.file.save(name, ContentFile(b"%PDF"), save=True)
    return attachment


def _figures(edition) -> dict[str, object]:
    """What the reports count: people, requests, meetings."""
    return {
        "participants": Participant.objects.filter(edition=edition).count(),
        "requests": MeetingRequest.objects.filter(edition=edition).count(),
        "meetings": Meeting.objects.filter(edition=edition).count(),
        "schedule": schedule_counts(edition),
    }


@pytest.fixture
def person(edition):
    """A sole representative with an attachment, a request sent and a meeting."""
    me = factories.make_participant(
        edition,
        user=factories.make_user(email="ada@example.com", first_name="Ada", last_name="Byron"),
        company=factories.make_company(
            edition, name="Gearworks", city="Le Mans", website="https://gear.example"
        ),
        job_title="Buyer",
        phone="+33 2 43 00 00 00",
        withdrawal_reason="Surgery in June",
    )
    need = Need.objects.create(company=me.company, text="Casting of gear boxes")
    other = factories.make_participant(edition)
    sent = MeetingRequest.objects.create(
        edition=edition, requester=me, recipient=other, message="Call me on my mobile."
    )
    Meeting.objects.create(edition=edition, request=sent, first=me, second=other)
    me.attachment = _attach(me.company, need, me.user)
    return me


def _ask(client, participant):
    client.force_login(participant.user)
    return client.post(
        reverse("privacy-portal:erasure-request", args=[participant.edition.slug]),
        {"confirm": "on"},
    )


def test_erasure_confirmed_by_the_organiser_anonymises_the_person(
    client, person, organiser_user, media, django_capture_on_commit_callbacks
):
    edition = person.edition
    path = media / person.attachment.file.name
    before = _figures(edition)
    _ask(Client(), person)  # the person's own browser
    erasure = ErasureRequest.objects.get()
    client.force_login(organiser_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:erasure-confirm", args=[edition.slug, erasure.pk]), follow=True
        )

    person.refresh_from_db()
    user, company = person.user, person.company
    user.refresh_from_db()
    company.refresh_from_db()
    erasure.refresh_from_db()
    assert _figures(edition) == before
    assert (user.email, user.first_name, user.last_name, user.is_active) == (
        f"erased-{user.pk}@erased.invalid",
        "",
        "",
        False,
    )
    assert user.has_usable_password() is False
    assert can_log_in("ada@example.com", factories.PASSWORD) is False
    assert (person.job_title, person.phone, person.withdrawal_reason) == ("", "", "")
    assert (company.city, company.website, company.description) == ("", "", "")
    assert list(Need.objects.filter(company=company)) == []  # free text only: deleted
    assert MeetingRequest.objects.get(requester=person).message == ""
    assert (Attachment.objects.count(), path.exists()) == (0, False)
    assert (erasure.status, erasure.done_by) == (ErasureStatus.DONE, organiser_user)
    assert list(
        AuditEntry.objects.filter(actor=user).values_list("action", "object_repr", "data")
    ) == [
        ("privacy.erasure_request", f"erasure request #{erasure.pk}", {}),
        ("account.login", f"user #{user.pk}", {}),  # the email and address are gone
    ]
    entry = AuditEntry.objects.filter(action="privacy.erase").get()
    assert (entry.actor, entry.object_repr, entry.data) == (
        organiser_user,
        f"user #{user.pk}",
        {
            "origin": "request",
            "participations": 1,
            "files": 1,
            "roles": 0,
            "organisers": 0,
            "team_invitations": 0,
            "api_tokens": 0,
        },
    )
    assert [str(m) for m in response.context["messages"]] == ["The person’s data was erased."]


def test_erasure_empties_the_persons_comments_on_meetings_and_keeps_their_figures(person):
    meeting = Meeting.objects.get(first=person)
    answer = {"meeting": meeting, "took_place": True, "interest": 4, "answered_at": timezone.now()}
    mine = Outcome.objects.create(
        participant=person, comment="Ada Byron, call me on 06 12 34 56", **answer
    )
    theirs = Outcome.objects.create(participant=meeting.second, comment="Good contact", **answer)

    services.erase_person(person.user, by=None, edition=person.edition, origin="request")

    assert sorted(
        Outcome.objects.filter(pk__in=[mine.pk, theirs.pk]).values_list(
            "participant", "took_place", "interest", "comment"
        )
    ) == sorted([(person.pk, True, 4, ""), (meeting.second_id, True, 4, "Good contact")])


def test_erasure_keeps_the_details_of_a_company_with_another_representative(
    client, person, organiser_user, media, django_capture_on_commit_callbacks
):
    edition = person.edition
    colleague = factories.make_participant(edition, company=person.company)
    kept = _attach(person.company, Need.objects.get(), colleague.user, name="kept.pdf")
    _ask(client, person)
    client.force_login(organiser_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("privacy:erasure-confirm", args=[edition.slug, ErasureRequest.objects.get().pk])
        )

    person.company.refresh_from_db()
    assert (person.company.city, person.company.website) == ("Le Mans", "https://gear.example")
    assert list(Attachment.objects.all()) == [kept]
    assert (media / kept.file.name).exists()


def test_erasure_request_needs_the_confirmation_box(client, edition, person):
    client.force_login(person.user)

    response = client.post(reverse("privacy-portal:erasure-request", args=[edition.slug]), {})

    assert response.context["form"].errors == {
        "confirm": ["Tick the box to confirm that you want your data erased."]
    }
    assert ErasureRequest.objects.count() == 0


def test_erasure_request_twice_is_refused_with_a_message(client, edition, person):
    _ask(client, person)

    response = _ask(client, person)

    assert response.context["form"].errors == {
        "confirm": [
            "You have already asked for the erasure of your data: the organisers will confirm it."
        ]
    }
    assert ErasureRequest.objects.count() == 1


def test_erasure_request_of_another_edition_cannot_be_confirmed(
    client, edition, person, organiser_user
):
    _ask(client, person)
    elsewhere = factories.make_edition(series=edition.series)
    client.force_login(organiser_user)

    response = client.post(
        reverse("privacy:erasure-confirm", args=[elsewhere.slug, ErasureRequest.objects.get().pk])
    )

    assert (response.status_code, ErasureRequest.objects.get().status) == (
        404,
        ErasureStatus.PENDING,
    )


@pytest.mark.usefixtures("organiser_user")
def test_erasure_request_reaches_the_organisers_of_each_edition_it_anonymises(
    client, edition, person, mailoutbox, django_capture_on_commit_callbacks
):
    # The person also takes part in another organiser's edition, and asked here; an edition
    # where they declined an invitation is told nothing.
    theirs = factories.make_edition(name="Salon Ailleurs")
    factories.make_participant(theirs, user=person.user)
    other_organiser = factories.make_user(email="other@example.com", preferred_language="fr")
    theirs.series.organiser.members.add(other_organiser)
    declined_at = factories.make_edition(name="Declined Fair")
    factories.make_participant(declined_at, user=person.user, status="declined")
    declined_at.series.organiser.members.add(factories.make_user(email="no@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        _ask(Client(), person)
    erasure = ErasureRequest.objects.get()
    client.force_login(other_organiser)

    listed = client.get(reverse("privacy:erasure-list", args=[theirs.slug]))
    opened = client.get(reverse("privacy:erasure-confirm", args=[theirs.slug, erasure.pk]))
    declined = client.post(
        reverse("privacy:erasure-decline", args=[theirs.slug, erasure.pk]), {"reason": "Non."}
    )

    erasure.refresh_from_db()
    mails = {m.to[0]: m for m in mailoutbox if "erasure" in m.subject or "effacement" in m.subject}
    assert {
        "listed": list(listed.context["erasures"]),
        "asking edition named": edition.name in listed.content.decode(),
        "answers": (opened.status_code, declined.status_code, erasure.status),
        "logged in": AuditEntry.objects.get(action="privacy.erasure_decline").edition,
        "mailed": sorted(mails),
        "their mail": (theirs.name in mails["other@example.com"].body,
                       edition.name in mails["other@example.com"].body,
                       mails["other@example.com"].extra_headers["Content-Language"]),
    } == {
        "listed": [erasure],
        "asking edition named": False,
        "answers": (200, 302, ErasureStatus.DECLINED),
        "logged in": theirs,
        "mailed": ["organiser@example.com", "other@example.com"],
        "their mail": (True, False, "fr"),
    }  # fmt: skip


@pytest.mark.parametrize("rows", [1, 3])
def test_erasure_list_queries_do_not_grow_with_rows(client, edition, organiser_user, rows):
    people = [factories.make_participant(edition) for _ in range(rows)]
    for participant in people:
        ErasureRequest.objects.create(user=participant.user, edition=edition)
    client.force_login(organiser_user)
    url = reverse("privacy:erasure-list", args=[edition.slug])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert [row.user for row in response.context["erasures"]] == [p.user for p in people]
    assert len(queries) == 7


def test_erasure_asks_the_organiser_to_confirm_whom_before_erasing(client, person, organiser_user):
    _ask(Client(), person)
    erasure = ErasureRequest.objects.get()
    url = reverse("privacy:erasure-confirm", args=[person.edition.slug, erasure.pk])
    client.force_login(organiser_user)

    listed = client.get(reverse("privacy:erasure-list", args=[person.edition.slug]))
    asked = client.get(url)

    person.user.refresh_from_db()
    assert f'href="{url}"' in listed.content.decode()
    assert f'action="{url}"' not in listed.content.decode()
    assert (asked.status_code, asked.context["erasure"]) == (200, erasure)
    shown = " ".join(text_of(asked.content.decode()).split())
    assert "Erase the data of Ada Byron (ada@example.com, Gearworks)?" in shown
    assert (person.user.email, ErasureRequest.objects.get().status) == (
        "ada@example.com",
        ErasureStatus.PENDING,
    )


def test_erasure_confirmed_twice_says_it_is_done(client, person, organiser_user):
    _ask(Client(), person)
    erasure = ErasureRequest.objects.get()
    url = reverse("privacy:erasure-confirm", args=[person.edition.slug, erasure.pk])
    client.force_login(organiser_user)
    client.post(url, follow=True)

    response = client.post(url, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This person’s data has already been erased."
    ]
    assert AuditEntry.objects.filter(action="privacy.erase").count() == 1


def test_my_data_page_offers_the_download_then_shows_the_pending_request(client, person):
    url = reverse("privacy-portal:my-data", args=[person.edition.slug])
    client.force_login(person.user)
    before = client.get(url)

    response = client.post(
        reverse("privacy-portal:erasure-request", args=[person.edition.slug]),
        {"confirm": "on"},
        follow=True,
    )

    export = reverse("privacy-portal:export", args=[person.edition.slug])
    assert (export in before.content.decode(), "form" in before.context) == (True, True)
    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your request is recorded: the organisers will confirm the erasure of your data."
    ]
    assert response.context["pending"] == ErasureRequest.objects.get()


def test_erasure_deletes_the_stored_pdfs_that_name_the_person(
    person, organiser_user, django_capture_on_commit_callbacks
):
    other = factories.make_edition(slug="elsewhere")
    names = {}
    for edition in (person.edition, other):
        name = default_storage.save("documents/agendas.pdf", ContentFile(b"%PDF-"))
        StoredDocument.objects.create(edition=edition, kind="agendas", language="", file=name)
        names[edition.slug] = name
    erasure = services.request_erasure(person.user, edition=person.edition, by=person.user)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_erasure(erasure, by=organiser_user)

    kept = list(StoredDocument.objects.values_list("edition__slug", flat=True))
    on_disk = {slug: default_storage.exists(name) for slug, name in names.items()}
    assert (kept, on_disk) == (["elsewhere"], {person.edition.slug: False, "elsewhere": True})


def test_erasure_scrubs_the_webhook_deliveries_that_name_the_person_and_gives_up_pending_ones(
    client, person, organiser_user, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_LOCAL = True
    edition = person.edition
    endpoint = create_endpoint(
        edition, by=organiser_user, url="http://127.0.0.1:9/hook", events=list(WebhookEvent.values)
    )
    other = factories.make_participant(edition)
    check_in(edition, by=organiser_user, participant=person)  # pending: not committed
    check_in(edition, by=organiser_user, participant=other)
    _ask(client, person)
    client.force_login(organiser_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("privacy:erasure-confirm", args=[edition.slug, ErasureRequest.objects.get().pk])
        )

    deliveries = endpoint.deliveries.order_by("pk")
    bodies = [json.loads(body) for body in deliveries.values_list("body", flat=True)]
    assert [body["data"]["checkin"]["participant"]["id"] for body in bodies] == [
        person.pk,
        other.pk,
    ]
    assert "Byron" not in str(bodies)
    assert [(d.status, d.scrubbed_at is None) for d in deliveries] == [
        (DeliveryStatus.FAILED, False),
        (DeliveryStatus.PENDING, True),
    ]


def test_erasure_of_someone_named_after_another_s_address_leaves_that_one_s_log(person):
    log_action("account.login", by=person.user, obj=person.user.email, ip="192.0.2.1")
    namesake = factories.make_participant(
        factories.make_edition(),
        user=factories.make_user(first_name="ada@example.com", last_name=""),
    )

    services.erase_person(namesake.user, by=None, edition=None, origin="request")

    assert list(
        AuditEntry.objects.filter(actor=person.user).values_list("object_repr", "data")
    ) == [("ada@example.com", {"ip": "192.0.2.1"})]


def test_erasure_empties_the_person_s_comments_on_outcomes(person):
    meeting = Meeting.objects.get(first=person)
    answer = {"took_place": True, "interest": 4, "answered_at": timezone.now()}
    mine = Outcome.objects.create(meeting=meeting, participant=person, comment="Call Ada", **answer)
    theirs = Outcome.objects.create(
        meeting=meeting, participant=meeting.second, comment="Good", **answer
    )

    services.erase_person(person.user, by=None, edition=None, origin="request")

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.comment, mine.interest, theirs.comment) == ("", 4, "Good")


def test_erasure_removes_the_persons_team_invitations_and_the_team_page_forgets_the_address(
    client, edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    """A declined invitation and a pending one (another edition): after erasure neither
    row holds the address, and the team page shows neither."""
    other = factories.make_edition(series=edition.series)
    for where in (edition, other):
        with django_capture_on_commit_callbacks(execute=True):
            invite_team_member(where, by=organiser_user, email="kim@example.com", role="staff")
    decline_team_invitation(edition, token=token_in(mailoutbox[0]))
    kim = User.objects.get(email="kim@example.com")

    services.erase_person(kim, by=organiser_user, edition=None, origin="request")

    client.force_login(organiser_user)
    pages = [client.get(reverse("events:team", args=[e.slug])) for e in (edition, other)]
    assert (
        list(TeamInvitation.objects.filter(edition__in=[edition, other])),
        ["kim@example.com" in page.content.decode() for page in pages],
    ) == ([], [False, False])
