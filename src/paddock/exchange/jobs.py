"""The import's long work, done by the task worker: read and check a file, then import it.

The organiser's pages ask (`services.request_check`, `services.confirm_import`); the row of the
upload says how far its job has gone, as a stored PDF's row does (`scheduling.services.documents`).
A job is numbered: asking again (other columns, a retry) starts a new number, and the older job
stops at its next report and leaves nothing behind. The import's writes run in one transaction that
also marks the upload imported (people are checked again just before it): a failure leaves the data
and the upload as they were. It refuses to write when the file would now create something else than
the preview showed (someone added a person of the file meanwhile, even between the import's own
check and its insert): the new check is the new preview.
"""

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from paddock.core.failures import failure_of
from paddock.core.neutral import NeutralMessage
from paddock.exchange.columns import PARTICIPANT_COLUMNS, Column
from paddock.exchange.imports import (
    Defaults,
    ImportResult,
    RowError,
    plan_participants,
    plan_still_holds,
    write_participants,
)
from paddock.exchange.mapping import Mapping, mapping_errors, recognise
from paddock.exchange.meetings import (
    MEETING_COLUMNS,
    MeetingImportResult,
    MeetingKind,
    plan_meetings,
    write_meetings,
)
from paddock.exchange.models import ImportFile, ImportKind, ImportStatus
from paddock.exchange.previews import plan_of, preview_of
from paddock.exchange.reading import ReadingError, Table, read_table

SAMPLE_ROWS = 3  # shown beside each column when choosing what it holds

logger = logging.getLogger(__name__)


class _SupersededError(Exception):
    """A newer job of the same upload was asked, or the upload is gone: this one stops."""


class _EditionChangedError(Exception):
    """What the plan read of the edition changed before the import's transaction began."""


def columns_of(kind: str) -> tuple[Column, ...]:
    return PARTICIPANT_COLUMNS if kind == ImportKind.PARTICIPANTS else MEETING_COLUMNS


def table_of(upload: ImportFile) -> Table:
    """The upload read with the organiser's choices; raises ReadingError."""
    return read_table(
        bytes(upload.content),
        upload.name,
        encoding=upload.encoding,
        delimiter=upload.delimiter,
        sheet=upload.sheet,
    )


def mapping_of(upload: ImportFile, table: Table) -> Mapping:
    keys = list(upload.mapping)[: len(table.headers)]
    keys += [""] * (len(table.headers) - len(keys))
    return Mapping(tuple(keys), table.headers)


def is_mapped(upload: ImportFile) -> bool:
    """The file is read and every required field has its column: it can be checked."""
    keys = list(upload.mapping)[: len(upload.headers)]
    return bool(upload.headers) and not mapping_errors(keys, columns_of(upload.kind))


def _defaults(upload: ImportFile) -> Defaults:
    options = upload.options
    return Defaults(
        role=options.get("role", ""),
        country=options.get("country", ""),
        sector=options.get("sector", ""),
    )


def plan_upload(
    upload: ImportFile, table: Table, *, progress: Any = None
) -> ImportResult | MeetingImportResult:
    """What the upload would create with its columns and options, and every error; writes
    nothing."""
    mapping = mapping_of(upload, table)
    if upload.kind == ImportKind.PARTICIPANTS:
        defaults = _defaults(upload)
        return plan_participants(upload.edition, table, mapping, defaults, progress=progress)
    return plan_meetings(upload.edition, table, mapping, progress=progress)


def import_upload(
    upload: ImportFile, table: Table, *, by: Any, planned: ImportResult | MeetingImportResult
) -> ImportResult | MeetingImportResult:
    """Write the plan (`planned`, without errors) made of the upload before the transaction,
    all or nothing (the import services' own transaction); returns the result, with its
    errors when nothing was written. People: raises RowError when a write finds something
    changed since. Meetings: each pair is checked again through the meetings' services and
    their locks."""
    if isinstance(planned, ImportResult):
        return write_participants(upload.edition, planned, by=by)
    mapping = mapping_of(upload, table)
    kind = upload.options.get("kind", MeetingKind.WISHES)
    return write_meetings(upload.edition, planned, by=by, kind=kind, mapping=mapping)


@task()
def run_import_job(upload_id: str, job: int) -> str:
    """The background task of an upload: check it, or import it once checked (`execute_job`).
    `services` enqueues it; it imports nothing from there, so no import circle."""
    upload = execute_job(upload_id, job)
    return upload.status if upload is not None else "skipped"


def execute_job(upload_id: str, job: int) -> ImportFile | None:
    """The task's body. Never raises: a failure is recorded on the row; a job that a newer one
    replaced (or whose upload was deleted) stops and returns None, as does one already taken."""
    upload = _claim(upload_id, job)
    if upload is None:
        return None
    # The check's errors (`cell_errors`) and a failure (core.failures) are kept in no language,
    # for each reader to read in theirs; what is still written in words here (a blank header's
    # "Column 3", a plural message of Django's) is in the language of the person who asked.
    with translation.override(upload.language or settings.LANGUAGE_CODE):
        try:
            table = table_of(upload)
            _read(upload, table)
            if upload.applying:
                _apply(upload, table)
            elif is_mapped(upload):
                _check(upload, table)
            else:  # the recognised columns miss a required field: the organiser chooses first
                _finish(upload, status=ImportStatus.CHECKED, preview={}, plan="")
        except _SupersededError:
            return None
        except ReadingError as error:
            _fail(upload, _failure_of(upload, error), field=error.field or "file")
        except Exception as error:  # any failure must end as a recorded failed job
            _fail(upload, _failure_of(upload, error))
    return ImportFile.objects.defer("content").filter(pk=upload_id).first()


