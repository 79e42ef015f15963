"""Writes of check-in: issuing badges."""

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from paddock.checkin.models import Badge
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant

# Capitals and digits without look-alikes (0/O, 1/I/L): short QR codes in alphanumeric mode,
# and a code a person can read out or type. 12 characters give about 59 random bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_badge_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_badges(
    edition: Edition, *, by: Any, participants: Iterable[Participant] | None = None
) -> list[Badge]:
    """The badges of `participants` (default: every validated one), creating those missing.

    Issuing again returns the same badges with the same codes, so a reprint matches what the
    desk already knows.
    """
    with transaction.atomic():
        people = Participant.objects.filter(edition=edition)
        if participants is None:
            people = people.filter(status=ParticipantStatus.VALIDATED)
        else:
            people = people.filter(pk__in=[p.pk for p in participants])
        missing = list(people.filter(badge__isnull=True).select_for_update(of=("self",)))
        if missing:
            Badge.objects.bulk_create(
                [Badge(participant=p, code=new_badge_code()) for p in missing]
            )
            log_action("checkin.badges_issued", by=by, edition=edition, count=len(missing))
        return list(
            Badge.objects.filter(participant__in=people)
            .select_related("participant__user", "participant__company")
            .order_by("participant__company__name", "participant__user__last_name", "pk")
        )
