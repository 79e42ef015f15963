import datetime as dt

import pytest
from django.db import IntegrityError

from paddock.core.models import AuditEntry
from paddock.events import services
from paddock.events.exceptions import GridError
from paddock.events.models import Session, TimeSlot
from tests import factories

pytestmark = pytest.mark.integration

JUNE_12 = dt.date(2031, 6, 12)
JUNE_13 = dt.date(2031, 6, 13)
JUNE_14 = dt.date(2031, 6, 14)


def _utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.fixture
def two_day_edition(db):
    return factories.make_edition(start_date=JUNE_12, end_date=JUNE_13, timezone="Europe/Paris")


def _generate(edition, user, **overrides):
    settings = {
        "days": edition.days,
        "day_start": dt.time(9, 0),
        "day_end": dt.time(17, 0),
        "meeting_minutes": 30,
        "pause_minutes": 10,
        "lunch_start": dt.time(12, 30),
        "lunch_end": dt.time(14, 0),
    }
    return services.generate_time_grid(edition, by=user, **{**settings, **overrides})


def test_generate_time_grid_makes_two_sessions_a_day_in_utc(two_day_edition, organiser_user):
    slots = _generate(two_day_edition, organiser_user)

    sessions = list(two_day_edition.sessions.values_list("name", "date", "position"))
    first_day = [
        (slot.session.name, slot.start, slot.end) for slot in slots if slot.session.date == JUNE_12
    ]
    # Mornings: 09:00 to 11:40 (five slots; the next would cross lunch). Afternoons: 14:00
    # to 16:00 (four; the next would end at 17:10).
    assert (len(slots), sessions) == (
        18,
        [
            ("Thu 12 Jun morning", JUNE_12, 0),
            ("Thu 12 Jun afternoon", JUNE_12, 1),
            ("Fri 13 Jun morning", JUNE_13, 0),
            ("Fri 13 Jun afternoon", JUNE_13, 1),
        ],
    )
    assert first_day[0] == ("Thu 12 Jun morning", _utc(JUNE_12, 7), _utc(JUNE_12, 7, 30))
    assert first_day[4] == ("Thu 12 Jun morning", _utc(JUNE_12, 9, 40), _utc(JUNE_12, 10, 10))
    assert first_day[5] == ("Thu 12 Jun afternoon", _utc(JUNE_12, 12), _utc(JUNE_12, 12, 30))
    assert first_day[-1] == ("Thu 12 Jun afternoon", _utc(JUNE_12, 14), _utc(JUNE_12, 14, 30))


def test_generate_time_grid_uses_winter_time_in_winter(organiser_user):
    edition = factories.make_edition(start_date=dt.date(2031, 12, 11), timezone="Europe/Paris")

    slots = _generate(
        edition, organiser_user, day_end=dt.time(10, 10), lunch_start=None, lunch_end=None
    )

    assert [(slot.start, slot.end) for slot in slots] == [
        (_utc(dt.date(2031, 12, 11), 8), _utc(dt.date(2031, 12, 11), 8, 30)),
        (_utc(dt.date(2031, 12, 11), 8, 40), _utc(dt.date(2031, 12, 11), 9, 10)),
    ]


def test_generate_time_grid_on_the_clock_change_day(organiser_user):
    day = dt.date(2031, 3, 30)  # Paris moves from UTC+1 to UTC+2 at 02:00
    edition = factories.make_edition(start_date=day, timezone="Europe/Paris")

    slots = _generate(
        edition,
        organiser_user,
        day_start=dt.time(9),
        day_end=dt.time(10),
        lunch_start=None,
        lunch_end=None,
        pause_minutes=0,
    )

    assert [(slot.start, slot.end) for slot in slots] == [
        (_utc(day, 7), _utc(day, 7, 30)),
        (_utc(day, 7, 30), _utc(day, 8)),
    ]


def test_generate_time_grid_replaces_the_grid_and_logs(two_day_edition, organiser_user):
    _generate(two_day_edition, organiser_user)

    slots = _generate(two_day_edition, organiser_user, days=[JUNE_13], pause_minutes=0)

    entry = AuditEntry.objects.filter(action="grid.generate").first()
    assert (TimeSlot.objects.count(), Session.objects.count()) == (len(slots), 2)
    assert (entry.data["slots_created"], entry.data["slots_removed"], entry.data["days"]) == (
        len(slots),
        18,
        ["2031-06-13"],
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"days": []}, "days"),
        ({"days": [dt.date(2031, 6, 14)]}, "days"),
        ({"day_end": dt.time(8)}, "day_end"),
        ({"lunch_end": None}, "lunch_end"),
        ({"meeting_minutes": 600}, "meeting_minutes"),
        (
            {
                "day_start": dt.time(9),
                "day_end": dt.time(9, 20),
                "lunch_start": None,
                "lunch_end": None,
            },
            "meeting_minutes",
        ),
    ],
)
def test_generate_time_grid_refuses_wrong_settings(
    two_day_edition, organiser_user, overrides, field
):
    _generate(two_day_edition, organiser_user)

    with pytest.raises(GridError) as raised:
        _generate(two_day_edition, organiser_user, **overrides)

    assert (raised.value.field, TimeSlot.objects.count()) == (field, 18)


@pytest.fixture
def session(two_day_edition):
    return Session.objects.create(
        edition=two_day_edition, name="Thu 12 Jun morning", date=JUNE_12, position=0
    )


