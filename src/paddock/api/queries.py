"""Reads of the API's tokens and of the editions a person may give a token to."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from paddock.api.models import ApiToken
from paddock.events.models import Edition
from paddock.events.queries import editions_of


def reachable_editions(user: Any) -> QuerySet[Edition]:
    """Editions where the person holds a role, organises the series or takes part; every
    edition for a site administrator. Newest first."""
    editions = Edition.objects if user.is_superuser else editions_of(user)
    return editions.select_related("series__organiser").order_by("-start_date", "pk")


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(user=user)
        .prefetch_related("editions")
        .order_by("-created_at", "-pk")
    )


def live_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The person's tokens that still work: neither revoked nor ended."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def own_token_for(user: Any, pk: int) -> ApiToken:
    """The person's own token `pk`; 404 for anyone else's."""
    return get_object_or_404(ApiToken, user=user, pk=pk)
