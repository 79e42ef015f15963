"""Builds the demo: the organiser, the series "International Business Days" and two editions.

The 2021 edition follows the seed story (one day in August, one room, a sanitary protocol, about
fifteen participants); the 2019 edition is a normal year for history (two days under a tent, a
hundred participants). Everything goes through the services of the other apps, except the
organiser, the series and the edition roles, which have no service yet.

2021 is in matchmaking: accepted requests wait for the scheduler's first run. 2019 is over: its
meetings came from requests answered or expired before the event (`meeting_requests.py`), its
schedule was published and its days happened, check-ins and no-shows included; its rows are
then dated as it happened, from registrations in March 2019 (`past_dates.py`). Both have zones
open to visits (`visits.py`); in 2021 the protocol cancelled them, as happened. No mail leaves
while the demo is built (`mail.no_mail`). The series' history goes back to 2008 with the summary
figures of the editions before Paddock, and the firms that came in 2019 and 2021 share one
organisation of the directory (`past_years`).
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from paddock.accounts.models import User
from paddock.core.table_statistics import refresh_table_statistics
from paddock.demo import accounts, catalogue
from paddock.demo.companies_2021 import (
    COMPANIES_2021,
    METAL_PRINTER_EMAIL,
    WELDING_BUYER_EMAIL,
)
from paddock.demo.companies_normal import generate_companies
from paddock.demo.history import live_the_edition
from paddock.demo.mail import no_mail
from paddock.demo.meeting_requests import make_requests
from paddock.demo.past_dates import date_the_past_edition
from paddock.demo.past_years import FIRST_YEAR, add_past_editions, link_returning_organisations
from paddock.demo.spec import DEMO_DOMAIN, DemoCompany
from paddock.demo.visits import build_visits
from paddock.events import services as event_services
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import Edition, EditionMembership, EventSeries, Organiser, Room
from paddock.participants.enums import ParticipantStatus
from paddock.participants.services import request_recompute

ORGANISER_SLUG = "technoparc-demo"
SERIES_SLUG = "ibd"
NORMAL_YEAR_SEED = 2019
NORMAL_YEAR_PARTICIPANTS = 100
# Firms of 2021 that came in 2019 too, with the same people: contacts span the editions.
RETURNING_FROM_2021 = frozenset(
    {
        "Tertre Rouge Endurance",
        "Mécanique de Précision de l'Huisne",
        "Vauclair Pneumatiques",
        "Brandauer Präzisionsguss GmbH",
        "Calcyon Ingénierie",
    }
)


@dataclass(frozen=True)
class EditionPlan:
    """What differs between the two demo editions."""

    slug: str
    name: str
    days: tuple[dt.date, ...]
    status: str
    description: str
    rooms: tuple[tuple[str, int, int, str], ...]
    """(name, capacity in persons, tables, table label prefix)."""
    protocol: dict[str, Any]
    grid: dict[str, Any]
    companies: tuple[DemoCompany, ...] = field(default=())


@dataclass
class DemoResult:
    editions: list[Edition]
    logins: list[tuple[str, str]]
    """(who, email) for the people to try the demo as."""


def demo_exists() -> bool:
    return (
        Organiser.objects.filter(slug=ORGANISER_SLUG).exists()
        or EventSeries.objects.filter(slug=SERIES_SLUG).exists()
        or accounts.demo_accounts().exists()
    )


@transaction.atomic
def delete_demo() -> None:
    """Remove the demo's organiser, series (with their editions) and accounts."""
    series = EventSeries.objects.filter(Q(slug=SERIES_SLUG) | Q(organiser__slug=ORGANISER_SLUG))
    series.delete()
    Organiser.objects.filter(slug=ORGANISER_SLUG).delete()
    accounts.demo_accounts().delete()


def build_demo() -> DemoResult:
    """Create the whole demo in one transaction, sending no mail. The caller checked that none
    exists; a caller inside a transaction encloses it in `mail.no_mail()` too."""
    with no_mail(), transaction.atomic():
        return _build_demo()


