"""Writes of matchmaking: replacing an edition's stored recommendations."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.matchmaking.models import Recommendation
from paddock.matchmaking.queries import matchmaking_input
from paddock.matchmaking.scoring import top_recommendations

PER_PARTICIPANT = 20


def recompute_recommendations(
    edition: Edition, *, by: Any = None, per_participant: int = PER_PARTICIPANT
) -> int | None:
    """Score the edition's validated participants and store each one's best recommendations.

    Reads and scores outside any transaction (it may take minutes for a large edition), then
    replaces the stored recommendations in one transaction holding the edition's row lock, so
    readers see the old set or the new one. Returns the number stored, or None when a run
    that started later has already stored its results (ours would be older: nothing is
    written). Raises nothing of its own.
    """
    started = timezone.now()
    taxonomy, profiles = matchmaking_input(edition)
    found = top_recommendations(profiles, taxonomy, per_participant=per_participant)
    rows = [
        Recommendation(
            edition=edition,
            participant_id=pid,
            other_id=recommendation.other_id,
            score=recommendation.score,
            reasons=list(recommendation.reasons),
            computed_at=started,
        )
        for pid, recommendations in found.items()
        for recommendation in recommendations
    ]
    with transaction.atomic():
        Edition.objects.select_for_update().only("pk").get(pk=edition.pk)
        stored = Recommendation.objects.filter(edition=edition)
        if stored.filter(computed_at__gt=started).exists():
            return None
        stored.delete()
        Recommendation.objects.bulk_create(rows, batch_size=1000)
        log_action(
            "matchmaking.recompute",
            by=by,
            edition=edition,
            obj=edition,
            participants=len(profiles),
            recommendations=len(rows),
        )
    return len(rows)
