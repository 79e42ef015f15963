"""Reads of the webhook pages."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from paddock.events.models import Edition
from paddock.webhooks.models import Attempt, Delivery, Endpoint

RECENT_DELIVERIES = 50


def endpoint_for(edition: Edition, pk: int) -> Endpoint:
    """An endpoint of the edition, or 404."""
    endpoint = get_object_or_404(Endpoint, edition=edition, pk=pk)
    endpoint.edition = edition
    return endpoint


def delivery_for(edition: Edition, pk: int) -> Delivery:
    """A delivery to an endpoint of the edition, or 404."""
    delivery = get_object_or_404(
        Delivery.objects.select_related("endpoint"), endpoint__edition=edition, pk=pk
    )
    delivery.endpoint.edition = edition
    return delivery


def recent_deliveries(endpoint: Endpoint) -> QuerySet[Delivery]:
    """The latest deliveries with their attempts, newest first."""
    attempts = Attempt.objects.order_by("-started_at", "-pk")
    return endpoint.deliveries.prefetch_related(Prefetch("attempts", queryset=attempts)).order_by(
        "-created_at", "-pk"
    )[:RECENT_DELIVERIES]
