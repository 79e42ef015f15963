"""The editions' meeting requests, made through the meetings services as the participants
would have made them. In 2021 most are accepted (their meetings wait for the scheduler's first
run), a few still wait for an answer, one is declined; in 2019, a past edition, every meeting
came from a request and every request was answered or had expired before the event.
Deterministic for a seed."""

import datetime as dt
import random
from collections.abc import Iterable

from django.utils import timezone

from paddock.events.models import Edition
from paddock.meetings.enums import RequestPriority
from paddock.meetings.models import MeetingRequest
from paddock.meetings.services import (
    accept_request,
    decline_request,
    expire_requests,
    request_meeting,
)
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Participant

ACCEPTED, PENDING, DECLINED = 18, 4, 1
MOST_PER_PERSON = 5
PRIORITIES = (RequestPriority.MUST, RequestPriority.SHOULD, RequestPriority.SHOULD,
              RequestPriority.COULD)  # fmt: skip
MESSAGES = (
    "We are looking for a partner on this for next season.",
    "Could we talk about your lead times and volumes?",
    "Nous aimerions vous présenter notre savoir-faire.",
    "",
)
DECLINE_REASON = "Not a fit for us this year: our needs are covered."
# A past edition: of the requests after the showcase pairs', these shares were declined and
# never answered (they expired); the others were accepted.
PAST_DECLINED, PAST_EXPIRED = 0.08, 0.05
PAST_MOST_PER_PERSON = 6  # a hundred people over two days: about two hundred meetings


def make_requests(edition: Edition, *, seed: int, showcase: set[str]) -> None:
    """Buyers ask suppliers of other companies; pairs with a `showcase` person (the demo's
    participant logins) come first, so that those have requests to look at."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    pairs = _pairs(edition, rng, showcase)
    for index, (buyer, supplier) in enumerate(pairs[: ACCEPTED + PENDING + DECLINED]):
        asked = _ask(buyer, supplier, rng)
        if index < ACCEPTED:
            accept_request(asked, by=supplier.user)
        elif index >= ACCEPTED + PENDING:
            decline_request(asked, by=supplier.user, reason=DECLINE_REASON)


def make_past_requests(
    edition: Edition, *, seed: int, first: Iterable[tuple[Participant, Participant]] = ()
) -> None:
    """A past edition's requests: the `first` pairs asked at the highest priority and were
    accepted; then buyers asked suppliers of other companies (PAST_MOST_PER_PERSON each),
    and were accepted, declined (PAST_DECLINED) or never answered (PAST_EXPIRED: the
    requests expired before the event)."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    for buyer, supplier in first:
        must = RequestPriority.MUST
        accept_request(
            request_meeting(buyer, recipient=supplier, by=buyer.user, priority=must),
            by=supplier.user,
        )
    for buyer, supplier in _pairs(edition, rng, set(), most=PAST_MOST_PER_PERSON):
        asked = _ask(buyer, supplier, rng)
        fate = rng.random()
        if fate < PAST_DECLINED:
            decline_request(asked, by=supplier.user, reason=DECLINE_REASON)
        elif fate >= PAST_DECLINED + PAST_EXPIRED:
            accept_request(asked, by=supplier.user)
    after_expiry = timezone.now() + dt.timedelta(days=edition.request_expiry_days + 1)
    expire_requests(after_expiry, edition=edition)


def _ask(buyer: Participant, supplier: Participant, rng: random.Random) -> MeetingRequest:
    return request_meeting(
        buyer,
        recipient=supplier,
        by=buyer.user,
        message=rng.choice(MESSAGES),
        priority=rng.choice(PRIORITIES),
    )


def _pairs(
    edition: Edition, rng: random.Random, showcase: set[str], *, most: int = MOST_PER_PERSON
) -> list[tuple[Participant, Participant]]:
    people = list(
        edition.participants.filter(status=ParticipantStatus.VALIDATED)
        .select_related("user", "edition")
        .order_by("user__email")
    )
    buying = (ParticipantRole.BUYER, ParticipantRole.BOTH)
    selling = (ParticipantRole.SUPPLIER, ParticipantRole.BOTH)
    candidates = [
        (buyer, supplier)
        for buyer in people
        if buyer.role in buying
        for supplier in people
        if supplier.role in selling and supplier.company_id != buyer.company_id
    ]
    rng.shuffle(candidates)
    candidates.sort(key=lambda pair: not {pair[0].user.email, pair[1].user.email} & showcase)
    chosen, taken, count = [], set(), dict.fromkeys((p.pk for p in people), 0)
    for asked in MeetingRequest.objects.filter(edition=edition).values_list(
        "requester_id", "recipient_id"
    ):
        taken.add(frozenset(asked))
        for pk in asked:
            count[pk] += 1
    for buyer, supplier in candidates:
        pair = frozenset((buyer.pk, supplier.pk))
        if pair in taken or max(count[buyer.pk], count[supplier.pk]) >= most:
            continue
        taken.add(pair)
        count[buyer.pk] += 1
        count[supplier.pk] += 1
        chosen.append((buyer, supplier))
    return chosen
