"""The participant's download of everything Paddock holds about them."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from paddock.accounts.enums import MailKind
from paddock.accounts.models import User
from paddock.checkin.models import CheckIn
from paddock.core.services import log_action
from paddock.events.enums import EditionRole
from paddock.events.models import EditionMembership, Session, TeamInvitation, TimeSlot
from paddock.meetings.enums import MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.enums import FollowUpAnswer, NextStep, SentMailKind, ValueBand
from paddock.outcomes.models import FollowUp, SentMail
from paddock.participants import registration
from paddock.participants.enums import JoinRequestStatus, ParticipantRole
from paddock.participants.models import Attachment, JoinRequest, Need, Offer, Participant
from paddock.privacy.services import decline_erasure, request_erasure
from paddock.reminders.models import SentReminder
from paddock.visits.enums import BookingStatus, ZoneKind
from paddock.visits.models import Booking, VisitSession, VisitWish, Zone
from tests import factories

pytestmark = pytest.mark.integration

START = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)


def _unzip(response) -> dict[str, object]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {
        name: json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name)
        for name in archive.namelist()
    }


@pytest.fixture
def world(edition):
    """The person who downloads, with something of every kind, and others around them."""
    me = factories.make_participant(
        edition,
        user=factories.make_user(email="ada@example.com", first_name="Ada", last_name="Byron"),
        company=factories.make_company(edition, name="Gearworks", city="Le Mans"),
        role=ParticipantRole.BUYER,
        job_title="Buyer",
        phone="+33 2 43 00 00 00",
    )
    other = factories.make_participant(
        edition,
        user=factories.make_user(first_name="Carl", last_name="Benz"),
        company=factories.make_company(edition, name="Welders"),
    )
    third = factories.make_participant(edition, company=factories.make_company(edition, name="X"))
    offer = Offer.objects.create(company=me.company, text="Gears in titanium")
    need = Need.objects.create(company=other.company, text="Secret casting plans")
    attachment = Attachment(
        company=me.company,
        offer=offer,
        original_name="gear.pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by=me.user,
    )
    attachment.file.save("gear.pdf", ContentFile(b"%PDF"), save=True)
    sent = MeetingRequest.objects.create(
        edition=edition, requester=me, recipient=other, message="Let us talk gears."
    )
    MeetingRequest.objects.create(
        edition=edition, requester=other, recipient=third, message="Private between others."
    )
    room = factories.make_room(edition, name="Tent")
    table = factories.make_table(room, label="T1")
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    slot = TimeSlot.objects.create(
        edition=edition, session=session, start=START, end=START + dt.timedelta(minutes=30)
    )
    meeting = Meeting.objects.create(
        edition=edition,
        request=sent,
        first=me,
        second=other,
        status=MeetingStatus.SCHEDULED,
        slot=slot,
        table=table,
    )
    CheckIn.objects.create(edition=edition, participant=me, room=room, checked_in_at=START)
    CheckIn.objects.create(edition=edition, participant=other, room=room, checked_in_at=START)
    log_action("account.login", by=me.user, obj=me.user.email, ip="192.0.2.1")
    log_action("account.login", by=other.user, obj=other.user.email, ip="192.0.2.2")
    return {
        "me": me,
        "other": other,
        "need": need,
        "sent": sent,
        "meeting": meeting,
        "attachment": attachment,
    }


def test_export_holds_the_persons_own_data_only(client, edition, world):
    me, sent = world["me"], world["sent"]
    me.refresh_from_db()
    me.user.refresh_from_db()
    client.force_login(me.user)

    response = client.get(reverse("privacy-portal:export", args=[edition.slug]))

    files = _unzip(response)
    me.user.refresh_from_db()
    assert response["Content-Disposition"] == 'attachment; filename="paddock-my-data.zip"'
    assert sorted(files) == [
        "account.json",
        "audit.json",
        "checkins.json",
        "companies.json",
        "emails_sent.json",
        "erasure_requests.json",
        f"files/{world['attachment'].pk}-gear.pdf",
        "join_requests.json",
        "meeting_requests.json",
        "meetings.json",
        "outcomes.json",
        "participations.json",
        "team.json",
        "visits.json",
    ]
    assert files["account.json"] == {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Byron",
        "preferred_language": "",
        "date_joined": me.user.date_joined.isoformat(),
        "last_login": me.user.last_login.isoformat(),
        "emails_refused": [],
    }
    assert files["participations.json"] == [
        {
            "edition": edition.name,
            "company": "Gearworks",
            "role": "buyer",
            "status": "validated",
            "job_title": "Buyer",
            "phone": "+33 2 43 00 00 00",
            "languages": ["fr"],
            "show_email": False,
            "show_phone": False,
            "show_job_title": True,
            "registered_at": me.created_at.isoformat(),
            "validated_at": None,
            "withdrawn_at": None,
            "withdrawal_reason": "",
            "privacy_notice": {"version": "", "accepted_at": None},
        }
    ]
    assert files["companies.json"] == [
        {
            "edition": edition.name,
            "name": "Gearworks",
            "country": "FR",
            "city": "Le Mans",
            "sector": "automotive",
            "size": "",
            "website": "",
            "description": "",
            "offers": [{"category": None, "text": "Gears in titanium"}],
            "needs": [],
        }
    ]
    assert files["meeting_requests.json"] == [
        {
            "edition": edition.name,
            "direction": "sent",
            "with": "Carl Benz (Welders)",
            "message": "Let us talk gears.",
            "priority": "should",
            "status": RequestStatus.PENDING.value,
            "decline_reason": "",
            "sent_at": MeetingRequest.objects.get(pk=sent.pk).created_at.isoformat(),
            "answered_at": None,
        }
    ]
    assert files["meetings.json"] == [
        {
            "edition": edition.name,
            "with": "Carl Benz (Welders)",
            "status": "scheduled",
            "start": START.isoformat(),
            "end": (START + dt.timedelta(minutes=30)).isoformat(),
            "room": "Tent",
            "table": "T1",
        }
    ]
    assert files["checkins.json"] == [
        {
            "edition": edition.name,
            "room": "Tent",
            "checked_in_at": START.isoformat(),
            "health_pass_checked": False,
        }
    ]
    assert [(entry["action"], entry["details"]) for entry in files["audit.json"]] == [
        ("account.login", {"ip": "192.0.2.1"}),
        ("account.login", {"ip": ""}),  # the test client's login, without a request
    ]
    assert files["visits.json"] == {"bookings": [], "wishes": []}
    assert files["outcomes.json"] == {"outcomes": [], "follow_ups": []}
    assert files[f"files/{world['attachment'].pk}-gear.pdf"] == b"%PDF"


def test_export_needs_a_participation_in_the_edition(client, edition):
    client.force_login(factories.make_user())

    response = client.get(reverse("privacy-portal:export", args=[edition.slug]))

    assert response.status_code == 403


def test_export_leaves_out_a_file_missing_from_disk(client, edition, participant):
    need = Need.objects.create(company=participant.company, text="Casting")
    Attachment.objects.create(
        company=participant.company,
        need=need,
        file="attachments/gone.pdf",
        original_name="gone.pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by=participant.user,
    )
    client.force_login(participant.user)

    response = client.get(reverse("privacy-portal:export", args=[edition.slug]))

    assert sorted(name for name in _unzip(response) if name.startswith("files/")) == []


def test_export_holds_the_persons_visits_wishes_outcomes_and_consent(client, edition, world):
    me, meeting = world["me"], world["meeting"]
    Participant.objects.filter(pk=me.pk).update(consent_version="2", consented_at=START)
    zone = Zone.objects.create(
        edition=edition,
        name_en="Team garage",
        name_fr="Garage de l’écurie",
        kind=ZoneKind.GARAGE,
        meeting_point="Gate 3",
        group_size=8,
    )
    session = VisitSession.objects.create(
        zone=zone, start=START, end=START + dt.timedelta(minutes=50), seats=8
    )
    booking = Booking.objects.create(
        session=session, participant=me, status=BookingStatus.CONFIRMED
    )
    VisitWish.objects.create(participant=me, zone=zone, rank=1)
    VisitWish.objects.create(participant=world["other"], zone=zone, rank=1)
    factories.make_outcome(
        meeting, me, next_step=NextStep.QUOTE, value_band=ValueBand.UNDER_10K, comment="Call back"
    )
    factories.make_outcome(meeting, world["other"], comment="Their private answer")
    FollowUp.objects.create(
        meeting=meeting,
        participant=me,
        months=3,
        answer=FollowUpAnswer.YES,
        answered_at=START,
    )
    client.force_login(me.user)

    files = _unzip(client.get(reverse("privacy-portal:export", args=[edition.slug])))

    assert files["participations.json"][0]["privacy_notice"] == {
        "version": "2",
        "accepted_at": START.isoformat(),
    }
    assert files["visits.json"] == {
        "bookings": [
            {
                "edition": edition.name,
                "zone": "Team garage",
                "start": START.isoformat(),
                "end": (START + dt.timedelta(minutes=50)).isoformat(),
                "status": "confirmed",
                "position_in_waiting_list": None,
                "booked_at": Booking.objects.get(pk=booking.pk).created_at.isoformat(),
                "cancelled_at": None,
                "checked_in_at": None,
            }
        ],
        "wishes": [{"edition": edition.name, "zone": "Team garage", "rank": 1}],
    }
    assert files["outcomes.json"] == {
        "outcomes": [
            {
                "edition": edition.name,
                "with": "Carl Benz (Welders)",
                "meeting_start": START.isoformat(),
                "took_place": True,
                "interest": 4,
                "next_step": "quote",
                "value": "lt10k",
                "comment": "Call back",
                "answered_at": (START + dt.timedelta(minutes=30)).isoformat(),
            }
        ],
        "follow_ups": [
            {
                "edition": edition.name,
                "with": "Carl Benz (Welders)",
                "meeting_start": START.isoformat(),
                "months": 3,
                "answer": "yes",
                "value": "",
                "answered_at": START.isoformat(),
            }
        ],
    }


def test_export_leaves_out_entries_of_someone_named_like_the_person(client, edition, world):
    # Names are the person's to choose: one names themselves after Ada's address, another
    # after Ada, with a company of the same name in another edition.
    me, organiser = world["me"], factories.make_user()
    log_action("participant.validate", by=organiser, edition=edition, obj=me)
    elsewhere = factories.make_edition()
    gearworks = factories.make_company(elsewhere, name="Gearworks")
    by_address = factories.make_participant(
        elsewhere, user=factories.make_user(first_name="ada@example.com", last_name="")
    )
    by_name = factories.make_participant(
        elsewhere, company=gearworks, user=factories.make_user(first_name="Ada", last_name="Byron")
    )
    found = {}

    for someone in (by_address, by_name):
        client.force_login(someone.user)
        response = client.get(reverse("privacy-portal:export", args=[elsewhere.slug]))
        found[str(someone.user)] = [
            (row["action"], row["object"]) for row in _unzip(response)["audit.json"]
        ]

    assert found == {
        "ada@example.com": [("account.login", by_address.user.email)],
        "Ada Byron": [("account.login", by_name.user.email)],
    }


def test_export_holds_the_accounts_roles_requests_and_emails_sent(client, edition, world):
    me, other = world["me"], world["other"]
    User.objects.filter(pk=me.user.pk).update(mail_opt_outs=[MailKind.OUTCOMES])
    factories.make_organiser(name="Technoparc", members=[me.user])
    EditionMembership.objects.create(edition=edition, user=me.user, role=EditionRole.STAFF)
    later = factories.make_edition(series=edition.series, name="Next year")
    TeamInvitation.objects.create(
        edition=later, user=me.user, email="ADA@example.com", role=EditionRole.CHECKIN
    )
    JoinRequest.objects.create(
        edition=later,
        company=factories.make_company(later, name="Gearworks 2"),
        user=me.user,
        job_title="Head buyer",
        role=ParticipantRole.BUYER,
        status=JoinRequestStatus.PENDING,
    )
    erasure = request_erasure(me.user, edition=edition, by=me.user)
    decline_erasure(erasure, by=factories.make_user(), reason="Unpaid invoice.")
    SentReminder.objects.create(participant=me, day=edition.start_date)
    SentReminder.objects.create(participant=other, day=edition.start_date)
    SentMail.objects.create(participant=me, kind=SentMailKind.FOLLOW_UP, key="3")
    client.force_login(me.user)

    files = _unzip(client.get(reverse("privacy-portal:export", args=[edition.slug])))

    erasure.refresh_from_db()
    invitation, join = TeamInvitation.objects.get(), JoinRequest.objects.get()
    reminder = SentReminder.objects.get(participant=me)
    follow_up = SentMail.objects.get()
    assert files["account.json"]["emails_refused"] == ["outcomes"]
    assert files["team.json"] == {
        "organisers": ["Technoparc"],
        "roles": [{"edition": edition.name, "role": "staff"}],
        "invitations": [
            {
                "edition": "Next year",
                "email": "ADA@example.com",
                "role": "checkin",
                "status": "pending",
                "invited_at": invitation.created_at.isoformat(),
            }
        ],
    }
    assert files["join_requests.json"] == [
        {
            "edition": "Next year",
            "company": "Gearworks 2",
            "role": "buyer",
            "job_title": "Head buyer",
            "languages": [],
            "status": "pending",
            "asked_at": join.created_at.isoformat(),
            "answered_at": None,
            "privacy_notice": {"version": "", "accepted_at": None},
        }
    ]
    assert files["erasure_requests.json"] == [
        {
            "edition": edition.name,
            "origin": "request",
            "status": "declined",
            "asked_at": erasure.requested_at.isoformat(),
            "answered_at": erasure.done_at.isoformat(),
            "decline_reason": "Unpaid invoice.",
        }
    ]
    assert files["emails_sent.json"] == {
        "agenda_reminders": [
            {
                "edition": edition.name,
                "day": edition.start_date.isoformat(),
                "sent_at": reminder.sent_at.isoformat(),
            }
        ],
        "outcome_emails": [
            {
                "edition": edition.name,
                "kind": "follow_up",
                "about": "3",
                "sent_at": follow_up.sent_at.isoformat(),
            }
        ],
    }


def test_export_of_a_team_member_names_nobody_they_acted_on(client, edition, world, mailoutbox):
    # Ada, a participant, also sits on a later edition's team: the entries she wrote there
    # are hers (what she did, where, when), but the people they name are not, least of all
    # an address typed for an invitation its owner never accepted.
    me = world["me"]
    later = factories.make_edition(series=edition.series, name="Next year")
    EditionMembership.objects.create(edition=later, user=me.user, role=EditionRole.STAFF)
    invited = registration.invite_participant(
        later,
        by=me.user,
        email="never.answered@example.com",
        first_name="Nora",
        last_name="Quiet",
        company=factories.make_company(later, name="Silent Ltd"),
        role=ParticipantRole.SUPPLIER,
        languages=["en"],
        language="en",
    )
    log_action("profile.update", by=me.user, edition=edition, obj=me, field="phone")
    client.force_login(me.user)

    entries = _unzip(client.get(reverse("privacy-portal:export", args=[edition.slug])))[
        "audit.json"
    ]

    written = json.dumps(entries)
    assert ("never.answered" in written, "Nora" in written) == (False, False)
    assert [(row["action"], row["edition"], row["object"]) for row in entries] == [
        ("account.login", "", "ada@example.com"),
        ("participant.add", "Next year", None),
        ("participant.invite", "Next year", None),
        ("profile.update", edition.name, str(me)),
        ("account.login", "", "ada@example.com"),  # the test client's
    ]
    assert invited.status == "invited"
