"""Reads about check-ins that the health pass rule needs, here and in the visits' check-in."""

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, QuerySet

from paddock.checkin.models import CheckIn
from paddock.core.prepared import Param, Prepared
from paddock.events.models import Edition
from paddock.participants.models import Participant


def day_of(edition: Edition, when: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Where the edition's local day of `when` starts, and where the next one starts."""
    day = when.astimezone(edition.tzinfo).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tzinfo)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, edition.tzinfo)


def _passes(edition: Edition, when: dt.datetime) -> QuerySet[CheckIn]:
    start, end = day_of(edition, when)
    return CheckIn.objects.filter(
        room=None, health_pass_checked=True, checked_in_at__gte=start, checked_in_at__lt=end
    )


def passed_entrance_on(participant: Participant, when: dt.datetime) -> bool:
    """Whether the participant's health pass was checked at the entrance on the edition's
    local day of `when`: a pass holds for the day, so a room or a zone asks for that day's."""
    return _passes(participant.edition, when).filter(participant=participant).exists()


def entered_without_pass(edition: Edition, when: dt.datetime) -> QuerySet[Participant]:
    """Participants checked in at the entrance on the day of `when` with no health pass
    checked that day: once the rule is on, rooms and zones send them back to the entrance."""
    start, end = day_of(edition, when)
    entered = CheckIn.objects.filter(
        participant=OuterRef("pk"), room=None, checked_in_at__gte=start, checked_in_at__lt=end
    )
    passed = _passes(edition, when).filter(participant=OuterRef("pk"))
    return (
        Participant.objects.filter(edition=edition)
        .filter(Exists(entered), ~Exists(passed))
        .select_related("user", "company")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# The person a name search's "Check in" button names, at the desk: compiled once.
_PARTICIPANT = Prepared(
    lambda: Participant.objects.filter(
        edition=Param("edition", models.BigIntegerField()),
        pk=Param("pk", models.BigIntegerField()),
    )
)


def participant_of(edition: Edition, pk: int) -> Participant | None:
    """The participant `pk` of the edition (a guarded id: core.ids), or None."""
    return _PARTICIPANT.first(edition=edition.pk, pk=pk)
