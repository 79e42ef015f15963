"""Publishing the schedule: agendas become visible and the people concerned are told."""

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.enums import MailKind, OutgoingMailKind
from paddock.accounts.mail import (
    send_account_mail,
    send_after_commit,
    send_optional_mail,
)
from paddock.accounts.outbox import queued_mail
from paddock.core.dates import day_and_time
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.events.services import update_edition
from paddock.events.services.locking import lock_edition
from paddock.meetings.emails import language_for, portal_link
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling.models import PublishedSchedule, ScheduleRun
from paddock.scheduling.problem import begun_by, pk_of, visit_newly_begun
from paddock.scheduling.queries import active_runs, latest_snapshot
from paddock.scheduling.services.errors import ScheduleError
from paddock.visits.queries import wishes_mode
from paddock.visits.wishes import book_placed_wishes
from paddock.webhooks import dispatch as webhooks
from paddock.webhooks.enums import WebhookEvent
from paddock_solver.io import parse_solution

# Publishing moves the edition to "scheduled"; later statuses stay as they are.
_BEFORE_SCHEDULED = {EditionStatus.DRAFT, EditionStatus.REGISTRATION, EditionStatus.MATCHMAKING}


def current_snapshot(edition: Edition) -> dict[str, list[int]]:
    """Meeting pk (as text, JSON keys) → [slot pk, table pk] of every placed live meeting."""
    rows = Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED).values_list(
        "pk", "slot_id", "table_id"
    )
    return {str(pk): [slot, table] for pk, slot, table in rows}


def _mark_published(edition: Edition) -> dict[str, list[int]]:
    """Every meeting of the edition keeps its place in the publication being made (none when
    not placed), for `unpublished_count`; answers the snapshot, as `current_snapshot` would.
    Only the rows whose place changed are written (a republication after a few moves writes a
    few rows, not the edition's 20,000), and the snapshot is read from what the rows hold."""
    meetings = Meeting.objects.filter(edition=edition)
    placed = meetings.filter(status=MeetingStatus.SCHEDULED)
    placed.exclude(published_slot=F("slot_id"), published_table=F("table_id")).update(
        published_slot=F("slot_id"), published_table=F("table_id")
    )
    meetings.exclude(status=MeetingStatus.SCHEDULED).filter(published_slot__isnull=False).update(
        published_slot=None, published_table=None
    )
    rows = meetings.filter(published_slot__isnull=False).values_list(
        "pk", "published_slot", "published_table"
    )
    # A place is a slot and a table, both or neither (meeting_slot_and_table_together).
    return {
        str(pk): [slot, table] for pk, slot, table in rows if slot is not None and table is not None
    }


def changed_meetings(old: dict[str, list[int]] | None, new: dict[str, list[int]]) -> set[int]:
    """Meetings moved, added or dropped between two snapshots (all of them when first)."""
    if old is None:
        return {int(key) for key in new}
    keys = set(old) | set(new)
    return {int(key) for key in keys if old.get(key) != new.get(key)}


def _cancelled_since(edition: Edition, old: dict[str, list[int]] | None) -> set[int]:
    """Meetings of the last publication cancelled since: both people were told when it
    happened (the organiser's notice to each, or the other side's when one cancels)."""
    if not old:
        return set()
    cancelled = Meeting.objects.filter(edition=edition, status=MeetingStatus.CANCELLED)
    return {pk for pk in cancelled.values_list("pk", flat=True) if str(pk) in old}


def _people_of(meeting_pks: set[int]) -> list[Participant]:
    pairs = Meeting.objects.filter(pk__in=meeting_pks).values_list("first_id", "second_id")
    pks = {pk for pair in pairs for pk in pair}
    return list(
        Participant.objects.filter(pk__in=pks).select_related("user", "edition").order_by("pk")
    )


