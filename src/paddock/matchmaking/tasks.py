"""Background recomputation of recommendations (inline with the ImmediateBackend)."""

from django.db import transaction
from django_tasks import task

from paddock.events.models import Edition
from paddock.matchmaking import services


@task()
def recompute_edition_recommendations(edition_id: int) -> int | None:
    """Recompute one edition's recommendations; returns how many were stored."""
    edition = Edition.objects.get(pk=edition_id)
    return services.recompute_recommendations(edition)


def request_recompute(edition: Edition) -> None:
    """Ask for a recomputation once the current transaction commits.

    Call it from any service that changes what matchmaking reads: offers, needs, roles,
    languages, a participant's validation. Queued after commit so the task reads the change.
    """
    edition_id = edition.pk
    transaction.on_commit(lambda: recompute_edition_recommendations.enqueue(edition_id))