def _build_demo() -> DemoResult:
    password_hash = accounts.hash_demo_password()
    team = accounts.create_team(password_hash)
    organiser_user = team["organiser"]
    organiser = Organiser.objects.create(name="Technoparc des 24 Heures", slug=ORGANISER_SLUG)
    organiser.members.add(organiser_user)
    series = EventSeries.objects.create(
        organiser=organiser,
        name="International Business Days",
        slug=SERIES_SLUG,
        first_year=2008,
        description=(
            "Business meetings between SMEs of the automotive and mechanical trades, "
            "held every year beside the 24-hour race since 2008."
        ),
    )
    plans = [plan_2021(), plan_normal_year()]
    showcase = {email for _who, email in _logins()}
    editions = [_build_edition(series, plan, team=team, showcase=showcase) for plan in plans]
    link_returning_organisations(editions, by=organiser_user)
    add_past_editions(series, by=organiser_user, seed=FIRST_YEAR)
    everyone = [company for plan in plans for company in plan.companies]
    accounts.give_demo_password(password_hash, french_emails=catalogue.french_speakers(everyone))
    for edition in editions:
        # Once per edition, after commit: the demo's participants get recommendations.
        request_recompute(edition)
    # Thousands of rows written (and, on a reset, deleted) in this transaction: pages read
    # next must not be planned on statistics of tables thought empty.
    refresh_table_statistics(project_models())
    return DemoResult(editions=editions, logins=_logins())


