"""The export kinds: their headers and rows in the file's language and the edition's time."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paddock.accounts.models import User
from paddock.checkin.models import CheckIn
from paddock.exchange.exports import KINDS, export_filename, export_table, kind_counts
from paddock.meetings.enums import MeetingStatus, RequestPriority, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.outcomes.models import Outcome
from paddock.participants.enums import CompanySize, ParticipantRole, ParticipantStatus, Sector
from paddock.participants.models import Need, Offer
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests import factories
from tests.exchange.conftest import fill_edition
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

# 13:00 UTC is 09:00 in Montréal in June (UTC-4), and 15:00 in Paris.
START = dt.datetime(2031, 6, 12, 13, 0, tzinfo=dt.UTC)
DAY, NINE = dt.date(2031, 6, 12), dt.time(9, 0)
# The two people of most tests as the rows show them: name, then company.
ANNE, BOB = ["Anne Martin", "Acme"], ["Bob Durand", "Bolt"]


def wall(*fields: int) -> dt.datetime:
    """A wall-clock time without a zone, as the files hold them."""
    return dt.datetime(*fields, tzinfo=dt.UTC).replace(tzinfo=None)


@pytest.fixture
def montreal(db):
    return factories.make_edition(timezone="America/Montreal")


def person(edition, first_name, last_name, company, **fields):
    user = factories.make_user(
        email=f"{first_name.lower()}@example.com", first_name=first_name, last_name=last_name
    )
    return factories.make_participant(edition, user=user, company=company, **fields)


@pytest.fixture
def anne(montreal):
    return person(montreal, "Anne", "Martin", factories.make_company(montreal, name="Acme"))


@pytest.fixture
def bob(montreal):
    return person(montreal, "Bob", "Durand", factories.make_company(montreal, name="Bolt"))


def scheduled_meeting(first, second, *, room: str, table: str) -> Meeting:
    """A meeting of the two from 09:00 to 09:25 (Montréal) on the edition's first day."""
    edition = first.edition
    session = edition.sessions.create(name="Morning", date=edition.start_date)
    slot = edition.slots.create(session=session, start=START, end=START + dt.timedelta(minutes=25))
    return Meeting.objects.create(
        edition=edition,
        first=first,
        second=second,
        status=MeetingStatus.SCHEDULED,
        slot=slot,
        table=factories.make_table(factories.make_room(edition, name=room), label=table),
    )


def test_meetings_export_day_time_room_and_table_in_the_edition_time_zone(montreal, anne, bob):
    scheduled_meeting(anne, bob, room="Salle Mulsanne", table="T4")

    table = export_table(montreal, KINDS["meetings"], language="en")

    assert table.headers == [
        "Day",
        "Start",
        "End",
        "Room",
        "Table",
        "Participant",
        "Company",
        "Participant met",
        "Company met",
        "Status",
    ]
    assert table.rows == [
        [DAY, NINE, dt.time(9, 25), "Salle Mulsanne", "T4", *ANNE, *BOB, "Scheduled"]
    ]


def test_meetings_export_unscheduled_meeting_last_without_place(montreal, anne):
    bob = person(montreal, "Bob", "", factories.make_company(montreal, name="Bolt"))
    Meeting.objects.create(edition=montreal, first=anne, second=bob)

    table = export_table(montreal, KINDS["meetings"], language="fr")

    assert table.rows == [[None, None, None, "", "", *ANNE, "Bob", "Bolt", "À planifier"]]


def test_participants_export_shared_columns_then_export_only_ones_in_french(montreal):
    company = factories.make_company(
        montreal,
        name='=HYPERLINK("http://x")',
        country="DE",
        city="Stuttgart",
        sector=Sector.AEROSPACE,
        size=CompanySize.SMALL,
        website="https://example.com",
        description="Two\nlines",
    )
    Offer.objects.create(company=company, category=factories.make_category(code="x-milling"))
    Offer.objects.create(company=company, category=factories.make_category(code="x-turning"))
    Need.objects.create(company=company, text="Only free text")
    anne = person(
        montreal,
        "Anne",
        "Martin",
        company,
        job_title="+33 6 12",
        phone="0612",
        languages=["de", "en"],
        role=ParticipantRole.BOTH,
        status=ParticipantStatus.VALIDATED,
        validated_at=START,
    )
    CheckIn.objects.create(edition=montreal, participant=anne, checked_in_at=START)
    CheckIn.objects.create(
        edition=montreal, participant=anne, checked_in_at=START + dt.timedelta(days=1)
    )

    table = export_table(montreal, KINDS["participants"], language="fr")

    assert table.headers == [
        "E-mail",
        "Prénom",
        "Nom",
        "Entreprise",
        "Pays",
        "Ville",
        "Secteur",
        "Taille de l’entreprise",
        "Site web",
        "Description de l’entreprise",
        "Fonction",
        "Téléphone",
        "Langues",
        "Rôle",
        "Offres",
        "Besoins",
        "Statut",
        "Inscrit le",
        "Validé le",
        "Arrivé le",
    ]
    registered = anne.created_at.astimezone(montreal.tzinfo).replace(tzinfo=None)
    assert table.rows == [
        [
            "anne@example.com",
            "Anne",
            "Martin",
            '=HYPERLINK("http://x")',
            "Allemagne",
            "Stuttgart",
            "Aéronautique et spatial",
            "10 à 49 salariés",
            "https://example.com",
            "Two\nlines",
            "+33 6 12",
            "0612",
            "de, en",
            "Acheteur et fournisseur",
            "x-milling, x-turning",
            "",
            "Validé",
            registered,
            wall(2031, 6, 12, 9, 0),
            wall(2031, 6, 12, 9, 0),
        ]
    ]


