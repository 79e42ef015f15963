"""Reads of the exchange app."""

import uuid

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from paddock.accounts.models import User
from paddock.core.locking import is_sqlite_write_lock_held
from paddock.events.models import Edition
from paddock.exchange.models import UPLOAD_LIFETIME, ImportFile, ImportStatus


class UploadReplacedError(Http404):
    """The upload named is gone, and the user has a newer one of that kind in the edition (an
    upload in another tab replaced it): the page points to that one."""

    def __init__(self, current: ImportFile) -> None:
        super().__init__("replaced")
        self.current = current


def _uploads_of(user: User, edition: Edition, kind: str) -> QuerySet[ImportFile]:
    # The file's content is the worker's: the pages never read its up to 10 MB.
    return ImportFile.objects.defer("content").filter(
        edition=edition, user=user, kind=kind, created_at__gte=timezone.now() - UPLOAD_LIFETIME
    )


def upload_for(user: User, edition: Edition, kind: str, pk: str) -> ImportFile:
    """The user's own upload of that kind in the edition, less than a day old; 404 otherwise,
    UploadReplacedError when no upload has that id any more and the user has a newer one."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        raise Http404 from None
    upload = _uploads_of(user, edition, kind).filter(pk=key).first()
    if upload is not None:
        return upload
    current = current_upload_for(user, edition, kind)
    if current is not None and not ImportFile.objects.filter(pk=key).exists():
        raise UploadReplacedError(current)
    raise Http404


def current_upload_for(user: User, edition: Edition, kind: str) -> ImportFile | None:
    """The user's latest upload of that kind in the edition, less than a day old."""
    return _uploads_of(user, edition, kind).order_by("-created_at").first()


def is_job_stopped(upload: ImportFile) -> bool:
    """The upload's job will not finish: it failed, or its worker is gone (`is_stale`).

    While it writes, an import reports no progress that others could see: its single transaction
    holds the row's lock until it ends. A lock still held tells a long import from a dead worker,
    whose connection closed and released it: the row's lock on PostgreSQL, the database's write lock
    on SQLite (which has no row locks): there a lock held for a moment, by another request's write,
    is waited for (`is_sqlite_write_lock_held`) rather than taken for the import's.
    """
    if upload.is_active:
        return False
    if upload.status != ImportStatus.APPLYING:
        return True
    if not connection.features.has_select_for_update_skip_locked:
        return not is_sqlite_write_lock_held()
    with transaction.atomic():
        free = ImportFile.objects.select_for_update(skip_locked=True).filter(pk=upload.pk)
        return free.values_list("pk", flat=True).first() is not None