def _claim(upload_id: str, job: int) -> ImportFile | None:
    with transaction.atomic():
        upload = (
            ImportFile.objects.select_for_update(of=("self",))
            .select_related("edition", "user")
            .filter(pk=upload_id, job=job, status=ImportStatus.QUEUED)
            .first()
        )
        if upload is None:
            return None
        upload.status = ImportStatus.APPLYING if upload.applying else ImportStatus.CHECKING
        upload.progressed_at = timezone.now()
        upload.save(update_fields=["status", "progressed_at"])
        return upload


def _mine(upload: ImportFile) -> Any:
    return ImportFile.objects.filter(pk=upload.pk, job=upload.job, status=upload.status)


def _progress(upload: ImportFile, **changes: Any) -> None:
    """Write how far the job has gone; stop it when a newer job replaced it."""
    if not _mine(upload).update(progressed_at=timezone.now(), **changes):
        raise _SupersededError
    for name, value in changes.items():
        setattr(upload, name, value)


def _read(upload: ImportFile, table: Table) -> None:
    """Keep the headers and first rows; the columns are recognised on the first reading."""
    changes: dict[str, Any] = {"total": len(table.rows), "done": 0}
    if not upload.headers:
        changes["headers"] = list(table.headers)
        changes["samples"] = [list(row.cells) for row in table.rows[:SAMPLE_ROWS]]
        changes["mapping"] = recognise(table.headers, columns_of(upload.kind))
    _progress(upload, **changes)


def _check(upload: ImportFile, table: Table) -> None:
    result = plan_upload(upload, table, progress=lambda done: _progress(upload, done=done))
    _finish(upload, status=ImportStatus.CHECKED, preview=preview_of(result), plan=plan_of(result))


def _finish(upload: ImportFile, **changes: Any) -> None:
    changes |= {"done": upload.total, "finished_at": timezone.now(), "error": "", "failure": None}
    _progress(upload, **changes)


def _apply(upload: ImportFile, table: Table) -> None:
    """Import the file in one transaction that also marks the upload imported and forgets its
    content, with the first lines kept for the columns page; when the file would now create
    something else than its preview showed (or fails), nothing is written and the new check
    becomes the preview, with a notice.

    The file is checked before the transaction, with progress reports (people and their
    models' own checks; meetings), and only written inside it: on SQLite the transaction
    holds the database's write lock, which every other write waits for (up to the busy
    timeout), and the check of a large file is most of the work. Inside, the plan's reads of
    the edition are compared (`plan_still_holds`, people) and the writes check emails and
    company names, or each pair under its lock, again, so a change in between is caught all
    the same."""
    planned = plan_upload(upload, table, progress=lambda done: _progress(upload, done=done))
    if planned.errors or plan_of(planned) != upload.plan:
        _show_changed(upload, planned)
        return
    try:
        with transaction.atomic():
            locked = _mine(upload).select_for_update().first()
            if locked is None:
                raise _SupersededError
            if isinstance(planned, ImportResult) and not plan_still_holds(upload.edition, planned):
                raise _EditionChangedError
            result = import_upload(upload, table, by=upload.user, planned=planned)
            if result.errors:  # a pair a service refuses now: the new check says why
                raise _EditionChangedError
            _finish(
                upload, status=ImportStatus.APPLIED, outcome=_outcome(result), content=b"",
                samples=[], preview={}, notice="",
            )  # fmt: skip
    except (IntegrityError, RowError, _EditionChangedError):
        # A row of the file was written by someone else (a person added by hand) after the
        # check and before the insert: checked again, it shows which.
        upload.edition.refresh_from_db()  # its languages, say, as they are now
        _show_changed(upload, plan_upload(upload, table))


def _show_changed(upload: ImportFile, result: ImportResult | MeetingImportResult) -> None:
    """Nothing was imported: the new check is the preview, under the "changed" notice."""
    _finish(
        upload, status=ImportStatus.CHECKED, preview=preview_of(result), plan=plan_of(result),
        notice="changed",
    )  # fmt: skip


def _outcome(result: ImportResult | MeetingImportResult) -> dict[str, Any]:
    if isinstance(result, MeetingImportResult):
        return {"meetings": result.created}
    return {
        "participants": [participant.pk for participant in result.participants],
        "companies_created": len(result.companies_created),
        "companies_reused": len(result.companies_reused),
    }


def _failure_of(upload: ImportFile, error: Exception) -> NeutralMessage:
    if upload.applying:  # the page adds that nothing was imported
        unexpected = gettext_noop(
            "The import stopped on an unexpected error. Check the file again, then import it; "
            "if it fails again, tell the site’s administrator: the details are in the server’s "
            "log."
        )
    else:
        unexpected = gettext_noop(
            "The check of the file stopped on an unexpected error. Check the file again; if it "
            "fails again, tell the site’s administrator: the details are in the server’s log."
        )
    context = f"Import {upload.pk} job {upload.job}"
    return failure_of(error, unexpected=NeutralMessage(unexpected), logger=logger, context=context)


def _fail(upload: ImportFile, failure: NeutralMessage, *, field: str = "") -> None:
    ImportFile.objects.filter(pk=upload.pk, job=upload.job).update(
        status=ImportStatus.FAILED,
        failure=failure.as_json(),
        error_field=field,
        finished_at=timezone.now(),
    )
