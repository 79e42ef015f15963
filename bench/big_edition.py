"""A big edition for benchmarks and load tests: 2,000 participants and 20,000 meetings by default.

    .venv/bin/python bench/big_edition.py                          # slug "big" into the database
    .venv/bin/python bench/big_edition.py --slug huge --participants 4000 --meetings 40000

Builds into the configured database (PADDOCK_DATABASE_URL, or the default SQLite file), after
`migrate`; an edition of the same slug is replaced. From code (a test or another bench), with
Django set up: `build(slug="big", participants=2000, meetings=20000, seed=1)`.

What it makes, quickly (bulk_create rather than the services, which check and log row by row):
an organiser, a series and an edition in the "scheduled" status, Europe/Paris, in French and
English; a time grid of as many days as the meetings need (17 slots a day); rooms of 50 tables;
about three participants per company (600 companies for 2,000 people) with offers and needs
from the default taxonomy; validated participants with accounts (password `PASSWORD`); one
accepted meeting request per meeting; a succeeded, applied scheduling run and a published
schedule of scheduled meetings, with no participant twice in a slot and no table twice in a slot
(each slot takes a part of one round of a round-robin tournament, so no pair meets twice); and
check-ins at the entrance for a third of the participants. Accounts: `organiser@<slug>.example`
(organiser of the series), `staff@...`, `checkin@...`, and `p<N>@<slug>.example`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
# The functions import Django and the models inside: the command line sets Django up first.

PASSWORD = "paddock-bench"  # noqa: S105 - synthetic accounts of a benchmark database
SLOTS_PER_DAY = 17
TABLES_PER_ROOM = 50
PEOPLE_PER_COMPANY = 10 / 3
FIRST_DAY = dt.date(2027, 6, 10)
LOAD_FACTOR = 2.5
"""Slots per meeting of the busiest-on-average participant: room for the grid to breathe."""

CITIES = ["Le Mans", "Lyon", "Stuttgart", "Turin", "Bilbao", "Porto", "Lille", "Brno"]
COUNTRIES = ["FR", "FR", "FR", "DE", "IT", "ES", "PT", "BE", "CZ", "GB"]
SECTORS = ["automotive", "motorsport", "aerospace", "mechanical", "metalwork", "additive"]
SIZES = ["micro", "small", "medium", "large", ""]
ROLES = ["buyer", "supplier", "both"]
LANGUAGES = [["fr"], ["fr", "en"], ["en"], ["de", "en"], ["it", "en"], ["es"]]
FIRST_NAMES = ["Camille", "Louis", "Emma", "Jonas", "Giulia", "Pablo", "Léa", "Hugo", "Anna"]
LAST_NAMES = ["Martin", "Bernard", "Müller", "Rossi", "García", "Dubois", "Lefèvre", "Novák"]
WORDS = ["Précision", "Usinage", "Composites", "Fonderie", "Tech", "Racing", "Industrie", "Atelier"]


@dataclass(frozen=True)
class Built:
    edition: Any
    participants: int
    companies: int
    meetings: int
    slots: int
    tables: int
    checkins: int


def build(
    slug: str = "big", participants: int = 2000, meetings: int = 20000, seed: int = 1
) -> Built:
    """Create the edition in one transaction (replacing one of the same slug) and return it."""
    from django.db import transaction

    if participants < 2 or participants % 2:
        raise ValueError("participants must be an even number of at least 2")
    slots, tables = _grid_size(participants, meetings)
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    with transaction.atomic():
        _delete(slug)
        staff = _staff(slug)
        edition = _edition(slug, staff, days=math.ceil(slots / SLOTS_PER_DAY))
        all_slots = list(edition.slots.order_by("start"))[:slots]
        all_tables = _tables(edition, tables)
        people = _participants(edition, participants, rng, by=staff["organiser"])
        made = _meetings(
            edition, people, slots=all_slots, tables=all_tables, total=meetings, rng=rng
        )
        checkins = _checkins(edition, people, all_slots[0], by=staff["checkin"])
        _publish(edition, made, by=staff["organiser"])
    companies = edition.companies.count()
    return Built(edition, len(people), companies, len(made), len(all_slots), tables, checkins)


def _grid_size(participants: int, meetings: int) -> tuple[int, int]:
    """(slots, tables) enough for the meetings: each slot holds part of one round."""
    per_person = 2 * meetings / participants
    slots = max(SLOTS_PER_DAY, math.ceil(per_person * LOAD_FACTOR))
    if slots > participants - 1:
        raise ValueError("too many meetings for so few participants")
    per_slot = math.ceil(meetings / slots)
    if per_slot > participants // 2:
        raise ValueError("too many meetings for so few participants")
    return slots, per_slot


def _delete(slug: str) -> None:
    from paddock.accounts.models import User
    from paddock.events.models import EventSeries, Organiser

    EventSeries.objects.filter(slug=f"{slug}-series").delete()
    Organiser.objects.filter(slug=f"{slug}-organiser").delete()
    User.objects.filter(email__endswith=f"@{slug}.example").delete()


def _staff(slug: str) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from paddock.accounts.models import User

    hashed = make_password(PASSWORD)
    return {
        key: User.objects.create(
            email=f"{key}@{slug}.example",
            first_name=key.title(),
            last_name="Bench",
            password=hashed,
        )
        for key in ("organiser", "staff", "checkin")
    }


def _edition(slug: str, staff: dict[str, Any], *, days: int) -> Any:
    from paddock.events import services
    from paddock.events.enums import EditionRole, EditionStatus
    from paddock.events.models import EditionMembership, EventSeries, Organiser

    organiser = Organiser.objects.create(name=f"Bench {slug}", slug=f"{slug}-organiser")
    organiser.members.add(staff["organiser"])
    series = EventSeries.objects.create(
        organiser=organiser, name=f"Bench series {slug}", slug=f"{slug}-series"
    )
    dates = [FIRST_DAY + dt.timedelta(days=n) for n in range(days)]
    edition = services.create_edition(
        series,
        by=staff["organiser"],
        name=f"Big edition {slug}",
        slug=slug,
        start_date=dates[0],
        end_date=dates[-1],
        timezone="Europe/Paris",
        languages=["fr", "en"],
        status=EditionStatus.SCHEDULED,
        venue_name="Bench hall",
    )
    for key, role in (("staff", EditionRole.STAFF), ("checkin", EditionRole.CHECKIN)):
        EditionMembership.objects.create(edition=edition, user=staff[key], role=role)
    services.generate_time_grid(
        edition,
        by=staff["organiser"],
        days=dates,
        day_start=dt.time(9, 0),
        day_end=dt.time(18, 0),
        meeting_minutes=20,
        pause_minutes=5,
        lunch_start=dt.time(12, 30),
        lunch_end=dt.time(14, 0),
    )
    return edition


def _tables(edition: Any, count: int) -> list[Any]:
    from paddock.events.models import Room, Table

    rooms = Room.objects.bulk_create(
        Room(edition=edition, name=f"Hall {n + 1}", capacity=2 * TABLES_PER_ROOM, position=n)
        for n in range(math.ceil(count / TABLES_PER_ROOM))
    )
    return Table.objects.bulk_create(
        Table(
            room=rooms[n // TABLES_PER_ROOM],
            label=f"{n // TABLES_PER_ROOM + 1}-{n % TABLES_PER_ROOM + 1}",
            position=n % TABLES_PER_ROOM,
        )
        for n in range(count)
    )


def _participants(edition: Any, count: int, rng: random.Random, *, by: Any) -> list[Any]:
    from paddock.accounts.models import User
    from paddock.participants.models import Participant

    companies = _companies(edition, max(1, round(count / PEOPLE_PER_COMPANY)), rng)
    hashed = User.objects.get(email=f"organiser@{edition.slug}.example").password
    users = User.objects.bulk_create(
        User(
            email=f"p{n}@{edition.slug}.example",
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)} {n}",
            password=hashed,
            preferred_language=rng.choice(["fr", "en"]),
        )
        for n in range(count)
    )
    now = dt.datetime(2027, 5, 1, 12, 0, tzinfo=dt.UTC)
    return Participant.objects.bulk_create(
        Participant(
            edition=edition,
            user=user,
            company=companies[n % len(companies)],
            job_title=rng.choice(["CEO", "Buyer", "Sales manager", "Engineer"]),
            phone=f"+33 6 {n:08d}",
            languages=rng.choice(LANGUAGES),
            role=rng.choice(ROLES),
            status="validated",
            validated_at=now,
            validated_by=by,
            consent_version="default",
            consented_at=now,
        )
        for n, user in enumerate(users)
    )


def _companies(edition: Any, count: int, rng: random.Random) -> list[Any]:
    from paddock.participants.models import Category, Company, Need, Offer
    from paddock.participants.text import fold

    companies = []
    for n in range(count):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n + 1}"
        city = rng.choice(CITIES)
        description = (
            f"{name}: {rng.choice(WORDS).lower()} pour l'industrie, depuis {1950 + n % 70}."
        )
        companies.append(
            Company(
                edition=edition,
                name=name,
                country=rng.choice(COUNTRIES),
                city=city,
                sector=rng.choice(SECTORS),
                size=rng.choice(SIZES),
                website=f"https://www.company{n + 1}.example",
                description=description,
                search_text=fold(f"{name} {city} {description}"),
            )
        )
    companies = Company.objects.bulk_create(companies)
    leaves = list(
        Category.objects.filter(organiser=None, children=None).values_list("pk", flat=True)
    )
    for model in (Offer, Need):
        model.objects.bulk_create(
            model(company=company, category_id=category)
            for company in companies
            for category in rng.sample(leaves, rng.randint(1, 4))
        )
    return companies


def _pairs(count: int, round_number: int) -> list[tuple[int, int]]:
    """The pairs of one round of the circle method: every pair of people meets in one round."""
    ring = count - 1
    positions = [(p + round_number) % ring for p in range(ring)] + [ring]
    return [(positions[i], positions[count - 1 - i]) for i in range(count // 2)]


def _meetings(
    edition: Any,
    people: list[Any],
    *,
    slots: list[Any],
    tables: list[Any],
    total: int,
    rng: random.Random,
) -> list[Any]:
    from paddock.meetings.models import Meeting, MeetingRequest

    per_slot = len(tables)
    half = len(people) // 2
    chosen: list[tuple[int, int, int, int]] = []  # (slot, table, first, second)
    for s in range(len(slots)):
        pairs = _pairs(len(people), s)
        start = (s * per_slot) % half
        for t in range(min(per_slot, total - len(chosen))):
            first, second = pairs[(start + t) % half]
            chosen.append((s, t, first, second))
    answered = dt.datetime(2027, 5, 20, 9, 0, tzinfo=dt.UTC)
    priorities = [("must", 3), ("should", 2), ("could", 1)]
    weighted = [rng.choice(priorities) for _ in chosen]
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(
            edition=edition,
            requester=people[first],
            recipient=people[second],
            priority=priority,
            status="accepted",
            answered_at=answered,
        )
        for (_s, _t, first, second), (priority, _w) in zip(chosen, weighted, strict=True)
    )
    return Meeting.objects.bulk_create(
        Meeting(
            edition=edition,
            request=request,
            first=people[first],
            second=people[second],
            weight=weight,
            status="scheduled",
            slot=slots[s],
            table=tables[t],
        )
        for (s, t, first, second), request, (_p, weight) in zip(
            chosen, requests, weighted, strict=True
        )
    )


def _checkins(edition: Any, people: list[Any], first_slot: Any, *, by: Any) -> int:
    from paddock.checkin.models import CheckIn

    arrivals = CheckIn.objects.bulk_create(
        CheckIn(
            edition=edition,
            participant=person,
            checked_in_at=first_slot.start - dt.timedelta(minutes=30 - n % 30),
            by=by,
        )
        for n, person in enumerate(people[::3])
    )
    return len(arrivals)


def _publish(edition: Any, meetings: list[Any], *, by: Any) -> None:
    from django.db.models import F

    from paddock.meetings.models import Meeting
    from paddock.scheduling.models import PublishedSchedule, ScheduleRun

    now = dt.datetime(2027, 5, 25, 10, 0, tzinfo=dt.UTC)
    ScheduleRun.objects.create(
        edition=edition,
        number=1,
        started_by=by,
        started_at=now,
        finished_at=now,
        status="succeeded",
        solver_status="feasible",
        seconds=1.0,
        applied=True,
    )
    assignments = {str(m.pk): [m.slot_id, m.table_id] for m in meetings}
    PublishedSchedule.objects.create(
        edition=edition,
        published_by=by,
        assignments=assignments,
        notified=0,
        meetings=len(assignments),
    )
    # As publish_schedule does: each meeting keeps its published place (all are placed).
    Meeting.objects.filter(edition=edition, slot__isnull=False).update(
        published_slot=F("slot_id"), published_table=F("table_id")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="big")
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paddock.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = build(args.slug, args.participants, args.meetings, args.seed)
    seconds = time.perf_counter() - started
    print(
        f"{built.edition.slug}: {built.participants} participants, {built.companies} companies, "
        f"{built.meetings} meetings in {built.slots} slots on {built.tables} tables, "
        f"{built.checkins} check-ins; {seconds:.1f} s. Password of every account: {PASSWORD}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
