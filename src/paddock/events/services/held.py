"""Places that meetings hold: a room, a table, a slot or the whole grid is deleted only when no
live meeting holds it. Cancelled meetings and no-shows no longer hold their place (another
meeting may take it): they let it go, keeping their status for the record; the calendar
feeds keep their cancelled events where they were (`Meeting.kept_place`).

Events sit below meetings, so the meetings are read through the places' reverse relations.
"""

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import ngettext

from paddock.core.exceptions import DomainError
from paddock.events.models import Edition, TimeSlot

Refusal = Callable[[str], DomainError]


def meetings_model() -> type[models.Model]:
    return TimeSlot._meta.get_field("meetings").related_model  # type: ignore[return-value]


def freed_statuses() -> tuple[str, ...]:
    from paddock.meetings.enums import FREED_STATUSES  # meetings sit above events

    return tuple(FREED_STATUSES)


def holding(**lookup: Any) -> models.QuerySet[Any]:
    """The meetings (any status) placed at the places `lookup` names, e.g. slot=slot."""
    return meetings_model().objects.filter(**lookup)  # type: ignore[attr-defined,no-any-return]


def live_count(meetings: models.QuerySet[Any]) -> int:
    return meetings.exclude(status__in=freed_statuses()).count()


def held_message(count: int) -> str:
    """The reason and the way out, after "This slot cannot be deleted:" and the like."""
    return ngettext(
        "%(count)s scheduled meeting takes place there. Move it elsewhere or cancel it on the "
        "schedule page first.",
        "%(count)s scheduled meetings take place there. Move them elsewhere or cancel them on "
        "the schedule page first.",
        count,
    ) % {"count": count}


def refusal(
    error: type[DomainError], message: str, *, field: str | None = None, **names: Any
) -> Refusal:
    """The refusal `release_and_delete` raises: `message` names the place and the `reason`."""
    return lambda reason: error(
        message % {**names, "reason": reason}, code="place_held", field=field
    )


def move_or_refuse(edition: Edition, refuse: Refusal, *, slots: list[int] | None = None) -> None:
    """Before the edition's slots `slots` (None: all of them) move in time: refuse while a
    live meeting is placed in one (its people were told its time), else `revise_moved`."""
    meetings = holding(slot__edition=edition) if slots is None else holding(slot__in=slots)
    live = live_count(meetings)
    if live:
        raise refuse(held_message(live))
    revise_moved(edition, slots=slots)


def revise_moved(edition: Edition, *, slots: list[int] | None = None) -> None:
    """Before the edition's slots `slots` (None: all of them) move in time: raise the calendar
    revision of every meeting whose calendar event moves with them: the meetings placed
    there (the cancelled ones and no-shows follow their place too), and the meetings a later
    run left out, which the feeds show cancelled at the slot last published
    (`feed_entries`)."""
    meetings = holding(slot__edition=edition) if slots is None else holding(slot__in=slots)
    from paddock.meetings.queries import left_out_since_published  # meetings sit above events

    left_out = left_out_since_published(edition, slots)
    meetings.update(sequence=F("sequence") + 1)
    holding(pk__in=left_out).update(sequence=F("sequence") + 1)


def release_and_delete(
    obj: models.Model | models.QuerySet[Any],
    meetings: Any,
    refuse: Refusal,
    *,
    edition: Edition,
) -> int:
    """Delete `obj` (places of `edition`) unless a live meeting among `meetings` holds it:
    then raise `refuse(why)`. Cancelled meetings and no-shows let their place go first, their
    calendar revision raised. Returns how many let it go. The calendar feeds keep the
    cancelled events that sat there, at the place as it was (`keep_feed_places`): those of
    the meetings that let it go, and of the meetings a later run left out that the feeds show
    there.

    Call inside a transaction, with the places locked: a meeting placed in between makes the
    database refuse the deletion (a restricted key), which becomes the same refusal."""
    from paddock.meetings.feed_services import keep_feed_places  # meetings sit above events

    live = live_count(meetings)
    if live:
        raise refuse(held_message(live))
    freed = meetings.filter(status__in=freed_statuses())
    keep_feed_places(edition, list(freed.values_list("pk", flat=True)))
    # Raised: the feed shows the event at the place last published when there is one, which
    # may not be the place it leaves (a meeting moved after the publication, then cancelled).
    released: int = freed.update(slot=None, table=None, sequence=F("sequence") + 1)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            obj.delete()
    except ProtectedError as error:
        raise refuse(held_message(len(error.protected_objects))) from error
    except RestrictedError as error:
        raise refuse(held_message(len(error.restricted_objects))) from error
    return released
