"""The 2021 edition's meeting requests, made through the meetings services as the participants
would have made them: most accepted (their meetings wait for the scheduler's first run), a few
still waiting for an answer, one declined. Deterministic for a seed."""

import random

from paddock.events.models import Edition
from paddock.meetings.enums import RequestPriority
from paddock.meetings.services import accept_request, decline_request, request_meeting
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


def make_requests(edition: Edition, *, seed: int, showcase: set[str]) -> None:
    """Buyers ask suppliers of other companies; pairs with a `showcase` person (the demo's
    participant logins) come first, so that those have requests to look at."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    pairs = _pairs(edition, rng, showcase)
    for index, (buyer, supplier) in enumerate(pairs[: ACCEPTED + PENDING + DECLINED]):
        asked = request_meeting(
            buyer,
            recipient=supplier,
            by=buyer.user,
            message=rng.choice(MESSAGES),
            priority=rng.choice(PRIORITIES),
        )
        if index < ACCEPTED:
            accept_request(asked, by=supplier.user)
        elif index >= ACCEPTED + PENDING:
            decline_request(asked, by=supplier.user, reason=DECLINE_REASON)


def _pairs(
    edition: Edition, rng: random.Random, showcase: set[str]
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
    for buyer, supplier in candidates:
        pair = frozenset((buyer.pk, supplier.pk))
        if pair in taken or max(count[buyer.pk], count[supplier.pk]) >= MOST_PER_PERSON:
            continue
        taken.add(pair)
        count[buyer.pk] += 1
        count[supplier.pk] += 1
        chosen.append((buyer, supplier))
    return chosen
