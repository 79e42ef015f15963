"""A participant who can no longer come withdraws, from their portal or through an organiser:
their meetings, requests and visit seats end through the services that end them one by one."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from paddock.checkin.services import CheckInError, check_in
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings import services as meetings
from paddock.meetings.enums import MeetingStatus, RequestStatus
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants import services, withdrawal
from paddock.participants.enums import ParticipantStatus
from paddock.participants.withdrawal import withdraw_participant
from paddock.visits import services as visits
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSettings
from paddock.visits.wishes import book_placed_wishes, rank_zones
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration


def _person(edition, first, company, language="en"):
    user = factories.make_user(
        email=f"{first.lower()}@example.com",
        first_name=first,
        last_name="Test",
        preferred_language=language,
    )
    return factories.make_participant(
        edition, user=user, company=factories.make_company(edition, name=company)
    )


def _slot(edition, start):
    session, _ = Session.objects.get_or_create(
        edition=edition, name="Morning", date=edition.start_date
    )
    return TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )


def _placed(meeting, slot, label):
    table = factories.make_table(factories.make_room(meeting.edition), label=label)
    meeting.slot, meeting.table, meeting.status = slot, table, MeetingStatus.SCHEDULED
    meeting.save(update_fields=["slot", "table", "status"])
    return meeting


def _accepted(requester, recipient):
    sent = meetings.request_meeting(requester, recipient=recipient, by=requester.user)
    return meetings.accept_request(sent, by=recipient.user)


@pytest.fixture
def paul(edition):
    """Who can no longer come."""
    return _person(edition, "Paul", "Soudure Sarthe")


@pytest.fixture
def agenda(edition, paul):
    """Paul's convention: a meeting placed in a slot to come (with Anna, who reads French), a
    request he sent (to Bruno), one he received (from Carla), a meeting an organiser set up
    (with Dora), and a meeting under way (with Emil)."""
    anna = _person(edition, "Anna", "Impression 3D Ouest", language="fr")
    bruno, carla = _person(edition, "Bruno", "Bruno SAS"), _person(edition, "Carla", "Carla SAS")
    dora, emil = _person(edition, "Dora", "Dora SAS"), _person(edition, "Emil", "Emil SAS")
    to_come = _slot(edition, dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC))
    under_way = _slot(edition, timezone.now() - dt.timedelta(minutes=10))
    return {
        "anna": _placed(_accepted(paul, anna), to_come, "1"),
        "bruno": meetings.request_meeting(paul, recipient=bruno, by=paul.user),
        "carla": meetings.request_meeting(carla, recipient=paul, by=carla.user),
        "dora": meetings.arrange_meeting(edition, by=None, first=dora, second=paul),
        "emil": _placed(_accepted(emil, paul), under_way, "2"),
    }


def _withdraw_url(edition):
    return reverse("participants-portal:withdraw", args=[edition.slug])


def _states(agenda):
    """Each counterpart's request and meeting status, as they are now."""
    states = {}
    for name, thing in agenda.items():
        thing.refresh_from_db()
        if isinstance(thing, MeetingRequest):
            states[name] = (thing.status, None)
        else:
            request = thing.request.status if thing.request_id else None
            states[name] = (request, thing.status)
    return states


def test_portal_page_says_what_withdrawing_ends_leaving_out_empty_kinds_changing_nothing(
    client, edition, paul, agenda
):
    client.force_login(paul.user)

    response = client.get(_withdraw_url(edition))

    effects = response.content.decode().split('<ul id="withdrawal-effects">')[1].split("</ul>")[0]
    items = [" ".join(item.split("</li>")[0].split()) for item in effects.split("<li>")[1:]]
    paul.refresh_from_db()
    assert (response.status_code, paul.status, items) == (
        200,
        ParticipantStatus.VALIDATED,
        [
            "2 meetings are cancelled; each other participant is told by email and they are "
            "marked as cancelled in the agendas and calendars.",
            "2 meeting requests waiting for an answer are withdrawn; each other participant "
            "is told.",
            "1 meeting that has begun or was missed stays as it is.",
            "The profile leaves the catalogue and the recommendations of the other participants.",
        ],
    )