@transaction.atomic
def publish_schedule(
    edition: Edition, *, by: Any, now: dt.datetime | None = None
) -> PublishedSchedule:
    """Make agendas visible and email the participants concerned, in their language.

    The first publication tells everyone with a placed meeting; later ones only those whose
    meetings moved, were added or dropped since the last. In wishes mode, the seats the latest
    applied run gave are booked (seats respected; see `book_placed_wishes`) and their people
    told too: the result carries `visits_booked` and `visits_refused`. Locks the edition;
    raises ScheduleError when nothing is placed, a run is still going, or a meeting is placed
    in a slot begun by `now` (default: the clock's time) that the latest publication did not
    show there, or a wish in a visit session begun by then (`refuse_begun`).
    """
    edition = lock_edition(edition)
    if any(run.is_active for run in active_runs(edition)):
        raise ScheduleError(_("A scheduling run is still going: wait for it before publishing."))
    placements = _placed_wishes(edition)
    refuse_begun(edition, now or timezone.now(), placements=placements)
    new = _mark_published(edition)
    if not new:
        raise ScheduleError(_("No meeting is placed yet: run the scheduler first."))
    old = latest_snapshot(edition)
    people = _people_of(changed_meetings(old, new) - _cancelled_since(edition, old))
    booked, refused = book_placed_wishes(edition, placements=placements, by=by)
    told = {person.pk for person in people}
    people += [b.participant for b in booked if b.participant_id not in told]
    told |= {b.participant_id for b in booked}
    if edition.status in _BEFORE_SCHEDULED:
        update_edition(edition, by=by, status=EditionStatus.SCHEDULED)
    published = PublishedSchedule.objects.create(
        edition=edition,
        published_by=by if getattr(by, "is_authenticated", False) else None,
        assignments=new,
        notified=len(people),
        meetings=len(new),
    )
    # Written to the outbox with the publication; the task worker sends them (issue 16).
    with queued_mail(kind=OutgoingMailKind.SCHEDULE, edition=edition):
        for person in people:
            _tell(person, first=old is None)
    _announce(edition, old or {}, new)
    log_action(
        "schedule.publish",
        by=by,
        edition=edition,
        obj=published,
        notified=len(people),
        visits_booked=len(booked),
        visits_refused=len(refused),
    )
    published.visits_booked, published.visits_refused = booked, refused  # type: ignore[attr-defined]
    return published


def refuse_begun(
    edition: Edition, now: dt.datetime, *, placements: Iterable[tuple[int, int]] = ()
) -> None:
    """Raise ScheduleError naming the first meeting placed in a slot begun by `now` that
    the latest publication did not show in that slot: publishing would tell its people of a
    meeting in the past (a run applied before the slot began, published after). A meeting
    booked there on the live page is in the publication already (`record_told`). Then the
    same for the visits to book (`placements`, `_placed_wishes`): one placed in a session
    begun by `now` where its person holds no seat."""
    until = begun_by(edition, now)
    if until is None:
        return
    _refuse_begun_meeting(edition, until)
    found = visit_newly_begun(edition, placements, now)
    if found is None:
        return
    wish, session = found
    raise ScheduleError(
        _(
            "%(person)s is placed on the visit %(visit)s at %(time)s, in a session that has "
            "begun, where they hold no seat: publishing would book them on a visit in the "
            "past. Run the scheduler again. Nothing was published."
        )
        % {
            "person": wish.participant,
            "visit": session.zone,
            "time": day_and_time(session.start.astimezone(edition.tzinfo)),
        },
        code="slot_begun",
    )


def _refuse_begun_meeting(edition: Edition, until: dt.datetime) -> None:
    offending = (
        Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED)
        .filter(slot__start__lte=until)
        .filter(Q(published_slot__isnull=True) | ~Q(published_slot=F("slot")))
        .select_related("slot", "first__user", "first__company")
        .select_related("second__user", "second__company")
        .order_by("slot__start", "pk")
        .first()
    )
    if offending is None or offending.slot is None:
        return
    start = offending.slot.start.astimezone(edition.tzinfo)
    raise ScheduleError(
        _(
            "The meeting %(meeting)s is placed at %(time)s, in a slot that has begun, where "
            "the published schedule does not have it: publishing would tell its people of a "
            "meeting in the past. Run the scheduler again, or book the meeting on the live "
            "page. Nothing was published."
        )
        % {"meeting": offending, "time": day_and_time(start)},
        code="slot_begun",
    )


