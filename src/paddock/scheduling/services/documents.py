"""Long PDFs (all agendas, room sheets, badges) built by the task worker and kept in storage.

Asking for one hashes what it would show (`core.pdf.fingerprint` of its HTML parts, quick to
render); a stored file with that hash is served at once, otherwise one build is queued per
document and the `StoredDocument` row tells how far it has gone. A build is numbered: asking
again while a build lays out outdated data starts a new number, and the older build stops at
its next part and leaves nothing behind.
"""

import datetime as dt
import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from paddock.checkin.badges import badge_parts
from paddock.checkin.services import issue_badges
from paddock.core.exceptions import DomainError
from paddock.core.failures import failure_of
from paddock.core.neutral import NeutralMessage
from paddock.core.pdf import Part, fingerprint, render_parts
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.scheduling import documents
from paddock.scheduling.enums import DocumentKind, DocumentStatus
from paddock.scheduling.models import StoredDocument

FOLDER = "documents"
ORPHAN_AGE = dt.timedelta(hours=1)

logger = logging.getLogger(__name__)


class DocumentError(DomainError):
    code = "document_error"


class _SupersededError(Exception):
    """A newer build of the same document was asked: this one stops."""


def document_parts(edition: Edition, *, kind: str, language: str, by: Any) -> list[Part]:
    """The HTML parts of the document: one per agenda, room sheet or sheet of badges. Badges
    missing for validated participants are issued first (by `by`), as printing always did."""
    with translation.override(language or settings.LANGUAGE_CODE):
        if kind == DocumentKind.AGENDAS:
            parts = documents.agenda_parts(edition, language=language)
            return parts or [documents.empty_part()]
        if kind == DocumentKind.ROOM_SHEETS:
            return documents.room_sheet_parts(edition)
        return badge_parts(edition, issue_badges(edition, by=by))


def _check(kind: str, language: str) -> None:
    if kind not in DocumentKind.values:
        raise DocumentError(_("Unknown document."), field="kind")
    own = kind == DocumentKind.AGENDAS and language == ""
    if not own and language not in dict(settings.LANGUAGES):
        raise DocumentError(_("Choose a language of the list."), field="language")


def request_document(edition: Edition, *, kind: str, language: str, by: Any) -> StoredDocument:
    """The edition's stored document of `kind` in `language` ("" for each reader's own, agendas
    only). Ready at once when its stored file shows the current data; otherwise a build is
    queued, unless one is already going, and the row says how far it has gone (with the inline
    task backend it is done on return). Locks the document's row; raises DocumentError for an
    unknown kind or language."""
    _check(kind, language)
    current = fingerprint(document_parts(edition, kind=kind, language=language, by=by))
    with transaction.atomic():
        row, created = StoredDocument.objects.get_or_create(
            edition=edition, kind=kind, language=language
        )
        document = StoredDocument.objects.select_for_update().get(pk=row.pk)
        if not created and _usable(document, current):
            return document
        document.edition = edition
        _queue(document, by=by)
    build_document.enqueue(document.pk, document.build)
    document.refresh_from_db()
    return document


def _usable(document: StoredDocument, current: str) -> bool:
    """Ready with the current data (its file still on disk: a restore may lack it), or a
    build going on that may still give it."""
    if document.is_ready:
        return document.fingerprint == current and default_storage.exists(document.file.name)
    # A build records what it lays out once it has read the data: until then, not outdated.
    building = document.status == DocumentStatus.BUILDING
    outdated = building and document.fingerprint not in {"", current}
    return document.is_active and not outdated


def _queue(document: StoredDocument, *, by: Any) -> None:
    document.build += 1
    document.status = DocumentStatus.QUEUED
    document.done = document.total = 0
    document.error, document.failure = "", None
    document.requested_by = by if getattr(by, "is_authenticated", False) else None
    document.requested_at = timezone.now()
    document.started_at = document.progressed_at = document.finished_at = None
    document.seconds = None
    document.save()
    log_action(
        "document.build", by=by, edition=document.edition, obj=document, build=document.build
    )


@task()
def build_document(document_id: int, build: int) -> str:
    """The background task of a document: lay it out and store it. It lives beside
    `request_document`, which enqueues it, as the scheduling run's task does."""
    document = execute_build(document_id, build)
    return document.status if document is not None else "skipped"