def test_portal_home_links_to_the_withdrawal(client, edition, paul):
    client.force_login(paul.user)

    response = client.get(reverse("participants-portal:home", args=[edition.slug]))

    assert (
        f'<a href="{_withdraw_url(edition)}">I can no longer come</a>' in response.content.decode()
    )


def test_withdrawing_from_the_portal_ends_everything_not_begun_and_tells_each_other_side(
    client, paul, agenda, mailoutbox, django_capture_on_commit_callbacks
):
    edition = paul.edition
    client.force_login(paul.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_withdraw_url(edition), follow=True)

    paul.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [
        f"You have withdrawn from {edition.name}. 2 meetings cancelled. "
        "2 pending requests withdrawn."
    ]
    assert paul.status == ParticipantStatus.WITHDRAWN
    assert _states(agenda) == {
        "anna": (RequestStatus.CANCELLED, MeetingStatus.CANCELLED),
        "bruno": (RequestStatus.CANCELLED, None),
        "carla": (RequestStatus.CANCELLED, None),
        "dora": (None, MeetingStatus.CANCELLED),
        "emil": (RequestStatus.ACCEPTED, MeetingStatus.SCHEDULED),  # under way: kept
    }
    assert sorted((mail.to[0], mail.subject) for mail in mailoutbox) == [
        ("anna@example.com", "Paul Test ne participe plus\u00a0: votre rendez-vous est annulé"),
        ("bruno@example.com", "Paul Test no longer takes part: their meeting request is withdrawn"),
        ("carla@example.com", "Paul Test no longer takes part: your meeting request is withdrawn"),
        ("dora@example.com", "Paul Test no longer takes part: your meeting is cancelled"),
    ]
    assert "withdrawn" in response.content.decode()