def _placed_wishes(edition: Edition) -> list[tuple[int, int]]:
    """(wish pk, session pk) of the visits the latest applied run placed, unless that run
    was published already (a seat given up since is not booked again)."""
    if not wishes_mode(edition):
        return []
    run = ScheduleRun.objects.filter(edition=edition, applied=True).order_by("-pk").first()
    if run is None or not run.solution:
        return []
    last = (
        PublishedSchedule.objects.filter(edition=edition)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if last is not None and run.finished_at is not None and last >= run.finished_at:
        return []
    solution = parse_solution(run.solution)
    return [(pk_of(v.wish), pk_of(v.session)) for v in solution.visits]


def _announce(edition: Edition, old: dict[str, list[int]], new: dict[str, list[int]]) -> None:
    """Webhooks: meetings new to the published schedule, those placed elsewhere, and those
    it no longer shows."""
    added = {int(key) for key in new if key not in old}
    moved = {int(key) for key in new if key in old and old[key] != new[key]}
    webhooks.meetings_changed(edition, WebhookEvent.MEETING_SCHEDULED, added)
    webhooks.meetings_changed(edition, WebhookEvent.MEETING_MOVED, moved)
    webhooks.meetings_dropped(edition, {int(key) for key in old if key not in new})


def _tell(participant: Participant, *, first: bool) -> None:
    """Into the outbox (within `queued_mail`), in the person's language: the publication
    notice, unless they unsubscribed from it (with the link to do so); a change of one's
    meetings, always."""
    context = {
        "participant": participant,
        "edition": participant.edition,
        "link": portal_link(participant, "agenda"),
    }
    language, user = language_for(participant), participant.user
    if first:
        send = partial(send_optional_mail, user, kind=MailKind.SCHEDULE_PUBLISHED)
    else:
        send = partial(send_account_mail, user)
    kind = "published" if first else "changed"
    template = f"scheduling/email/schedule_{kind}"
    send_after_commit(send, template=template, context=context, language=language)


def tell_moved(edition: Edition, meetings: list[Meeting]) -> list[Participant]:
    """After a confirmed change of published meetings (a protocol review): each person of
    `meetings` is told once that their schedule changed, in their language, and the change
    goes into the published snapshot so that the next publication does not announce it
    again. Before the first publication nobody is told: agendas are not shown yet. The
    caller holds the transaction and the edition's lock (`lock_edition`)."""
    if latest_snapshot(edition) is None or not meetings:
        return []
    for meeting in meetings:
        record_told(meeting)
    people = _people_of({meeting.pk for meeting in meetings})
    with queued_mail(kind=OutgoingMailKind.SCHEDULE, edition=edition):
        for person in people:
            _tell(person, first=False)
    return people


def record_told(meeting: Meeting) -> None:
    """A change on the day whose people were told at once goes into the latest published
    snapshot, so that it is not counted as unpublished nor announced again at the next
    publication. Nothing to do before the first publication.

    The caller took the edition's lock (`lock_edition`) before the meeting's, in its
    transaction: a publication then cannot read the meeting's old place meanwhile and replace
    the snapshot written here by one without the change (issue 16)."""
    latest = (
        PublishedSchedule.objects.select_for_update()
        .filter(edition_id=meeting.edition_id)
        .order_by("-published_at", "-pk")
        .first()
    )
    if latest is None:
        return
    key = str(meeting.pk)
    if meeting.status == MeetingStatus.SCHEDULED:
        before = latest.assignments.get(key)
        latest.assignments[key] = [meeting.slot_id, meeting.table_id]
        _announce(meeting.edition, {key: before} if before else {}, {key: latest.assignments[key]})
    else:
        latest.assignments.pop(key, None)
    latest.meetings = len(latest.assignments)
    latest.save(update_fields=["assignments", "meetings"])
    meeting.published_slot, meeting.published_table = latest.assignments.get(key, (None, None))
    Meeting.objects.filter(pk=meeting.pk).update(
        published_slot=meeting.published_slot, published_table=meeting.published_table
    )
