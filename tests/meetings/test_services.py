"""Every path of the meeting services: requests, answers, cancellation, expiry, suggestions."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from paddock.core.models import AuditEntry
from paddock.events.enums import EditionStatus
from paddock.events.models import TimeSlot
from paddock.meetings import services
from paddock.meetings.enums import MeetingStatus, RequestPriority, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.meetings.helpers import accepted_meeting, other_participant, place

pytestmark = pytest.mark.integration


def _request(requester, recipient, **fields):
    return services.request_meeting(requester, recipient=recipient, by=requester.user, **fields)


def test_request_meeting_creates_a_pending_request_that_expires_later(buyer, supplier):
    before = timezone.now()

    sent = _request(buyer, supplier, message="  Titanium torch nozzles  ", priority="must")

    sent.refresh_from_db()
    assert (sent.status, sent.priority, sent.message, sent.mutual, sent.suggested_by) == (
        RequestStatus.PENDING,
        RequestPriority.MUST,
        "Titanium torch nozzles",
        False,
        None,
    )
    assert before + dt.timedelta(days=7) <= sent.expires_at <= timezone.now() + dt.timedelta(7)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["meeting_request.create"]


def test_request_meeting_refuses_oneself(buyer):
    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, buyer)

    assert raised.value.code == "oneself"


def test_request_meeting_refuses_a_colleague_of_the_same_company(edition, buyer):
    colleague = factories.make_participant(edition, company=buyer.company)

    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, colleague)

    assert (raised.value.code, MeetingRequest.objects.count()) == ("same_company", 0)


def test_request_meeting_refuses_someone_not_validated(edition, buyer):
    invited = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)

    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, invited)

    assert raised.value.code == "not_validated"


def test_request_meeting_refuses_a_participant_of_another_edition(buyer):
    stranger = factories.make_participant(factories.make_edition())

    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, stranger)

    assert raised.value.code == "edition"


def test_request_meeting_refuses_a_closed_edition(edition, buyer, supplier):
    edition.status = EditionStatus.CLOSED
    edition.save()

    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, supplier)

    assert raised.value.code == "closed"


def test_request_meeting_twice_is_refused(buyer, supplier):
    _request(buyer, supplier)

    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, supplier)

    assert (raised.value.code, MeetingRequest.objects.count()) == ("already_requested", 1)


def test_request_meeting_with_an_accepted_partner_is_refused(buyer, supplier):
    accepted_meeting(buyer, supplier)

    with pytest.raises(services.MeetingError) as raised:
        _request(supplier, buyer)

    assert raised.value.code == "already_meeting"


def test_request_meeting_at_the_cap_is_refused_with_the_limit_in_the_message(edition, buyer):
    edition.max_requests_per_participant = 2
    edition.save()
    first, second, third = (other_participant(edition) for _ in range(3))
    _request(buyer, first)
    accepted_meeting(buyer, second)

    with pytest.raises(services.MeetingError) as raised:
        _request(buyer, third)

    assert (raised.value.code, raised.value.message) == (
        "cap_reached",
        "You have sent 2 requests that wait for an answer or are accepted, the limit. "
        "Cancel one before asking for another.",
    )


def test_request_meeting_cap_ignores_declined_and_received_requests(edition, buyer):
    edition.max_requests_per_participant = 1
    edition.save()
    declined, asker, wanted = (other_participant(edition) for _ in range(3))
    services.decline_request(_request(buyer, declined), by=declined.user, reason="Not now")
    _request(asker, buyer)

    sent = _request(buyer, wanted)

    assert sent.status == RequestStatus.PENDING


def test_request_meeting_when_asked_already_makes_one_mutual_accepted_request(buyer, supplier):
    first = _request(supplier, buyer, priority="could")

    merged = _request(buyer, supplier, priority="must")

    meeting = Meeting.objects.get()
    assert merged.pk == first.pk
    assert MeetingRequest.objects.count() == 1
    merged.refresh_from_db()
    assert (merged.status, merged.mutual, merged.priority) == (
        RequestStatus.ACCEPTED,
        True,
        RequestPriority.MUST,
    )
    assert (meeting.request_id, meeting.weight, meeting.status) == (
        merged.pk,
        4,
        MeetingStatus.TO_SCHEDULE,
    )


def test_accept_request_creates_the_meeting_weighted_by_priority(buyer, supplier):
    sent = _request(buyer, supplier, priority="should")

    meeting = services.accept_request(sent, by=supplier.user)

    sent.refresh_from_db()
    assert (sent.status, sent.answered_at is not None) == (RequestStatus.ACCEPTED, True)
    assert (meeting.first, meeting.second, meeting.weight, meeting.sequence) == (
        buyer,
        supplier,
        2,
        0,
    )


def test_accept_request_by_the_requester_is_refused(buyer, supplier):
    sent = _request(buyer, supplier)

    with pytest.raises(services.MeetingError) as raised:
        services.accept_request(sent, by=buyer.user)

    assert (raised.value.code, Meeting.objects.count()) == ("not_recipient", 0)


def test_accept_request_by_a_stranger_is_refused(edition, buyer, supplier):
    sent = _request(buyer, supplier)
    stranger = other_participant(edition)

    with pytest.raises(services.MeetingError) as raised:
        services.accept_request(sent, by=stranger.user)

    assert raised.value.code == "not_party"


def test_accept_request_twice_is_refused(buyer, supplier):
    sent = _request(buyer, supplier)
    services.accept_request(sent, by=supplier.user)

    with pytest.raises(services.MeetingError) as raised:
        services.accept_request(sent, by=supplier.user)

    assert (raised.value.code, raised.value.message) == (
        "wrong_status",
        "This request is already accepted.",
    )


def test_decline_request_stores_the_reason(buyer, supplier):
    sent = _request(buyer, supplier)

    services.decline_request(sent, by=supplier.user, reason="  We only print polymers.  ")

    sent.refresh_from_db()
    assert (sent.status, sent.decline_reason) == (RequestStatus.DECLINED, "We only print polymers.")


def test_decline_request_without_a_reason_names_the_field(buyer, supplier):
    sent = _request(buyer, supplier)

    with pytest.raises(services.MeetingError) as raised:
        services.decline_request(sent, by=supplier.user, reason="   ")

    assert (raised.value.code, raised.value.field) == ("reason_required", "reason")


def test_declined_pair_may_ask_again(buyer, supplier):
    services.decline_request(_request(buyer, supplier), by=supplier.user, reason="Later")

    again = _request(buyer, supplier)

    assert again.status == RequestStatus.PENDING


def test_cancel_pending_request_by_the_requester(buyer, supplier):
    sent = _request(buyer, supplier)

    services.cancel_request(sent, by=buyer.user)

    sent.refresh_from_db()
    assert sent.status == RequestStatus.CANCELLED


def test_cancel_pending_request_by_the_recipient_is_refused(buyer, supplier):
    sent = _request(buyer, supplier)

    with pytest.raises(services.MeetingError) as raised:
        services.cancel_request(sent, by=supplier.user)

    assert raised.value.code == "not_requester"


def test_cancel_accepted_request_cancels_the_meeting_and_raises_its_sequence(
    buyer, supplier, slot, table
):
    meeting = place(accepted_meeting(buyer, supplier), slot=slot, table=table)

    services.cancel_request(meeting.request, by=supplier.user)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence, meeting.slot, meeting.table) == (
        MeetingStatus.CANCELLED,
        1,
        slot,
        table,
    )


def test_cancel_accepted_request_is_refused_once_the_meeting_began_or_was_missed(
    buyer, supplier, slot, table
):
    # A no-show (of a slot to come, as an organiser may mark it) and a meeting under way.
    missed = place(accepted_meeting(buyer, supplier), slot=slot, table=table)
    Meeting.objects.filter(pk=missed.pk).update(status=MeetingStatus.NO_SHOW, absent="second")
    other = other_participant(buyer.edition)
    under_way = place(
        accepted_meeting(buyer, other),
        slot=TimeSlot.objects.create(
            edition=slot.edition,
            session=slot.session,
            start=timezone.now() - dt.timedelta(minutes=10),
            end=timezone.now() + dt.timedelta(minutes=20),
        ),
        table=table,
    )

    refusals = []
    for meeting, by in ((missed, supplier.user), (under_way, other.user)):
        with pytest.raises(services.MeetingError) as raised:
            services.cancel_request(meeting.request, by=by)
        refusals.append(raised.value.code)

    assert refusals == ["meeting_begun", "meeting_begun"]
    assert list(Meeting.objects.order_by("pk").values_list("status", flat=True)) == [
        MeetingStatus.NO_SHOW,
        MeetingStatus.SCHEDULED,
    ]
    assert list(MeetingRequest.objects.order_by("pk").values_list("status", flat=True)) == [
        RequestStatus.ACCEPTED,
        RequestStatus.ACCEPTED,
    ]


def test_expire_requests_expires_only_pending_requests_past_their_time(edition, buyer, supplier):
    old = _request(buyer, supplier)
    recent = _request(buyer, other_participant(edition))
    answered = _request(buyer, other_participant(edition))
    services.accept_request(answered, by=answered.recipient.user)
    now = timezone.now() + dt.timedelta(days=5)
    MeetingRequest.objects.filter(pk__in=[old.pk, answered.pk]).update(
        expires_at=now - dt.timedelta(minutes=1)
    )

    count = services.expire_requests(now=now)

    statuses = dict(MeetingRequest.objects.values_list("pk", "status"))
    assert (count, statuses) == (
        1,
        {
            old.pk: RequestStatus.EXPIRED,
            recent.pk: RequestStatus.PENDING,
            answered.pk: RequestStatus.ACCEPTED,
        },
    )


def test_expired_request_frees_the_pair_and_the_cap(edition, buyer, supplier):
    edition.max_requests_per_participant = 1
    edition.save()
    _request(buyer, supplier)
    services.expire_requests(now=timezone.now() + dt.timedelta(days=8))

    again = _request(buyer, supplier)

    assert again.status == RequestStatus.PENDING


def test_suggest_meeting_creates_a_suggested_pending_request(
    organiser_user, edition, buyer, supplier
):
    suggested = services.suggest_meeting(
        edition, by=organiser_user, first=buyer, second=supplier, message="You should talk."
    )

    assert (
        suggested.requester,
        suggested.recipient,
        suggested.status,
        suggested.suggested_by,
        suggested.message,
    ) == (buyer, supplier, RequestStatus.PENDING, organiser_user, "You should talk.")


def test_suggest_meeting_ignores_the_cap_but_not_an_existing_request(
    organiser_user, edition, buyer, supplier
):
    edition.max_requests_per_participant = 0
    edition.save()
    services.suggest_meeting(edition, by=organiser_user, first=buyer, second=supplier)

    with pytest.raises(services.MeetingError) as raised:
        services.suggest_meeting(edition, by=organiser_user, first=supplier, second=buyer)

    assert raised.value.code == "already_requested"


def test_the_database_refuses_two_live_requests_for_one_pair(edition, buyer, supplier):
    _request(buyer, supplier)

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(edition=edition, requester=supplier, recipient=buyer)


def test_the_database_accepts_a_new_request_after_a_declined_one(edition, buyer, supplier):
    MeetingRequest.objects.create(
        edition=edition, requester=supplier, recipient=buyer, status=RequestStatus.DECLINED
    )

    MeetingRequest.objects.create(edition=edition, requester=buyer, recipient=supplier)

    assert MeetingRequest.objects.count() == 2


def test_the_database_refuses_two_meetings_at_one_table_and_slot(
    edition, buyer, supplier, slot, table
):
    place(accepted_meeting(buyer, supplier), slot=slot, table=table)
    other = accepted_meeting(other_participant(edition), other_participant(edition))

    with pytest.raises(IntegrityError), transaction.atomic():
        place(other, slot=slot, table=table)


def test_arrange_meeting_creates_a_meeting_without_request(
    organiser_user, edition, buyer, supplier
):
    meeting = services.arrange_meeting(edition, by=organiser_user, first=buyer, second=supplier)

    assert (meeting.request, meeting.weight, meeting.status, MeetingRequest.objects.count()) == (
        None,
        3,
        MeetingStatus.TO_SCHEDULE,
        0,
    )


def test_arranged_pair_cannot_request_each_other(organiser_user, edition, buyer, supplier):
    services.arrange_meeting(edition, by=organiser_user, first=buyer, second=supplier)

    with pytest.raises(services.MeetingError) as raised:
        _request(supplier, buyer)

    assert raised.value.code == "already_meeting"


def test_arrange_meeting_for_a_pair_with_a_pending_request_is_refused(
    organiser_user, edition, buyer, supplier
):
    _request(buyer, supplier)

    with pytest.raises(services.MeetingError) as raised:
        services.arrange_meeting(edition, by=organiser_user, first=supplier, second=buyer)

    assert (raised.value.code, Meeting.objects.count()) == ("already_requested", 0)


def test_cancel_meeting_by_the_organiser_cancels_its_request_and_raises_the_sequence(
    organiser_user, buyer, supplier
):
    meeting = accepted_meeting(buyer, supplier)

    services.cancel_meeting(meeting, by=organiser_user)

    meeting.refresh_from_db()
    meeting.request.refresh_from_db()
    assert (meeting.status, meeting.sequence, meeting.request.status) == (
        MeetingStatus.CANCELLED,
        1,
        RequestStatus.CANCELLED,
    )


def test_organiser_cancel_meeting_is_refused_once_it_began_or_was_missed(
    organiser_user, buyer, supplier, slot, table
):
    """As for the participants (`cancel_request`): what happened on the day stays on record;
    on the day an organiser marks a no-show or moves the meeting instead."""
    missed = place(accepted_meeting(buyer, supplier), slot=slot, table=table)
    Meeting.objects.filter(pk=missed.pk).update(status=MeetingStatus.NO_SHOW, absent="second")
    other = other_participant(buyer.edition)
    under_way = place(
        services.arrange_meeting(buyer.edition, by=organiser_user, first=buyer, second=other),
        slot=TimeSlot.objects.create(
            edition=slot.edition,
            session=slot.session,
            start=timezone.now() - dt.timedelta(minutes=10),
            end=timezone.now() + dt.timedelta(minutes=20),
        ),
        table=table,
    )

    refusals = []
    for meeting in (missed, under_way):
        with pytest.raises(services.MeetingError) as raised:
            services.cancel_meeting(Meeting.objects.get(pk=meeting.pk), by=organiser_user)
        refusals.append(raised.value.code)

    assert refusals == ["meeting_begun", "meeting_begun"]
    assert list(Meeting.objects.order_by("pk").values_list("status", "sequence")) == [
        (MeetingStatus.NO_SHOW, 0),
        (MeetingStatus.SCHEDULED, 0),
    ]
    missed.request.refresh_from_db()
    assert missed.request.status == RequestStatus.ACCEPTED


def test_cancel_meeting_twice_is_refused(organiser_user, edition, buyer, supplier):
    meeting = services.arrange_meeting(edition, by=organiser_user, first=buyer, second=supplier)
    services.cancel_meeting(meeting, by=organiser_user)

    with pytest.raises(services.MeetingError) as raised:
        services.cancel_meeting(meeting, by=organiser_user)

    assert raised.value.code == "wrong_status"
