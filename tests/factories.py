"""Plain factory functions for tests: each makes exactly what it says, with overridable fields."""

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from django.utils import timezone

from paddock.accounts.models import User
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import (
    Edition,
    EditionMembership,
    EventSeries,
    Interpreter,
    Organiser,
    Room,
    SanitaryProtocol,
    Table,
)
from paddock.meetings.models import Meeting
from paddock.outcomes.models import Outcome
from paddock.participants.enums import ParticipantRole, ParticipantStatus, Sector
from paddock.participants.models import Category, Company, Participant

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


def make_user(email: str | None = None, **fields: Any) -> User:
    number = next(_sequence)
    fields.setdefault("first_name", f"First{number}")
    fields.setdefault("last_name", f"Last{number}")
    return User.objects.create_user(email or f"user{number}@example.com", PASSWORD, **fields)


def make_organiser(*, members: list[User] | None = None, **fields: Any) -> Organiser:
    number = next(_sequence)
    fields.setdefault("name", f"Organiser {number}")
    fields.setdefault("slug", f"organiser-{number}")
    organiser = Organiser.objects.create(**fields)
    if members:
        organiser.members.add(*members)
    return organiser


def make_series(organiser: Organiser | None = None, **fields: Any) -> EventSeries:
    number = next(_sequence)
    fields.setdefault("name", f"Series {number}")
    fields.setdefault("slug", f"series-{number}")
    return EventSeries.objects.create(organiser=organiser or make_organiser(), **fields)


def make_edition(series: EventSeries | None = None, **fields: Any) -> Edition:
    """An edition with its (empty) sanitary protocol, as services.create_edition makes it."""
    number = next(_sequence)
    fields.setdefault("name", f"Edition {number}")
    fields.setdefault("slug", f"edition-{number}")
    fields.setdefault("start_date", dt.date(2031, 6, 12))
    fields.setdefault("end_date", fields["start_date"])
    fields.setdefault("timezone", "Europe/Paris")
    fields.setdefault("languages", ["fr", "en"])
    fields.setdefault("status", EditionStatus.REGISTRATION)
    edition = Edition.objects.create(series=series or make_series(), **fields)
    SanitaryProtocol.objects.create(edition=edition)
    return edition


def give_role(user: User, edition: Edition, role: EditionRole) -> EditionMembership:
    return EditionMembership.objects.create(user=user, edition=edition, role=role)


def make_interpreter(edition: Edition, **fields: Any) -> Interpreter:
    fields.setdefault("name", f"Interpreter {next(_sequence)}")
    fields.setdefault("languages", ["fr", "en"])
    return Interpreter.objects.create(edition=edition, **fields)


def make_room(edition: Edition, **fields: Any) -> Room:
    number = next(_sequence)
    fields.setdefault("name", f"Room {number}")
    fields.setdefault("capacity", 40)
    return Room.objects.create(edition=edition, **fields)


def make_table(room: Room, **fields: Any) -> Table:
    fields.setdefault("label", f"T{next(_sequence)}")
    return Table.objects.create(room=room, **fields)


def make_category(organiser: Organiser | None = None, **fields: Any) -> Category:
    """A top-level process item, shared by all organisers unless `organiser` is given."""
    number = next(_sequence)
    fields.setdefault("code", f"item-{number}")
    fields.setdefault("kind", "process")
    fields.setdefault("label_en", f"Item {number}")
    fields.setdefault("label_fr", f"Rubrique {number}")
    return Category.objects.create(organiser=organiser, **fields)


def make_company(edition: Edition, **fields: Any) -> Company:
    number = next(_sequence)
    fields.setdefault("name", f"Company {number}")
    fields.setdefault("country", "FR")
    fields.setdefault("sector", Sector.AUTOMOTIVE)
    return Company.objects.create(edition=edition, **fields)


def make_participant(
    edition: Edition, *, user: User | None = None, company: Company | None = None, **fields: Any
) -> Participant:
    fields.setdefault("role", ParticipantRole.SUPPLIER)
    fields.setdefault("status", ParticipantStatus.VALIDATED)
    fields.setdefault("languages", ["fr"])
    user = user or make_user()
    # The names an organiser gives when inviting, as the services keep them.
    fields.setdefault("invited_first_name", user.first_name)
    fields.setdefault("invited_last_name", user.last_name)
    fields.setdefault("invited_email", user.email)
    return Participant.objects.create(
        edition=edition,
        user=user,
        company=company or make_company(edition),
        **fields,
    )


def make_outcome(meeting: Meeting, participant: Participant, **fields: Any) -> Outcome:
    """What `participant` said came of a meeting held: interested (4 of 5), answered when its
    slot ended; `next_step`, `value_band` and the rest as given."""
    fields.setdefault("took_place", True)
    fields.setdefault("interest", 4)
    fields.setdefault("answered_at", meeting.slot.end)
    return Outcome.objects.create(meeting=meeting, participant=participant, **fields)


def zone_off_utc_today() -> tuple[str, dt.date]:
    """A time zone whose date is not UTC's right now, and that date, so that a test can tell
    the edition's local day from the server's without freezing the clock: Kiritimati (UTC+14)
    is a day ahead from 10:00 UTC, Etc/GMT+12 (UTC-12) a day behind until 12:00 UTC."""
    zone = "Pacific/Kiritimati" if timezone.now().hour >= 11 else "Etc/GMT+12"
    return zone, timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
