"""A day of an edition around the real clock, for the live page's web and browser tests.

The edition runs today in a time zone where it is daytime now, so that its slots (one in
progress, two to come) fall on one local day whatever the hour the tests run."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

from django.utils import timezone

from paddock.checkin.models import CheckIn
from paddock.events.models import Session, TimeSlot
from tests import factories
from tests.scheduling.helpers import person

# Together their working hours cover the 24 hours of UTC.
ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Pacific/Honolulu", "Asia/Kolkata",
         "America/Los_Angeles", "Australia/Sydney"]  # fmt: skip


def daytime_zone(now: dt.datetime) -> str:
    return next(z for z in ZONES if 8 <= now.astimezone(zoneinfo.ZoneInfo(z)).hour < 16)


def make_today(*, names: tuple[str, ...], present: tuple[str, ...], tables: int = 3, **fields):
    """An edition of today with a Tent of `tables` tables, three slots of 30 minutes (the
    first began 20 minutes ago), the people `names` (e.g. "Anna" is anna@example.com of
    Anna SAS) and check-ins 50 minutes ago for those `present`."""
    now = timezone.now().replace(second=0, microsecond=0)
    zone = daytime_zone(now)
    local = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    edition = factories.make_edition(start_date=local, timezone=zone, **fields)
    room = factories.make_room(edition, name="Tent", capacity=40)
    session = Session.objects.create(edition=edition, name="Today", date=local)
    slots = []
    for n in range(3):
        start = now - dt.timedelta(minutes=20) + dt.timedelta(minutes=30 * n)
        end = start + dt.timedelta(minutes=30)
        slots.append(
            TimeSlot.objects.create(edition=edition, session=session, start=start, end=end)
        )
    people = SimpleNamespace(**{name.lower(): person(edition, name) for name in names})
    for name in present:
        CheckIn.objects.create(
            edition=edition,
            participant=getattr(people, name.lower()),
            checked_in_at=now - dt.timedelta(minutes=50),
        )
    return SimpleNamespace(
        now=now,
        edition=edition,
        tables=[
            factories.make_table(room, label=f"T{n}", position=n) for n in range(1, tables + 1)
        ],
        slots=slots,
        people=people,
    )
