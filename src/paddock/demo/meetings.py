"""Accepted meetings for a demo edition, so that the scheduler has something to place.

Demo data only: meetings are created directly (no requests, no mails), pairing buyers with
suppliers of other companies, deterministically from a seed.
"""

import random
from typing import Any

from django.db import transaction

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.enums import ParticipantRole, ParticipantStatus

WEIGHTS = (1, 2, 2, 3, 3, 4)


@transaction.atomic
def seed_demo_meetings(edition: Edition, *, by: Any, per_participant: int, seed: int = 0) -> int:
    """About `per_participant` meetings for each validated participant; returns how many
    were made. Pairs that already have a live meeting are skipped."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    people = list(edition.participants.filter(status=ParticipantStatus.VALIDATED).order_by("pk"))
    buyers = [p for p in people if p.role in (ParticipantRole.BUYER, ParticipantRole.BOTH)]
    sellers = [p for p in people if p.role in (ParticipantRole.SUPPLIER, ParticipantRole.BOTH)]
    taken = {
        frozenset(pair)
        for pair in Meeting.objects.filter(edition=edition)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("first_id", "second_id")
    }
    count: dict[int, int] = dict.fromkeys((p.pk for p in people), 0)
    made = []
    for buyer in buyers:
        for seller in rng.sample(sellers, k=min(len(sellers), 3 * per_participant)):
            pair = frozenset((buyer.pk, seller.pk))
            full = count[buyer.pk] >= per_participant or count[seller.pk] >= per_participant
            if full or len(pair) < 2 or pair in taken or buyer.company_id == seller.company_id:
                continue
            taken.add(pair)
            count[buyer.pk] += 1
            count[seller.pk] += 1
            made.append(
                Meeting(edition=edition, first=buyer, second=seller, weight=rng.choice(WEIGHTS))
            )
    Meeting.objects.bulk_create(made)
    log_action("schedule.demo_meetings", by=by, edition=edition, obj=edition, count=len(made))
    return len(made)
