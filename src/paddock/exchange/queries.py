"""Reads of the exchange app."""

import uuid
from typing import Any

from django.http import Http404
from django.utils import timezone

from paddock.events.models import Edition
from paddock.exchange.models import UPLOAD_LIFETIME, ImportFile


def upload_for(user: Any, edition: Edition, kind: str, pk: str) -> ImportFile:
    """The user's own upload of that kind in the edition, less than a day old; 404 otherwise."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        raise Http404 from None
    # The file's content is the worker's: the pages never read its up to 10 MB.
    upload = (
        ImportFile.objects.defer("content")
        .filter(
            pk=key,
            edition=edition,
            user=user,
            kind=kind,
            created_at__gte=timezone.now() - UPLOAD_LIFETIME,
        )
        .first()
    )
    if upload is None:
        raise Http404
    return upload
