"""Writes about the venue: rooms and their tables."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.services import lock_row, log_action, set_changed
from paddock.events.exceptions import VenueError
from paddock.events.models import Edition, Room, Table
from paddock.events.services.checks import check_field
from paddock.events.services.held import holding, refusal, release_and_delete
from paddock.events.services.locking import lock_edition

MAX_TABLES_AT_ONCE = 200
LABEL_MAX_LENGTH: int = Table._meta.get_field("label").max_length or 0


def _room_name_taken(room: Room) -> VenueError:
    return VenueError(
        _("A room named “%(name)s” already exists in this edition.") % {"name": room.name},
        code="room_name_taken",
        field="name",
    )


def _save_room(room: Room, *, fields: list[str] | None = None) -> None:
    """Save (`fields` only, when given), refusing a capacity out of bounds and a name already
    used in the edition (any letter case)."""
    check_field(Room, "capacity", room.capacity, error=VenueError, code="room_capacity_too_high")
    if room.edition.rooms.filter(name__iexact=room.name).exclude(pk=room.pk).exists():
        raise _room_name_taken(room)
    try:
        # A savepoint, so that a concurrent duplicate leaves the transaction usable.
        with transaction.atomic():
            room.save(update_fields=fields)
    except IntegrityError as error:
        raise _room_name_taken(room) from error


def _lock_or_refuse(place: Room | Table, message: str, *, code: str, field: str) -> None:
    """Lock the row of `place`, or refuse (VenueError) when it was deleted meanwhile
    (`lock_row`)."""
    if not lock_row(place):
        raise VenueError(message, code=code, field=field)


@transaction.atomic
def create_room(edition: Edition, *, by: Any, name: str, capacity: int) -> Room:
    """Add a room after the others. Raises VenueError(field="name") for a duplicate name,
    VenueError(field="capacity") above the bound."""
    last = edition.rooms.aggregate(last=Max("position"))["last"]
    room = Room(edition=edition, name=name.strip(), capacity=capacity, position=(last or 0) + 1)
    _save_room(room)
    log_action("room.create", by=by, edition=edition, obj=room, capacity=capacity)
    return room


@transaction.atomic
def update_room(room: Room, *, by: Any, name: str, capacity: int) -> Room:
    """Rename or resize a room. Raises VenueError(field="name") for a duplicate name,
    VenueError(field="capacity") above the bound, VenueError(code="room_gone") for a room
    deleted meanwhile. Locks the edition (`lock_edition`), as the grid's moves do, since they
    read the room's capacity: a move read the old one while a lower one was being saved, and
    put more meetings in the room than it then held. Then locks the room: a save waiting for its
    deletion inserted it again. Writes the fields that differ from `room` as the caller read it,
    and those only (`set_changed`)."""
    lock_edition(room.edition)
    _lock_or_refuse(room, _("The room %(room)s was deleted meanwhile.") % {"room": room.name},
                    code="room_gone", field="name")  # fmt: skip
    changed = set_changed(room, read=room, name=name.strip(), capacity=capacity)
    _save_room(room, fields=changed)
    log_action("room.update", by=by, edition=room.edition, obj=room, capacity=capacity)
    return room


@transaction.atomic
def delete_room(room: Room, *, by: Any) -> None:
    """Delete a room and its tables. Locks the edition (`lock_edition`: moves wait), then the
    tables; cancelled meetings and no-shows let their table go. Raises
    VenueError(code="place_held") while a live meeting is placed there."""
    lock_edition(room.edition)
    list(Table.objects.select_for_update().filter(room=room))
    refuse = refusal(
        VenueError, _("The room %(room)s cannot be deleted: %(reason)s"), room=room.name
    )
    released = release_and_delete(room, holding(table__room=room), refuse, edition=room.edition)
    log_action("room.delete", by=by, edition=room.edition, obj=room, meetings_released=released)


def table_labels(prefix: str, start: int, count: int) -> list[str]:
    return [f"{prefix}{number}" for number in range(start, start + count)]


@transaction.atomic
def add_tables(room: Room, *, by: Any, count: int, prefix: str, start: int) -> list[Table]:
    """Add `count` tables labelled prefix+start, prefix+start+1, ... after the room's tables.

    Locks the room row, so that two bulk additions cannot race on the same labels.
    Raises VenueError naming the field to correct: count out of range, label too long,
    or labels that already exist in the room (named in the message)."""
    if not 1 <= count <= MAX_TABLES_AT_ONCE:
        raise VenueError(
            _("Add between 1 and %(max)s tables at once.") % {"max": MAX_TABLES_AT_ONCE},
            code="table_count_out_of_range",
            field="count",
        )
    labels = table_labels(prefix.strip(), start, count)
    if len(labels[-1]) > LABEL_MAX_LENGTH:
        raise VenueError(
            _("Labels are at most %(max)s characters long.") % {"max": LABEL_MAX_LENGTH},
            code="table_label_too_long",
            field="prefix",
        )
    Room.objects.select_for_update().get(pk=room.pk)
    taken = sorted(room.tables.filter(label__in=labels).values_list("label", flat=True))
    if taken:
        raise VenueError(
            ngettext(
                "The room already has a table labelled %(labels)s.",
                "The room already has tables labelled %(labels)s.",
                len(taken),
            )
            % {"labels": ", ".join(taken)},
            code="table_label_taken",
            field="start",
        )
    last = room.tables.aggregate(last=Max("position"))["last"] or 0
    tables = Table.objects.bulk_create(
        Table(room=room, label=label, position=last + offset)
        for offset, label in enumerate(labels, start=1)
    )
    log_action("table.bulk_create", by=by, edition=room.edition, obj=room, labels=labels)
    return tables


@transaction.atomic
def update_table(
    table: Table, *, by: Any, label: str, home_participant: Any, read: Table | None = None
) -> Table:
    """Relabel a table or change its home participant (a participant of the same edition).

    Raises VenueError(field="label") for a label used by another table of the room, and
    VenueError(field="home_participant") for a participant of another edition or one who
    already has a home table (named in the message), VenueError(code="table_gone") for a table
    deleted meanwhile. Locks the edition (`lock_edition`), as the grid's moves do, since they
    read the home tables: a move waited for the table while it held the home participant's row
    (a deadlock), or placed a meeting by a home about to change. Then locks the table: a save
    waiting for its deletion inserted it again. Writes the changed fields only (`set_changed`):
    those that differ from `read`, the table as an edit form read it, refusing one changed
    since; without it (a program), those that differ from the row as saved now."""
    lock_edition(table.room.edition)
    _lock_or_refuse(table, _("The table %(table)s was deleted meanwhile.") % {"table": table.label},
                    code="table_gone", field="label")  # fmt: skip
    label = label.strip()
    if table.room.tables.filter(label=label).exclude(pk=table.pk).exists():
        raise VenueError(
            _("This room already has a table labelled %(label)s.") % {"label": label},
            code="table_label_taken",
            field="label",
        )
    if home_participant is not None:
        _check_home_participant(table, home_participant)
    home = home_participant.pk if home_participant is not None else None
    changed = set_changed(table, read=read, label=label, home_participant_id=home)
    try:
        with transaction.atomic():
            table.save(update_fields=changed)
    except IntegrityError as error:
        raise VenueError(
            _("This label or home participant was just taken; reload and try again."),
            code="table_conflict",
            field="label",
        ) from error
    log_action(
        "table.update",
        by=by,
        edition=table.room.edition,
        obj=table,
        home_participant=home_participant.pk if home_participant else None,
    )
    return table


def _check_home_participant(table: Table, participant: Any) -> None:
    if participant.edition_id != table.room.edition_id:
        raise VenueError(
            _("This participant does not take part in this edition."),
            code="home_participant_foreign",
            field="home_participant",
        )
    other = (
        Table.objects.filter(home_participant=participant)
        .exclude(pk=table.pk)
        .select_related("room")
        .first()
    )
    if other is not None:
        raise VenueError(
            _("This participant already has a home table: %(table)s.") % {"table": other},
            code="home_table_taken",
            field="home_participant",
        )


@transaction.atomic
def delete_table(table: Table, *, by: Any) -> None:
    """Delete a table. Locks the edition (`lock_edition`: moves wait), then the table;
    cancelled meetings and no-shows let it go. Raises VenueError(code="place_held") while a
    live meeting is placed there."""
    lock_edition(table.room.edition)
    Table.objects.select_for_update().filter(pk=table.pk).first()
    refuse = refusal(
        VenueError, _("The table %(table)s cannot be deleted: %(reason)s"), table=table
    )
    released = release_and_delete(table, holding(table=table), refuse, edition=table.room.edition)
    log_action(
        "table.delete", by=by, edition=table.room.edition, obj=table, meetings_released=released
    )