def execute_build(document_id: int, build: int) -> StoredDocument | None:
    """The task's body. Never raises: a failure is recorded on the row; a build that a newer
    one replaced stops and returns None, as does one already taken."""
    document = _claim(document_id, build)
    if document is None:
        return None
    started = time.monotonic()
    try:
        parts = document_parts(
            document.edition, kind=document.kind, language=document.language,
            by=document.requested_by,
        )  # fmt: skip
        shown = fingerprint(parts)
        _progress(document_id, build, done=0, total=len(parts), fingerprint=shown)
        laid_out = render_parts(parts, done=lambda n: _progress(document_id, build, done=n))
        pdf = laid_out.write_pdf() if laid_out is not None else b""
        _store(document_id, build, pdf, shown, time.monotonic() - started)
    except _SupersededError:
        return None
    except Exception as error:  # any failure must end as a recorded failed build
        _fail(document_id, build, error, time.monotonic() - started)
    return StoredDocument.objects.get(pk=document_id)


def _claim(document_id: int, build: int) -> StoredDocument | None:
    with transaction.atomic():
        document = (
            StoredDocument.objects.select_for_update(of=("self",))
            .select_related("edition", "requested_by")
            .filter(pk=document_id, build=build, status=DocumentStatus.QUEUED)
            .first()
        )
        if document is None:
            return None
        document.status, document.fingerprint = DocumentStatus.BUILDING, ""
        document.started_at = document.progressed_at = timezone.now()
        document.save(update_fields=["status", "fingerprint", "started_at", "progressed_at"])
        return document


def _progress(document_id: int, build: int, **changes: Any) -> None:
    """Write how far the build has gone; stop it when a newer build replaced it."""
    mine = StoredDocument.objects.filter(
        pk=document_id, build=build, status=DocumentStatus.BUILDING
    )
    if not mine.update(progressed_at=timezone.now(), **changes):
        raise _SupersededError


def _store(document_id: int, build: int, pdf: bytes, shown: str, seconds: float) -> None:
    """Save the file and point the row at it; the file it replaces is deleted."""
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    with transaction.atomic():
        document = StoredDocument.objects.select_for_update().get(pk=document_id)
        if document.build != build or document.status != DocumentStatus.BUILDING:
            default_storage.delete(name)
            raise _SupersededError
        old = document.file.name
        document.file.name = name
        document.status, document.fingerprint = DocumentStatus.READY, shown
        document.done, document.seconds = document.total, seconds
        document.finished_at = timezone.now()
        document.save()
    if old:
        default_storage.delete(old)


def _fail(document_id: int, build: int, error: Exception, seconds: float) -> None:
    failure = failure_of(
        error,
        unexpected=NeutralMessage(
            gettext_noop(
                "The preparation stopped on an unexpected error. Try again; if it fails again, "
                "tell the site’s administrator: the details are in the server’s log."
            )
        ),
        logger=logger,
        context=f"Document {document_id} build {build}",
    )
    StoredDocument.objects.filter(pk=document_id, build=build).update(
        status=DocumentStatus.FAILED,
        failure=failure.as_json(),
        finished_at=timezone.now(),
        seconds=seconds,
    )


def delete_orphan_document_files() -> int:
    """Delete the files of the documents folder that no stored document points at (left by an
    edition deleted with its documents, or by a worker stopped while saving). Files younger
    than ORPHAN_AGE may belong to a build about to record them: they stay."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    kept = set(StoredDocument.objects.exclude(file="").values_list("file", flat=True))
    old = timezone.now() - ORPHAN_AGE
    orphans = [
        f"{FOLDER}/{name}"
        for name in names
        if f"{FOLDER}/{name}" not in kept
        and default_storage.get_modified_time(f"{FOLDER}/{name}") < old
    ]
    for name in orphans:
        default_storage.delete(name)
    return len(orphans)


def forget_documents(edition_ids: list[int]) -> int:
    """Delete the stored documents of these editions (files after commit): an erased person's name
    must not stay in a stored PDF until its next build. Call inside the erasure's transaction;
    returns how many were deleted."""
    stored = StoredDocument.objects.filter(edition_id__in=edition_ids)
    names = [name for name in stored.values_list("file", flat=True) if name]
    count = stored.delete()[0]
    transaction.on_commit(lambda: _delete_files(names))
    return count


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