def test_an_organisers_withdrawal_tells_each_other_side_without_blaming_the_person(
    paul, agenda, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    """Paul did not cancel anything himself: the mails say he no longer takes part."""
    edition = paul.edition
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_participant(paul, by=organiser_user, reason="Flight cancelled")

    bodies = {mail.to[0]: " ".join(mail.body.split("\n\n")[0].split()) for mail in mailoutbox}
    assert bodies == {
        "anna@example.com": "Paul Test (Soudure Sarthe) ne participe plus à l’édition "
        f"{edition.name} : votre rendez-vous avec cette personne est annulé. Il est marqué "
        "comme annulé dans votre agenda et votre calendrier.",
        "bruno@example.com": f"Paul Test of Soudure Sarthe no longer takes part in {edition.name}: "
        "their meeting request to you is withdrawn. Nothing more to do.",
        "carla@example.com": f"Paul Test of Soudure Sarthe no longer takes part in {edition.name}: "
        "your meeting request to them is withdrawn. Nothing more to do.",
        "dora@example.com": f"Paul Test of Soudure Sarthe no longer takes part in {edition.name}: "
        "your meeting with them is cancelled. It is marked as cancelled in your agenda and "
        "calendar.",
    }


def test_withdrawn_participant_sees_what_happened_and_leaves_the_catalogue(client, edition, paul):
    viewer = _person(edition, "Viola", "Viola SAS")
    withdraw_participant(paul, by=paul.user)
    client.force_login(viewer.user)

    listed = client.get(reverse("participants-portal:catalogue", args=[edition.slug]))
    client.force_login(paul.user)
    agenda_page = client.get(reverse("meetings-portal:agenda", args=[edition.slug]))

    assert [c.name for c in listed.context["page"].object_list] == ["Viola SAS"]
    assert (agenda_page.status_code, agenda_page.context["participant"].status) == (
        403,
        ParticipantStatus.WITHDRAWN,
    )
    assert "You withdrew from this edition" in agenda_page.content.decode()


def test_calendars_show_the_cancellations_with_their_revision_raised(client, edition, paul, agenda):
    edition.status = EditionStatus.SCHEDULED  # published: calendars show the placed meetings
    edition.save(update_fields=["status"])
    anna = agenda["anna"].other_side(paul)
    feeds = {p: agenda_feed_for(p).token for p in (paul, anna)}

    withdraw_participant(paul, by=paul.user)

    events = {}
    for person, token in feeds.items():
        url = reverse("meetings-portal:agenda-feed", args=[edition.slug, token])
        calendar = Calendar.from_ical(client.get(url).content)
        events[person.user.first_name] = sorted(
            (str(e["UID"]), int(e["SEQUENCE"]), str(e["STATUS"])) for e in calendar.walk("VEVENT")
        )
    uid = f"meeting-{agenda['anna'].pk}@127.0.0.1"
    emil_uid = f"meeting-{agenda['emil'].pk}@127.0.0.1"
    # Paul's feed cancels everything, the meeting kept from the day too, its revision raised
    # (the feed's, added to each SEQUENCE): his calendar takes it out (docs/meetings.md).
    assert events == {
        "Paul": sorted([(uid, 2, "CANCELLED"), (emil_uid, 1, "CANCELLED")]),
        "Anna": [(uid, 1, "CANCELLED")],
    }


def test_withdrawal_gives_visit_seats_back_to_the_first_waiting(
    edition, paul, mailoutbox, django_capture_on_commit_callbacks
):
    visit = make_visit(make_zone(edition, allowed_roles=["supplier"]), seats=1)
    waiting = _person(edition, "Wanda", "Wanda SAS")
    visits.book_visit(visit, participant=paul, by=paul.user)
    visits.book_visit(visit, participant=waiting, by=waiting.user)

    with django_capture_on_commit_callbacks(execute=True):
        done = withdraw_participant(paul, by=paul.user)

    seats = dict(Booking.objects.values_list("participant__user__first_name", "status"))
    assert (done.visits, seats) == (
        1,
        {"Paul": BookingStatus.CANCELLED, "Wanda": BookingStatus.CONFIRMED},
    )
    assert [mail.to for mail in mailoutbox] == [["wanda@example.com"]]


def test_organiser_withdraws_on_their_behalf_with_a_reason_and_undoes_it(
    organiser_client, edition, paul, agenda
):
    url = reverse("participants:participant-withdraw-participation", args=[edition.slug, paul.pk])
    detail = reverse("participants:participant-detail", args=[edition.slug, paul.pk])
    undo = reverse("participants:participant-undo-withdrawal", args=[edition.slug, paul.pk])

    page = organiser_client.get(url)
    withdrawn = organiser_client.post(url, {"reason": "Flight cancelled"}, follow=True)
    undone = organiser_client.post(undo, {"next": detail}, follow=True)

    paul.refresh_from_db()
    assert "Withdraw the participant" in page.content.decode()
    assert [str(m) for m in withdrawn.context["messages"]] == [
        "Paul Test is withdrawn. 2 meetings cancelled. 2 pending requests withdrawn."
    ]
    assert "Reason: Flight cancelled" in withdrawn.content.decode()
    assert [str(m) for m in undone.context["messages"]] == [
        "Paul Test is back to registered: validate them again when they can come."
    ]
    # Nothing comes back: the meetings stay cancelled.
    assert (paul.status, _states(agenda)["anna"]) == (
        ParticipantStatus.REGISTERED,
        (RequestStatus.CANCELLED, MeetingStatus.CANCELLED),
    )
    entries = AuditEntry.objects.filter(action__startswith="participant.").order_by("pk")
    assert list(entries.values_list("action", flat=True)) == [
        "participant.withdraw",
        "participant.undo_withdrawal",
    ]


def test_participants_list_offers_withdrawal_and_undo_by_status(organiser_client, edition, paul):
    gone = _person(edition, "Gaston", "Gaston SAS")
    withdraw_participant(gone, by=None)
    url = reverse("participants:participant-list", args=[edition.slug])

    response = organiser_client.get(url)

    html = response.content.decode()
    paul_row = html.split(f'id="participant-{paul.pk}"')[1].split("</tr>")[0]
    gone_row = html.split(f'id="participant-{gone.pk}"')[1].split("</tr>")[0]
    withdraw = reverse(
        "participants:participant-withdraw-participation", args=[edition.slug, paul.pk]
    )
    assert (
        f'<a href="{withdraw}">Withdraw from the edition…</a>' in paul_row,
        "Undo the withdrawal" in gone_row,
        "Withdraw from the edition" in gone_row,
    ) == (True, True, False)


def test_closed_editions_list_does_not_link_to_a_withdrawal_it_would_refuse(
    organiser_client, edition, paul
):
    edition.status = EditionStatus.CLOSED
    edition.save(update_fields=["status"])
    url = reverse("participants:participant-list", args=[edition.slug])

    html = organiser_client.get(url).content.decode()

    paul_row = html.split(f'id="participant-{paul.pk}"')[1].split("</tr>")[0]
    assert "Withdraw from the edition" not in paul_row


def test_undo_from_the_list_answers_htmx_with_the_new_row(organiser_client, edition, paul):
    withdraw_participant(paul, by=None)
    url = reverse("participants:participant-undo-withdrawal", args=[edition.slug, paul.pk])

    response = organiser_client.post(url, headers={"HX-Request": "true"})

    row = response.content.decode().split("</tr>")[0]
    assert ('<span class="badge registered">Registered</span>' in row, "Validate" in row) == (
        True,
        True,
    )


def test_second_withdrawal_is_refused(client, edition, paul):
    client.force_login(paul.user)
    client.post(_withdraw_url(edition), follow=True)

    response = client.post(_withdraw_url(edition), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Paul Test has already withdrawn."]


def test_closed_edition_refuses_the_withdrawal(client, edition, paul):
    edition.status = EditionStatus.CLOSED
    edition.save(update_fields=["status"])
    client.force_login(paul.user)

    page = client.get(_withdraw_url(edition))
    response = client.post(_withdraw_url(edition), follow=True)

    paul.refresh_from_db()
    assert "Withdraw from the edition" not in page.content.decode()
    assert [str(m) for m in response.context["messages"]] == [
        "This edition is closed: its participants can no longer change."
    ]
    assert paul.status == ParticipantStatus.VALIDATED


def test_withdrawal_needs_the_csrf_token(edition, paul):
    client = Client(enforce_csrf_checks=True)
    client.force_login(paul.user)

    response = client.post(_withdraw_url(edition))

    paul.refresh_from_db()
    assert (response.status_code, paul.status) == (403, ParticipantStatus.VALIDATED)


def test_nobody_can_ask_a_withdrawn_participant_for_a_meeting(edition, paul):
    other = _person(edition, "Otto", "Otto SAS")
    withdraw_participant(paul, by=None)

    with pytest.raises(meetings.MeetingError) as raised:
        meetings.request_meeting(other, recipient=paul, by=other.user)

    assert raised.value.code == "not_validated"


def test_withdraw_validation_refuses_someone_with_meetings_and_points_to_withdrawal(
    organiser_client, edition, paul, agenda
):
    url = reverse("participants:participant-withdraw", args=[edition.slug, paul.pk])

    response = organiser_client.post(url, follow=True)

    paul.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [
        "Paul Test has meetings, meeting requests or visit seats, which would stay as they "
        "are. To take them out of the edition, withdraw their participation instead: it "
        "cancels them and tells the other side."
    ]
    assert (paul.status, Meeting.objects.exclude(status=MeetingStatus.CANCELLED).count()) == (
        ParticipantStatus.VALIDATED,
        3,
    )


def test_withdraw_validation_still_works_for_someone_without_commitments(edition, paul):
    organiser = factories.make_user(email="orga@example.com")

    services.withdraw_validation(paul, by=organiser)

    paul.refresh_from_db()
    assert paul.status == ParticipantStatus.REGISTERED


def test_api_lists_the_withdrawn_by_their_status(client, edition, paul, organiser_user):
    _person(edition, "Otto", "Otto SAS")  # validated: not listed
    withdraw_participant(paul, by=None)
    token = new_token(organiser_user, edition)

    response = client.get(
        f"/api/v1/editions/{edition.slug}/participants?status=withdrawn", headers=bearer(token)
    )

    assert [(p["id"], p["status"]) for p in response.json()["results"]] == [(paul.pk, "withdrawn")]


def test_check_in_refuses_a_withdrawn_participant(edition, paul, checkin_user):
    withdraw_participant(paul, by=None)

    with pytest.raises(CheckInError) as raised:
        check_in(edition, by=checkin_user, participant=paul)

    assert (raised.value.code, raised.value.message) == (
        "not_validated",
        "This participant's registration is not validated.",
    )


def test_withdrawal_pages_speak_french(organiser_client, edition, paul):
    client = Client()
    client.force_login(paul.user)
    detail = reverse("participants:participant-detail", args=[edition.slug, paul.pk])

    portal = client.get(_withdraw_url(edition), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    orga = organiser_client.get(detail, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    withdraw = reverse(
        "participants:participant-withdraw-participation", args=[edition.slug, paul.pk]
    )
    assert (
        "<h1>Je ne peux plus venir</h1>" in portal,
        '<button type="submit" class="danger">Me désister de l’édition</button>' in portal,
        # The organiser withdraws someone else: not "Se désister" (withdraw oneself).
        f'<a href="{withdraw}">Désister de l’édition…</a>' in orga,
    ) == (True, True, True)


def test_undo_forgets_the_organisers_reason(edition, paul, organiser_user):
    """The reason may be about the person's health: once they take part again it has no
    use, and "My data" would still export it."""
    withdraw_participant(paul, by=organiser_user, reason="In hospital")

    withdrawal.undo_withdrawal(paul, by=organiser_user)

    paul.refresh_from_db()
    assert (paul.status, paul.withdrawn_at, paul.withdrawal_reason) == (
        ParticipantStatus.REGISTERED,
        None,
        "",
    )


def test_organisers_withdrawal_page_checks_permission_before_looking_the_person_up(
    client, edition, paul
):
    """Looked up first, an id of the edition answered 403 and any other 404, to anyone (not
    logged in too): which ids were participants could be read off the answers."""
    other_edition = factories.make_edition()
    stranger = factories.make_participant(other_edition)

    def answers():
        found = []
        for pk in (paul.pk, stranger.pk, 999_999):
            url = reverse(
                "participants:participant-withdraw-participation", args=[edition.slug, pk]
            )
            found.append(client.get(url).status_code)
        return found

    anonymous = answers()
    client.force_login(paul.user)
    participant = answers()

    assert (anonymous, participant) == ([302, 302, 302], [403, 403, 403])


def test_a_seat_a_run_gave_before_the_withdrawal_is_not_booked_at_publication(
    edition, paul, organiser_user
):
    """In wishes mode the publication books the seats the latest run placed; Paul's wishes
    went with him, so the seat he was placed in stays free (before, it was booked and he was
    told of a visit he had said he could not come to)."""
    VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)
    zone = make_zone(edition, allowed_roles=["supplier"])
    visit = make_visit(zone, seats=2)
    (wish,) = rank_zones(paul, zones=[zone], by=paul.user)
    withdraw_participant(paul, by=paul.user)

    booked, refused = book_placed_wishes(edition, placements=[(wish.pk, visit.pk)], by=None)

    assert (booked, refused, list(paul.visit_wishes.all())) == ([], [], [])


def test_withdrawal_counts_each_meeting_kept_once(edition, paul, agenda):
    """Emil's meeting under way has a request: it was counted as kept with the requests,
    then again with the meetings left."""
    done = withdraw_participant(paul, by=paul.user)

    entry = AuditEntry.objects.get(action="participant.withdraw")
    assert (done.meetings, done.requests, done.kept, entry.data["kept"]) == (2, 2, 1, 1)


def test_the_organisers_reason_is_said_to_reach_the_persons_data_download(
    organiser_client, client, edition, paul
):
    # The reason is the person's data: "My data" hands it over. An organiser told that only
    # organisers see it would write what they would not send the person.
    url = reverse("participants:participant-withdraw-participation", args=[edition.slug, paul.pk])
    help_text = organiser_client.get(url).context["form"]["reason"].help_text
    organiser_client.post(url, {"reason": "Ill, says his colleague"})
    client.force_login(paul.user)

    download = client.get(reverse("privacy-portal:export", args=[edition.slug]))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    reasons = [p["withdrawal_reason"] for p in json.loads(archive.read("participations.json"))]
    assert reasons == ["Ill, says his colleague"]
    assert help_text == (
        "Seen by the organisers, on the participant's page, and by the person in the download "
        "of their data."
    )