def test_companies_export_counts_participants(montreal):
    company = factories.make_company(montreal, name="Acme", country="FR", city="Le Mans")
    Need.objects.create(company=company, category=factories.make_category(code="x-welding"))
    person(montreal, "Anne", "Martin", company)
    person(montreal, "Bob", "Durand", company)
    factories.make_company(montreal, name="Empty", country="BE")

    table = export_table(montreal, KINDS["companies"], language="en")

    assert table.headers == [
        "Company",
        "Country",
        "City",
        "Sector",
        "Company size",
        "Website",
        "Company description",
        "Offers",
        "Needs",
        "Participants",
    ]
    assert table.rows == [
        ["Acme", "France", "Le Mans", "Automotive", "", "", "", "", "x-welding", 2],
        ["Empty", "Belgium", "", "Automotive", "", "", "", "", "", 0],
    ]


def test_requests_export_from_to_status_priority_and_dates(montreal, anne, bob):
    request = MeetingRequest.objects.create(
        edition=montreal,
        requester=anne,
        recipient=bob,
        priority=RequestPriority.MUST,
        status=RequestStatus.DECLINED,
        answered_at=START,
    )

    table = export_table(montreal, KINDS["requests"], language="en")

    sent = request.created_at.astimezone(montreal.tzinfo).replace(tzinfo=None)
    assert table.headers == [
        "From",
        "From company",
        "To",
        "To company",
        "Priority",
        "Status",
        "Mutual",
        "Sent on",
        "Answered on",
    ]
    assert table.rows == [
        [*ANNE, *BOB, "Must meet", "Declined", "no", sent, wall(2031, 6, 12, 9, 0)]
    ]


def test_checkins_export_who_when_where_by_whom_and_health_pass(montreal, anne):
    agent = User.objects.create_user("agent@example.com", first_name="Claire", last_name="Roy")
    room = factories.make_room(montreal, name="Salle Arnage")
    CheckIn.objects.create(
        edition=montreal, participant=anne, checked_in_at=START, by=agent, health_pass_checked=True
    )
    CheckIn.objects.create(
        edition=montreal, participant=anne, checked_in_at=START + dt.timedelta(hours=1), room=room
    )

    table = export_table(montreal, KINDS["checkins"], language="fr")

    assert table.headers == [
        "Participant",
        "Entreprise",
        "Date et heure d’arrivée",
        "Lieu",
        "Enregistré par",
        "Pass sanitaire contrôlé",
    ]
    assert table.rows == [
        [*ANNE, wall(2031, 6, 12, 9, 0), "Entrée", "Claire Roy", "oui"],
        [*ANNE, wall(2031, 6, 12, 10, 0), "Salle Arnage", "", "non"],
    ]


def test_visits_export_lists_bookings_with_the_zone_in_the_file_language(montreal, anne, bob):
    visit = make_visit(make_zone(montreal), start=START, end=START + dt.timedelta(hours=1))
    Booking.objects.create(session=visit, participant=anne, status=BookingStatus.CONFIRMED)
    Booking.objects.create(session=visit, participant=bob, status=BookingStatus.WAITING, position=1)

    table = export_table(montreal, KINDS["visits"], language="fr")

    assert table.headers[:8] == [
        "Zone",
        "Jour",
        "Début",
        "Fin",
        "Participant",
        "Entreprise",
        "Réservation",
        "Place sur la liste d’attente",
    ]
    visit_at_nine = ["Paddock de l’équipe Alpine", DAY, NINE, dt.time(10, 0)]
    assert [row[:8] for row in table.rows] == [
        [*visit_at_nine, *ANNE, "Confirmée", None],
        [*visit_at_nine, *BOB, "En liste d’attente", 1],
    ]


def test_outcomes_export_gives_each_side_with_the_person_met(montreal, anne, bob):
    meeting = scheduled_meeting(anne, bob, room="Salle Arnage", table="T1")
    Outcome.objects.create(
        meeting=meeting,
        participant=bob,
        took_place=True,
        interest=5,
        next_step=NextStep.QUOTE,
        value_band=ValueBand.FROM_10K,
        comment="=1+1",
        answered_at=START + dt.timedelta(hours=2),
    )

    table = export_table(montreal, KINDS["outcomes"], language="en")

    assert table.rows == [
        [DAY, NINE, *BOB, *ANNE, "yes", 5, "Quote", "10–50 k€", "=1+1", wall(2031, 6, 12, 11, 0)]
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_exports_same_query_count_for_a_small_and_a_bigger_edition(db, kind):
    small, bigger = factories.make_edition(), factories.make_edition()
    fill_edition(small, 1)
    fill_edition(bigger, 3)

    counts = []
    for edition in (small, bigger):
        with CaptureQueriesContext(connection) as queries:
            export_table(edition, KINDS[kind], language="en")
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_kind_counts_rows_of_each_kind(edition):
    fill_edition(edition, 2)

    counts = {kind.key: count for kind, count in kind_counts(edition)}

    assert counts == {
        "participants": 4,
        "companies": 4,
        "requests": 2,
        "meetings": 2,
        "checkins": 4,
        "visits": 2,
        "outcomes": 2,
    }


def test_export_filename_edition_kind_and_date(edition, settings):
    name = export_filename(edition, KINDS["meetings"], "xlsx")

    today = dt.datetime.now(tz=edition.tzinfo).date().isoformat()
    assert name == f"{edition.slug}-meetings-{today}.xlsx"
