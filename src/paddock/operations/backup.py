"""Backups of a whole server: the database and the uploaded files in one zip that `restore`
reads back, on SQLite or PostgreSQL, either way round.

The database goes in as a Django fixture rather than the engine's own dump: it is the same on
both engines, needs no client tools of the server's version, and a restore can check that the
schema it loads into is the one the backup was taken from. Restoring is all-or-nothing: the
rows are replaced in one transaction, and the files are unpacked beside the upload folder and
swapped in only once the rows are in. The emails, webhook deliveries and background tasks
waiting in the backup are held in that transaction (`operations.held`), unless the operator
says this is the server they were meant to leave from.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.table_statistics import refresh_table_statistics
from paddock.operations.held import Outgoing, hold_outgoing

FORMAT = "paddock-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"
# Rebuilt by `migrate` (content types, permissions), or not worth keeping (sessions and
# lock-outs only log people out or let them try again).
SKIPPED = ("contenttypes", "auth.permission", "sessions", "axes")


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says why, in the reader's words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Summary:
    files: int
    size: int  # bytes of the zip
    created_at: str
    held: Outgoing | None = None  # emails, webhook deliveries and tasks held by a restore


def _skipped_models() -> list[type[Model]]:
    out: list[type[Model]] = []
    for label in SKIPPED:
        app_label, _dot, model = label.partition(".")
        try:
            config = apps.get_app_config(app_label)
        except LookupError:  # not installed here
            continue
        out.extend(m for m in config.get_models() if not model or m._meta.model_name == model)
    return out


def skipped_labels() -> list[str]:
    return sorted({m._meta.label for m in _skipped_models()})


def _version() -> str:
    try:
        return metadata.version("paddock")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def create_backup(out: Path) -> Summary:
    """Write the database and the uploads to the zip `out`, replacing it only when complete.

    Reads in the database's default isolation: take it while nobody writes (a quiet hour, or
    with the web and task services stopped) for a consistent copy.
    """
    out = out.resolve()
    media_root = Path(settings.MEDIA_ROOT)
    created_at = timezone.now().isoformat()
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        fixture = Path(work) / DATABASE
        call_command(
            "dumpdata",
            format="exact_json",  # times to the microsecond; read back as any JSON fixture
            exclude=skipped_labels(),
            natural_foreign=True,
            output=str(fixture),
            verbosity=0,
        )
        files = list(_media_files(media_root))
        manifest = {
            "format": FORMAT,
            "paddock": _version(),
            "created_at": created_at,
            "engine": connection.vendor,
            "migrations": _applied_migrations(),
            "files": len(files),
        }
        partial = Path(work) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            archive.write(fixture, DATABASE)
            for path in files:
                archive.write(path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        # Password hashes, webhook secrets, everyone's personal data: for the owner only (the
        # folder it was written in is the owner's until now).
        partial.chmod(0o600)
        partial.replace(out)
    return Summary(files=len(files), size=out.stat().st_size, created_at=created_at)


def restore_backup(source: Path, *, replace: bool = False, send_waiting: bool = False) -> Summary:
    """Replace the database's rows and the uploads with those of the backup `source`; the
    emails, webhook deliveries and background tasks waiting in it are held
    (`operations.held`), unless `send_waiting` (this is the server they were to leave from).

    Refuses (BackupError) a file that is not a Paddock backup, one taken at other migrations
    than this database's, and, without `replace`, a database that has accounts. Any failure
    leaves the database and the uploads as they were.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(
            _("%(file)s is not a Paddock backup: %(error)s") % {"file": source, "error": error}
        ) from error
    with archive:
        manifest = _read_manifest(archive, source)
        _check_migrations(manifest)
        if not replace and _holds_data():
            raise BackupError(
                _(
                    "This database has accounts already. Restoring replaces all of its data: "
                    "run the command again with --replace if that is what you want."
                )
            )
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        with _unpacked(archive, media_root.parent) as (fixture, media):
            held = _replace_rows(fixture, hold=not send_waiting)
            _swap_folder(media, media_root)
    return Summary(
        files=int(manifest.get("files", 0)),
        size=source.stat().st_size,
        created_at=str(manifest.get("created_at", "")),
        held=held,
    )


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, Any]:
    names = set(archive.namelist())
    if MANIFEST not in names or DATABASE not in names:
        raise BackupError(
            _("%(file)s is not a Paddock backup: it has no %(missing)s.")
            % {"file": source, "missing": MANIFEST if MANIFEST not in names else DATABASE}
        )
    for name in names - {MANIFEST, DATABASE}:
        path = PurePosixPath(name)
        if path.parts[0] != MEDIA or path.is_absolute() or ".." in path.parts:
            raise BackupError(
                _("%(file)s holds an unexpected entry %(name)s: it was not made by Paddock.")
                % {"file": source, "name": name}
            )
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except ValueError as error:
        raise BackupError(
            _("The manifest of %(file)s is damaged: %(error)s") % {"file": source, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(file)s is in the format %(found)s; this version of Paddock reads %(format)s.")
            % {"file": source, "found": manifest.get("format"), "format": FORMAT}
        )
    return manifest


def _pairs(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app_label, name) for app_label, names in migrations.items() for name in names}


