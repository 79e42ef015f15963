"""Where events become webhook deliveries: the services call one function per event.

The deliveries are written in the caller's transaction (they exist if and only if the change
does) and sent by the task worker once it commits. The body is the event with the object in
the REST API's shape (src/paddock/api/serializers).
"""

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from paddock.api.serializers.checkin import CheckInOut, checkin_data
from paddock.api.serializers.meetings import MeetingOut, meeting_data
from paddock.checkin.models import CheckIn
from paddock.core.prepared import Param, Prepared
from paddock.events.models import Edition
from paddock.meetings.enums import Absence, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.webhooks.enums import DeliveryStatus, WebhookEvent
from paddock.webhooks.models import Delivery, Endpoint
from paddock.webhooks.sending import enqueue

_MEETING_RELATED = ("first__user", "first__company", "second__user", "second__company",
                    "slot", "table__room")  # fmt: skip


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    return MeetingOut.model_validate(meeting_data(meeting, placed=True)).model_dump()


def meetings_changed(edition: Edition, event: WebhookEvent, meeting_pks: Iterable[int]) -> None:
    """Meetings scheduled, moved or cancelled: one event each, in the order of their pks. A
    cancellation is sent only for meetings a publication showed (the receiver got their
    "scheduled"); the others were never announced."""
    pks = sorted(set(meeting_pks))
    endpoints = _endpoints(edition, event)
    if event == WebhookEvent.MEETING_CANCELLED and endpoints:
        pks = [pk for pk in pks if pk in _published(edition)]
    if not endpoints or not pks:
        return
    meetings = Meeting.objects.filter(pk__in=pks).select_related(*_MEETING_RELATED).order_by("pk")
    _record(edition, event, endpoints, [{"meeting": _meeting_out(m)} for m in meetings])


def meeting_missed(meeting: Meeting) -> None:
    """A meeting just marked a no-show: "meeting.missed", with the ids of the participants
    who did not come ("absent"). Only for a meeting the published schedule shows
    (`published_slot`; the receiver got its "scheduled"): call it before `record_told` takes
    the meeting off that schedule. Undoing the no-show puts it back, and `record_told` sends
    "meeting.scheduled" again."""
    endpoints = _endpoints(meeting.edition, WebhookEvent.MEETING_MISSED)
    if not endpoints or meeting.published_slot is None:
        return
    missed = Meeting.objects.select_related(*_MEETING_RELATED).get(pk=meeting.pk)
    absent = [
        pk
        for pk, side in ((missed.first_id, Absence.FIRST), (missed.second_id, Absence.SECOND))
        if missed.absent in (side, Absence.BOTH)
    ]
    data = {"meeting": _meeting_out(missed), "absent": absent}
    _record(meeting.edition, WebhookEvent.MEETING_MISSED, endpoints, [data])


def meetings_dropped(edition: Edition, meeting_pks: Iterable[int]) -> None:
    """Meetings the previous publication showed and a new one leaves out: "meeting.cancelled"
    for those no longer placed (a run left them out). Those cancelled got theirs when they
    were cancelled, the no-shows their "meeting.missed" (`meeting_missed`)."""
    pks = set(meeting_pks)
    if not pks or not _endpoints(edition, WebhookEvent.MEETING_CANCELLED):
        return
    unplaced = Meeting.objects.filter(pk__in=pks).exclude(status=MeetingStatus.CANCELLED)
    meetings_changed(edition, WebhookEvent.MEETING_CANCELLED, unplaced.values_list("pk", flat=True))


def _published(edition: Edition) -> set[int]:
    """Every meeting some publication of the edition showed (`meeting.scheduled` was sent for
    it then, or when it was booked on the day: `scheduling.services.publishing`). The
    snapshots are read through the edition's reverse relation to the scheduling app."""
    snapshots = edition.published_schedules.values_list("assignments", flat=True)
    return {int(key) for assignments in snapshots for key in assignments}


def participant_checked_in(checkin: CheckIn) -> None:
    event = WebhookEvent.PARTICIPANT_CHECKED_IN
    endpoints = _endpoints(checkin.edition, event)
    if not endpoints:
        return
    checkin = CheckIn.objects.select_related(
        "participant__user", "participant__company", "room"
    ).get(pk=checkin.pk)
    data = CheckInOut.model_validate(checkin_data(checkin)).model_dump()
    _record(checkin.edition, event, endpoints, [{"checkin": data}])


# Asked at every check-in and meeting change: compiled once (paddock.core.prepared), in the
# model's order, as before.
_ACTIVE_ENDPOINTS = Prepared(
    lambda: Endpoint.objects.filter(edition=Param("edition", models.BigIntegerField()), active=True)
)


def _endpoints(edition: Edition, event: str) -> list[Endpoint]:
    return [e for e in _ACTIVE_ENDPOINTS.all(edition=edition.pk) if event in e.events]


def _record(
    edition: Edition, event: str, endpoints: list[Endpoint], objects: list[dict[str, Any]]
) -> None:
    now = timezone.now()
    deliveries = []
    for data in objects:
        event_id = uuid.uuid4()
        body = json.dumps(
            {
                "id": str(event_id),
                "type": event,
                "occurred_at": now,
                "edition": edition.slug,
                "data": data,
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        deliveries += [
            Delivery(endpoint=endpoint, event_id=event_id, event_type=event, body=body)
            for endpoint in endpoints
        ]
    held = settings.WEBHOOKS_HOLD  # a staging or test copy
    for delivery in deliveries:
        delivery.next_attempt_at = now
        if held:
            delivery.status = DeliveryStatus.HELD
    created = Delivery.objects.bulk_create(deliveries)
    if not held:
        ids = [delivery.pk for delivery in created]
        transaction.on_commit(lambda: enqueue(ids))
