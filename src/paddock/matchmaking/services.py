"""Writes of matchmaking: replacing an edition's stored recommendations."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.matchmaking.enums import REPEAT_PAIR_FACTORS, RepeatPairs
from paddock.matchmaking.models import MatchmakingSettings, Recommendation
from paddock.matchmaking.queries import matchmaking_input, met_pairs, repeat_pairs_of
from paddock.matchmaking.scoring import top_recommendations, weigh_repeat_pairs

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
    factor = REPEAT_PAIR_FACTORS[RepeatPairs(repeat_pairs_of(edition))]
    if factor == 1.0:
        found = top_recommendations(profiles, taxonomy, per_participant=per_participant)
    else:
        # Twice as many candidates, so that favoured pairs may climb into the list and
        # avoided ones leave room to others.
        found = weigh_repeat_pairs(
            top_recommendations(profiles, taxonomy, per_participant=2 * per_participant),
            met_pairs(edition),
            factor=factor,
            per_participant=per_participant,
        )
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
        lock_edition(edition)
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


def set_repeat_pairs(edition: Edition, *, repeat_pairs: str, by: Any) -> MatchmakingSettings:
    """Stores whether recommendations avoid or favour pairs met in an earlier edition; they
    follow at the next recomputation. Runs in a transaction; raises nothing of its own."""
    with transaction.atomic():
        settings, _created = MatchmakingSettings.objects.update_or_create(
            edition=edition, defaults={"repeat_pairs": RepeatPairs(repeat_pairs)}
        )
        log_action(
            "matchmaking.repeat_pairs", by=by, edition=edition, obj=edition, value=repeat_pairs
        )
    return settings