def _check_migrations(manifest: dict[str, Any]) -> None:
    theirs = _pairs(manifest.get("migrations", {}))
    ours = _pairs(_applied_migrations())
    if theirs == ours:
        return
    differences = sorted(theirs ^ ours)
    listed = ", ".join(f"{app}.{name}" for app, name in differences[:5])
    raise BackupError(
        _(
            "The backup was taken at another version of the database (%(count)d migrations "
            "differ, e.g. %(listed)s). Restore it with the Paddock version that made it, on a "
            "database migrated as far as that version goes."
        )
        % {"count": len(differences), "listed": listed}
    )


def _kept_models() -> list[type[Model]]:
    skipped = set(_skipped_models())
    return [m for m in apps.get_models() if m not in skipped and m._meta.managed]


def _holds_data() -> bool:
    """Whether anyone uses this database: a fresh one, just migrated, has no account (its
    rows come from data migrations, such as the taxonomy, which the backup holds too)."""
    return get_user_model()._default_manager.exists()


@contextmanager
def _unpacked(archive: zipfile.ZipFile, beside: Path) -> Iterator[tuple[Path, Path]]:
    """The fixture and the media folder unpacked into a folder next to the uploads (the same
    file system, so that the swap is a rename); removed on the way out."""
    with tempfile.TemporaryDirectory(dir=beside, prefix=".restore-") as work:
        root = Path(work)
        media = root / MEDIA
        media.mkdir()
        for name in archive.namelist():
            if name == MANIFEST:
                continue
            target = root / PurePosixPath(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as data, target.open("wb") as copy:
                shutil.copyfileobj(data, copy)
        yield root / DATABASE, media


def _replace_rows(fixture: Path, *, hold: bool) -> Outgoing:
    """Every kept table emptied and loaded from the fixture, in one transaction; with `hold`,
    the emails, webhook deliveries and tasks waiting in it held in that transaction. What was
    held."""
    models = _kept_models()
    models += [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    kept = {m._meta.db_table for m in models}
    try:
        with transaction.atomic():
            _no_statement_timeout()
            statements = connection.ops.sql_flush(
                no_style(), sorted(kept), reset_sequences=False, allow_cascade=True
            )
            with _constraints_checked_now():
                connection.ops.execute_sql_flush(statements)
            call_command("loaddata", str(fixture), verbosity=0)
            held = hold_outgoing() if hold else Outgoing(0, 0, 0)
            refresh_table_statistics(models)
    except Exception as error:  # any failure: the transaction is rolled back, say why
        raise BackupError(
            _("The backup could not be loaded; nothing was changed. %(error)s") % {"error": error}
        ) from error
    return held


def _no_statement_timeout() -> None:
    """Lift PADDOCK_DATABASE_STATEMENT_TIMEOUT, a web request's bound, until the transaction
    ends: a restore's statements grow with the data (its final check of every foreign key took
    1.0-1.4 s for the 49,000 rows of bench/big_edition.py), and one cut failed the restore."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")


@contextmanager
def _constraints_checked_now() -> Iterator[None]:
    """PostgreSQL refuses to TRUNCATE a table with foreign-key checks still deferred in the
    transaction (rows deleted just before, in the same transaction): run them first."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _swap_folder(new: Path, current: Path) -> None:
    old = current.with_name(f".{current.name}-before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)
