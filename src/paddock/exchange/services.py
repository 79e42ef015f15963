"""The import wizard's writes: keep an uploaded file, choose its columns, ask the task worker to
check it and then to import it, forget it.

Reading and checking a file of 10 MB takes seconds, importing 2,000 people a few more: both are
jobs of the task worker (`jobs.py`), followed on the wizard's pages. Only what is instant
(size, kind of file) is checked in the request.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.locking import sqlite_without_waiting
from paddock.events.models import Edition
from paddock.exchange.jobs import columns_of, run_import_job
from paddock.exchange.mapping import mapping_errors
from paddock.exchange.models import (
    ACTIVE_IMPORT_STATUSES,
    UPLOAD_LIFETIME,
    ImportFile,
    ImportStatus,
)
from paddock.exchange.reading import check_file

# An import confirmed goes on, whether the worker took it or it still waits in the queue: a new
# upload or the clean-up leaves its file alone.
_IMPORT_ASKED = Q(applying=True, status__in=ACTIVE_IMPORT_STATUSES)


class MappingError(DomainError):
    code = "mapping"


class ImportStateError(DomainError):
    code = "import_state"


def store_upload(
    edition: Edition,
    *,
    by: Any,
    kind: str,
    name: str,
    content: bytes,
    encoding: str = "",
    delimiter: str = "",
    sheet: str = "",
    options: dict[str, str] | None = None,
) -> ImportFile:
    """Keep an uploaded file for the wizard, in place of the person's earlier file of that kind
    in the edition (unless its import is queued or running), and ask the worker to read it (its
    columns are recognised from its headers) and check it. With the inline task backend it is
    read and checked on return.

    Raises ReadingError (naming the field) when the file is empty, too large or an old Excel
    file; nothing is kept then. What only reading tells is the job's error.
    """
    check_file(content, name)
    with transaction.atomic():
        replaced = ImportFile.objects.filter(edition=edition, user=by, kind=kind)
        replaced.exclude(_IMPORT_ASKED).delete()
        upload = ImportFile.objects.create(
            edition=edition,
            user=by,
            kind=kind,
            name=name[:200],
            content=content,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            options=options or {},
        )
        _queue(upload, applying=False)
    return _enqueue(upload)


def _queue(upload: ImportFile, *, applying: bool) -> None:
    upload.job += 1
    upload.applying = applying
    upload.status = ImportStatus.QUEUED
    upload.done = 0
    upload.error = upload.error_field = upload.notice = ""
    upload.failure = None
    upload.language = translation.get_language() or ""
    upload.requested_at = timezone.now()
    upload.progressed_at = upload.finished_at = None
    upload.save()


def _enqueue(upload: ImportFile) -> ImportFile:
    run_import_job.enqueue(str(upload.pk), upload.job)
    upload.refresh_from_db()
    return upload


def _locked(upload: ImportFile, *, nowait: bool = False) -> ImportFile:
    # Without the file's content, which only the worker reads: save() then writes the others.
    rows = ImportFile.objects.select_for_update(of=("self",), nowait=nowait)
    locked = rows.defer("content").get(pk=upload.pk)
    if locked.status == ImportStatus.APPLIED:
        raise ImportStateError(_("This file is imported already."))
    if locked.applying and locked.is_active:
        raise ImportStateError(_("This file is being imported."))
    return locked


def request_check(upload: ImportFile, *, by: Any) -> ImportFile:
    """Ask the worker to read and check the upload again (after a failure, or a worker gone).
    An import that may still run holds the upload's row (PostgreSQL) or the database's write
    lock (SQLite), as a check does for an instant while it saves its progress: asked without
    waiting for it, it is refused at once.

    Raises ImportStateError when it is imported, or being imported, or the row is held."""
    try:
        with sqlite_without_waiting(), transaction.atomic():
            upload = _locked(upload, nowait=True)
            _queue(upload, applying=False)
    except OperationalError:
        raise ImportStateError(_held_message(upload)) from None
    return _enqueue(upload)


def _held_message(upload: ImportFile) -> str:
    """The refusal of a retry whose lock is held, naming the job last asked, as the row (read
    without a lock) says: an import holds it to its end, a check for an instant."""
    row = ImportFile.objects.filter(pk=upload.pk).values("applying").first()
    if row is not None and row["applying"]:
        return _(
            "The import may still be running: nothing was changed. Try again in a few minutes."
        )
    return _("The check may still be running: nothing was changed. Try again in a moment.")


def choose_columns(
    upload: ImportFile, *, by: Any, keys: Sequence[str], options: dict[str, str]
) -> ImportFile:
    """Keep the field chosen for each column of the file ("" to ignore it) and the defaults,
    and have the file checked with them, unless the check going on or done used them already.

    Raises MappingError when a required field has no column or a field has two, and
    ImportStateError when it is imported, or being imported.
    """
    known = {column.key for column in columns_of(upload.kind)}
    keys = [key if key in known else "" for key in keys]
    errors = mapping_errors(keys, columns_of(upload.kind))
    if errors:
        raise MappingError(" ".join(errors), code="mapping")
    with transaction.atomic():
        upload = _locked(upload)
        chosen = {**upload.options, **options}
        current = upload.status == ImportStatus.CHECKED or upload.is_active
        if keys == list(upload.mapping) and _given(chosen) == _given(upload.options) and current:
            return upload
        upload.mapping, upload.options = keys, chosen
        _queue(upload, applying=False)
    return _enqueue(upload)


def _given(options: dict[str, str]) -> dict[str, str]:
    """The options with a value: an empty default is no default."""
    return {name: value for name, value in options.items() if value}


def confirm_import(upload: ImportFile, *, by: Any, shown_plan: str) -> ImportFile:
    """Ask the worker to import the checked upload, all or nothing. It writes only if the file
    still creates what its preview showed; else the new check is the preview (`jobs._apply`).
    `shown_plan` is the plan of the preview the person confirmed: a check asked since (other
    columns, in another tab) replaced it, and what it would import was never shown.

    Raises ImportStateError when the upload is not checked, its check found errors, or its plan
    is no longer the one shown."""
    with transaction.atomic():
        upload = _locked(upload)
        if upload.status != ImportStatus.CHECKED or not upload.plan:
            raise ImportStateError(_("Only a file checked without errors can be imported."))
        if shown_plan != upload.plan:
            raise ImportStateError(
                _(
                    "The preview changed since this page was shown: nothing was imported. "
                    "Here is the new one."
                ),
                code="preview_changed",
            )
        _queue(upload, applying=True)
    return _enqueue(upload)


@transaction.atomic
def delete_old_uploads(now: dt.datetime | None = None) -> int:
    """Delete the uploads older than a day (their file with them), except one whose import was
    confirmed within the day and is not over; returns how many."""
    limit = (now or timezone.now()) - UPLOAD_LIFETIME
    old = ImportFile.objects.filter(created_at__lt=limit)
    count, _by_model = old.exclude(_IMPORT_ASKED & Q(requested_at__gte=limit)).delete()
    return count


def expired_message() -> str:
    return _("This file is no longer kept: upload it again.")