def project_models() -> list[type[Model]]:
    """Every model of Paddock's apps, many-to-many tables included: the demo fills nearly all."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("paddock.")
    ]


def _build_edition(
    series: EventSeries, plan: EditionPlan, *, team: dict[str, User], showcase: set[str]
) -> Edition:
    by = team["organiser"]
    edition = event_services.create_edition(
        series,
        by=by,
        name=plan.name,
        slug=plan.slug,
        start_date=plan.days[0],
        end_date=plan.days[-1],
        timezone="Europe/Paris",
        languages=["fr", "en"],
        # Registration is open while the demo fills the edition; its real status comes last.
        status=EditionStatus.REGISTRATION,
        venue_name="Technoparc, Le Mans",
        venue_address="Technoparc des 24 Heures\n72100 Le Mans\nFrance",
        description=plan.description,
    )
    for key, role in (("staff", EditionRole.STAFF), ("checkin", EditionRole.CHECKIN)):
        EditionMembership.objects.create(edition=edition, user=team[key], role=role)
    # Visits ran until the protocol of 2021 stopped them: it comes in full after they are built.
    event_services.update_protocol(edition, by=by, **{**plan.protocol, "visits_allowed": True})
    rooms = [
        _build_room(edition, name, capacity, tables, prefix, by=by)
        for name, capacity, tables, prefix in plan.rooms
    ]
    event_services.generate_time_grid(edition, by=by, days=list(plan.days), **plan.grid)
    participants = catalogue.add_companies(edition, plan.companies, by=by)
    catalogue.assign_home_tables(rooms[0], plan.companies, participants, by=by)
    if plan.status == EditionStatus.MATCHMAKING:
        make_requests(edition, seed=plan.days[0].year, showcase=showcase)
    else:
        live_the_edition(edition, organiser=by, desk=team["checkin"], seed=plan.days[0].year)
    build_visits(edition, by=by, seed=plan.days[0].year)
    event_services.update_protocol(edition, by=by, **plan.protocol)
    edition = event_services.update_edition(edition, by=by, status=plan.status)
    if plan.status == EditionStatus.CLOSED:
        # Its dating reads every row written so far; autovacuum may have measured the tables
        # meanwhile, while these rows were uncommitted (so not counted).
        refresh_table_statistics(project_models())
        # Built today like the rest; dated as it happened, before 2021's present.
        date_the_past_edition(edition, seed=plan.days[0].year, desk=team["checkin"])
    return edition


def _build_room(
    edition: Edition, name: str, capacity: int, tables: int, prefix: str, *, by: Any
) -> Room:
    room = event_services.create_room(edition, by=by, name=name, capacity=capacity)
    event_services.add_tables(room, by=by, count=tables, prefix=prefix, start=1)
    return room


def plan_2021() -> EditionPlan:
    """One Thursday in August 2021, one room, the sanitary protocol of the time."""
    return EditionPlan(
        slug="ibd-2021",
        name="International Business Days 2021",
        days=(dt.date(2021, 8, 19),),
        status=EditionStatus.MATCHMAKING,
        description=(
            "Race week moved to August and a sanitary protocol: one meeting room, about fifteen "
            "SMEs, a health pass checked at the door, and no paddock visits this year."
        ),
        rooms=(("Salle Mulsanne", 30, 8, "T"),),
        # Twelve persons at once: six simultaneous meetings on eight tables.
        protocol={
            "max_persons_per_room": 12,
            "health_pass_required": True,
            "visits_allowed": False,
        },
        grid={
            "day_start": dt.time(9, 0),
            "day_end": dt.time(17, 30),
            "meeting_minutes": 20,
            "pause_minutes": 5,
            "lunch_start": dt.time(12, 30),
            "lunch_end": dt.time(14, 0),
        },
        companies=COMPANIES_2021,
    )


def plan_normal_year() -> EditionPlan:
    """The Thursday and Friday before the race in June 2019: a hundred people under a tent."""
    taken = {person.email_local for company in COMPANIES_2021 for person in company.people}
    returning = _returning_companies()
    newcomers = NORMAL_YEAR_PARTICIPANTS - sum(len(company.people) for company in returning)
    return EditionPlan(
        slug="ibd-2019",
        name="International Business Days 2019",
        days=(dt.date(2019, 6, 13), dt.date(2019, 6, 14)),
        status=EditionStatus.CLOSED,
        description=(
            "A normal year: a hundred participants from seven countries under the giant tent, "
            "with visits of the paddocks and the teams' garages."
        ),
        rooms=(("Barnum", 120, 40, "B"), ("Salle Arnage", 24, 8, "A")),
        protocol={
            "max_persons_per_room": None,
            "health_pass_required": False,
            "visits_allowed": True,
        },
        grid={
            "day_start": dt.time(9, 0),
            "day_end": dt.time(18, 0),
            "meeting_minutes": 25,
            "pause_minutes": 5,
            "lunch_start": dt.time(12, 30),
            "lunch_end": dt.time(14, 0),
        },
        companies=(
            *returning,
            *generate_companies(seed=NORMAL_YEAR_SEED, participants=newcomers, taken_emails=taken),
        ),
    )


def _returning_companies() -> list[DemoCompany]:
    """The 2021 firms that also came in 2019, validated and without a home table then."""
    return [
        replace(
            company,
            people=tuple(
                replace(person, status=ParticipantStatus.VALIDATED, home_table="")
                for person in company.people
            ),
        )
        for company in COMPANIES_2021
        if company.name in RETURNING_FROM_2021
    ]


def _logins() -> list[tuple[str, str]]:
    return [
        (_("Organiser"), f"organiser@{DEMO_DOMAIN}"),
        (_("Staff"), f"staff@{DEMO_DOMAIN}"),
        (_("Check-in agent"), f"checkin@{DEMO_DOMAIN}"),
        (_("Participant: welding-equipment buyer"), f"{WELDING_BUYER_EMAIL}@{DEMO_DOMAIN}"),
        (_("Participant: metal 3D-printing supplier"), f"{METAL_PRINTER_EMAIL}@{DEMO_DOMAIN}"),
        (_("Django admin (superuser)"), f"admin@{DEMO_DOMAIN}"),
    ]
