"""The import wizard's writes: keep an uploaded file, choose its columns, import it, forget it."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.events.models import Edition
from paddock.exchange.columns import PARTICIPANT_COLUMNS, Column
from paddock.exchange.imports import Defaults, ImportResult, import_participants
from paddock.exchange.mapping import Mapping, mapping_errors, recognise
from paddock.exchange.meetings import (
    MEETING_COLUMNS,
    MeetingImportResult,
    MeetingKind,
    import_meetings,
)
from paddock.exchange.models import UPLOAD_LIFETIME, ImportFile, ImportKind
from paddock.exchange.reading import Table, read_table


class MappingError(DomainError):
    code = "mapping"


def columns_of(kind: str) -> tuple[Column, ...]:
    return PARTICIPANT_COLUMNS if kind == ImportKind.PARTICIPANTS else MEETING_COLUMNS


def table_of(upload: ImportFile) -> Table:
    """The upload read again with the organiser's choices (it was readable when stored)."""
    return read_table(
        bytes(upload.content),
        upload.name,
        encoding=upload.encoding,
        delimiter=upload.delimiter,
        sheet=upload.sheet,
    )


@transaction.atomic
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
    """Keep an uploaded file for the wizard, with the columns recognised from its headers.

    Raises ReadingError (naming the field: file, encoding, sheet) when it cannot be read;
    nothing is kept then.
    """
    table = read_table(content, name, encoding=encoding, delimiter=delimiter, sheet=sheet)
    return ImportFile.objects.create(
        edition=edition,
        user=by,
        kind=kind,
        name=name[:200],
        content=content,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        mapping=recognise(table.headers, columns_of(kind)),
        options=options or {},
    )


@transaction.atomic
def choose_columns(
    upload: ImportFile, *, by: Any, keys: Sequence[str], options: dict[str, str]
) -> ImportFile:
    """Keep the field chosen for each column of the file ("" to ignore it) and the defaults.

    Raises MappingError when a required field has no column or a field has two.
    """
    known = {column.key for column in columns_of(upload.kind)}
    keys = [key if key in known else "" for key in keys]
    errors = mapping_errors(keys, columns_of(upload.kind))
    if errors:
        raise MappingError(" ".join(errors), code="mapping")
    upload.mapping = keys
    upload.options = {**upload.options, **options}
    upload.save(update_fields=["mapping", "options"])
    return upload


def mapping_of(upload: ImportFile, table: Table) -> Mapping:
    keys = list(upload.mapping)[: len(table.headers)]
    keys += [""] * (len(table.headers) - len(keys))
    return Mapping(tuple(keys), table.headers)


@transaction.atomic
def run_import(
    upload: ImportFile, *, by: Any, dry_run: bool = False
) -> ImportResult | MeetingImportResult:
    """Import the upload with its columns and options (or only check it, with `dry_run`); a
    successful import deletes the upload. Returns the result, with its errors when nothing was
    imported."""
    table = table_of(upload)
    mapping = mapping_of(upload, table)
    options = upload.options
    result: ImportResult | MeetingImportResult
    if upload.kind == ImportKind.PARTICIPANTS:
        defaults = Defaults(
            role=options.get("role", ""),
            country=options.get("country", ""),
            sector=options.get("sector", ""),
        )
        result = import_participants(
            upload.edition,
            by=by,
            table=table,
            mapping=mapping,
            defaults=defaults,
            dry_run=dry_run,
        )
    else:
        result = import_meetings(
            upload.edition,
            by=by,
            table=table,
            mapping=mapping,
            kind=options.get("kind", MeetingKind.WISHES),
            dry_run=dry_run,
        )
    if not result.errors and not dry_run:
        upload.delete()
    return result


@transaction.atomic
def delete_old_uploads(now: dt.datetime | None = None) -> int:
    """Delete the uploads older than a day; returns how many."""
    limit = (now or timezone.now()) - UPLOAD_LIFETIME
    count, _by_model = ImportFile.objects.filter(created_at__lt=limit).delete()
    return count


def expired_message() -> str:
    return _("This file is no longer kept: upload it again.")