def test_add_slot_saves_it(session, organiser_user):
    slot = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30)
    )

    assert list(TimeSlot.objects.values_list("pk", "session", "start", "end")) == [
        (slot.pk, session.pk, _utc(JUNE_12, 7), _utc(JUNE_12, 7, 30))
    ]


def test_add_slot_refuses_an_overlap_and_names_the_slot(session, organiser_user):
    services.add_slot(session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30))

    with pytest.raises(GridError) as raised:
        services.add_slot(
            session, by=organiser_user, start=_utc(JUNE_12, 7, 15), end=_utc(JUNE_12, 7, 45)
        )

    assert (raised.value.code, raised.value.field, raised.value.message) == (
        "slot_overlap",
        "start",
        "This slot overlaps the slot Thu 12 Jun morning 09:00–09:30.",
    )
    assert TimeSlot.objects.count() == 1


def test_add_slot_accepts_a_slot_that_starts_when_another_ends(session, organiser_user):
    services.add_slot(session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30))

    services.add_slot(session, by=organiser_user, start=_utc(JUNE_12, 7, 30), end=_utc(JUNE_12, 8))

    assert TimeSlot.objects.count() == 2


@pytest.mark.parametrize(
    ("times", "code", "field"),
    [
        ((_utc(JUNE_12, 8), _utc(JUNE_12, 8)), "slot_end_before_start", "end"),
        ((_utc(JUNE_12, 8), _utc(JUNE_12, 7)), "slot_end_before_start", "end"),
        ((_utc(JUNE_14, 8), _utc(JUNE_14, 9)), "slot_out_of_edition", "start"),
        ((_utc(JUNE_13, 8), _utc(JUNE_13, 9)), "slot_off_session_day", "session"),
    ],
)
def test_add_slot_refuses_wrong_times(session, organiser_user, times, code, field):
    with pytest.raises(GridError) as raised:
        services.add_slot(session, by=organiser_user, start=times[0], end=times[1])

    assert (raised.value.code, raised.value.field) == (code, field)


def test_update_slot_moves_it_but_not_onto_another(session, organiser_user):
    first = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30)
    )
    second = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 8), end=_utc(JUNE_12, 8, 30)
    )

    services.update_slot(
        second, by=organiser_user, start=_utc(JUNE_12, 7, 30), end=_utc(JUNE_12, 8), session=session
    )
    with pytest.raises(GridError) as raised:
        services.update_slot(
            first,
            by=organiser_user,
            start=_utc(JUNE_12, 7, 45),
            end=_utc(JUNE_12, 8, 15),
            session=session,
        )

    assert raised.value.message == "This slot overlaps the slot Thu 12 Jun morning 09:30–10:00."
    assert list(TimeSlot.objects.values_list("start", flat=True)) == [
        _utc(JUNE_12, 7),
        _utc(JUNE_12, 7, 30),
    ]


def test_update_slot_may_keep_its_own_times(session, organiser_user):
    slot = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30)
    )

    services.update_slot(
        slot, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 8), session=session
    )

    slot.refresh_from_db()
    assert slot.end == _utc(JUNE_12, 8)


def test_update_slot_refuses_a_session_of_another_edition(session, organiser_user):
    slot = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30)
    )
    other = Session.objects.create(edition=factories.make_edition(), name="x", date=JUNE_12)

    with pytest.raises(GridError) as raised:
        services.update_slot(slot, by=organiser_user, start=slot.start, end=slot.end, session=other)

    assert raised.value.field == "session"


def test_delete_slot(session, organiser_user):
    slot = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30)
    )

    services.delete_slot(slot, by=organiser_user)

    assert (TimeSlot.objects.count(), AuditEntry.objects.last().action) == (0, "slot.create")
    assert AuditEntry.objects.filter(action="slot.delete").count() == 1


def test_database_integrity_error_becomes_the_overlap_message(session, organiser_user, monkeypatch):
    """When the database refuses first (a concurrent write on PostgreSQL): same message."""
    first = services.add_slot(
        session, by=organiser_user, start=_utc(JUNE_12, 7), end=_utc(JUNE_12, 7, 30)
    )
    calls = iter([None, first])
    monkeypatch.setattr(services.grid, "_first_conflict", lambda slot: next(calls))
    monkeypatch.setattr(TimeSlot, "save", _raise_integrity_error)

    with pytest.raises(GridError) as raised:
        services.add_slot(
            session, by=organiser_user, start=_utc(JUNE_12, 7, 10), end=_utc(JUNE_12, 7, 20)
        )

    assert raised.value.code == "slot_overlap"


def _raise_integrity_error(*args, **kwargs):
    raise IntegrityError('conflicting key value violates exclusion constraint "slot_no_overlap"')


def test_new_dates_onto_the_night_the_clocks_go_forward_refuse_a_slot_time_that_does_not_exist(
    organiser_user,
):
    edition = factories.make_edition(
        start_date=dt.date(2027, 3, 21), end_date=dt.date(2027, 3, 21), timezone="Europe/Paris"
    )
    session = Session.objects.create(edition=edition, name="Night", date=edition.start_date)
    start = dt.datetime(2027, 3, 21, 2, 30, tzinfo=edition.tzinfo)
    TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=20)
    )
    new_day = dt.date(2027, 3, 28)

    with pytest.raises(GridError) as caught:
        services.update_edition(edition, by=organiser_user, start_date=new_day, end_date=new_day)

    assert (caught.value.field, caught.value.message, TimeSlot.objects.get().start) == (
        "start_date",
        "The slot Night 02:30–02:50 cannot keep its local time: 02:30 does not exist on "
        "28/03/2027 in Europe/Paris: the clocks go forward then.",
        start,
    )
