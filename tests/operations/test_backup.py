"""`backup` and `restore`: a round trip gives back every row and every uploaded file, and a
restore that cannot be done changes nothing."""

import datetime as dt
import io
import json
import threading
import time
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from paddock.accounts.models import User
from paddock.events.models import Edition
from paddock.operations.backup import skipped_labels
from paddock.participants import profile
from paddock.participants.models import Attachment, Need
from tests import factories
from tests.participants import sample_files
from tests.planner import rows_known_to_planner

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def attachment(db):
    participant = factories.make_participant(factories.make_edition())
    need = Need.objects.create(company=participant.company, text="Titanium brackets")
    return profile.add_attachment(need, by=participant.user, upload=sample_files.pdf())


def everything() -> list[dict]:
    """Every row that a backup keeps, as dumpdata sees it."""
    out = io.StringIO()
    call_command("dumpdata", exclude=skipped_labels(), natural_foreign=True, stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda row: (row["model"], str(row["pk"])))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_and_restore_give_back_every_row_and_file(attachment, tmp_path):
    before = everything()
    stored = attachment.file.path
    run("backup", str(tmp_path / "backup.zip"))
    Edition.objects.all().delete()
    User.objects.all().delete()
    (tmp_path / "media").rename(tmp_path / "lost")

    said = run("restore", str(tmp_path / "backup.zip"))

    assert everything() == before
    assert Attachment.objects.get().file.path == stored
    assert (tmp_path / "media" / attachment.file.name).read_bytes() == sample_files.PDF_BYTES
    assert said.startswith("Restored the backup of ")


def test_restore_gives_back_times_to_the_microsecond(attachment, tmp_path):
    # dumpdata's JSON writes times to the millisecond: a row written at 10:37:14.000400 came
    # back at 10:37:14, and one at .123456 at .123000.
    joined = [dt.datetime(2026, 6, 10, 8, 0, 0, micro, tzinfo=dt.UTC) for micro in (400, 123456)]
    users = [attachment.uploaded_by, factories.make_user()]
    for user, when in zip(users, joined, strict=True):
        User.objects.filter(pk=user.pk).update(date_joined=when)
    run("backup", str(tmp_path / "backup.zip"))
    Edition.objects.all().delete()
    User.objects.all().delete()

    run("restore", str(tmp_path / "backup.zip"))

    restored = [User.objects.get(pk=user.pk).date_joined for user in users]
    assert restored == joined


def test_backup_holds_a_manifest_the_fixture_and_the_files(attachment, tmp_path):
    said = run("backup", str(tmp_path / "backup.zip"))

    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))

    assert names == ["manifest.json", "database.json", f"media/{attachment.file.name}"]
    assert (manifest["format"], manifest["files"]) == ("paddock-backup/1", 1)
    assert "0001_initial" in manifest["migrations"]["participants"]
    assert said.startswith(f"Backup written to {tmp_path / 'backup.zip'}: the database and 1 files")


def test_restore_refuses_a_database_with_accounts_without_replace(attachment, tmp_path):
    run("backup", str(tmp_path / "backup.zip"))
    factories.make_user("newcomer@example.org")
    before = everything()

    with pytest.raises(CommandError) as refused:
        run("restore", str(tmp_path / "backup.zip"))

    assert str(refused.value) == (
        "This database has accounts already. Restoring replaces all of its data: run the "
        "command again with --replace if that is what you want."
    )
    assert everything() == before


def test_restore_with_replace_drops_what_came_after_the_backup(attachment, tmp_path):
    run("backup", str(tmp_path / "backup.zip"))
    backed_up = everything()
    factories.make_user("newcomer@example.org")

    run("restore", str(tmp_path / "backup.zip"), "--replace")

    assert everything() == backed_up
    assert not User.objects.filter(email="newcomer@example.org").exists()


def _rewrite(source, target, **changes: bytes) -> None:
    """A copy of the zip `source` with some members' contents replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, changes.pop(name, old.read(name)))
        for name, data in changes.items():
            new.writestr(name, data)


def test_a_damaged_fixture_changes_neither_rows_nor_files(attachment, tmp_path):
    run("backup", str(tmp_path / "backup.zip"))
    broken = json.dumps([{"model": "participants.need", "pk": 1, "fields": {"company": 999}}])
    _rewrite(tmp_path / "backup.zip", tmp_path / "broken.zip", **{"database.json": broken.encode()})
    before = everything()

    with pytest.raises(CommandError) as refused:
        run("restore", str(tmp_path / "broken.zip"), "--replace")

    assert str(refused.value).startswith("The backup could not be loaded; nothing was changed.")
    assert everything() == before
    assert (tmp_path / "media" / attachment.file.name).read_bytes() == sample_files.PDF_BYTES


def test_restore_refuses_an_entry_outside_the_media_folder(attachment, tmp_path):
    run("backup", str(tmp_path / "backup.zip"))
    _rewrite(tmp_path / "backup.zip", tmp_path / "evil.zip", **{"media/../../evil.txt": b"x"})

    with pytest.raises(CommandError) as refused:
        run("restore", str(tmp_path / "evil.zip"), "--replace")

    assert str(refused.value) == (
        f"{tmp_path / 'evil.zip'} holds an unexpected entry media/../../evil.txt: "
        "it was not made by Paddock."
    )
    assert not (tmp_path / "evil.txt").exists()


def test_restore_refuses_a_backup_taken_at_other_migrations(attachment, tmp_path):
    run("backup", str(tmp_path / "backup.zip"))
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["migrations"]["participants"].append("9999_from_the_future")
    _rewrite(
        tmp_path / "backup.zip",
        tmp_path / "future.zip",
        **{"manifest.json": json.dumps(manifest).encode()},
    )

    with pytest.raises(CommandError) as refused:
        run("restore", str(tmp_path / "future.zip"), "--replace")

    assert str(refused.value).startswith(
        "The backup was taken at another version of the database (1 migrations differ, e.g. "
        "participants.9999_from_the_future)."
    )


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    (tmp_path / "notes.zip").write_bytes(b"not a zip at all")

    with pytest.raises(CommandError) as refused:
        run("restore", str(tmp_path / "notes.zip"))

    assert str(refused.value) == (
        f"{tmp_path / 'notes.zip'} is not a Paddock backup: File is not a zip file"
    )


def _table_read_by_another_connection(table: str, seconds: float, started: threading.Event):
    """Another connection reads `table` for `seconds` (as a long report would): a restore's
    TRUNCATE of it waits meanwhile."""
    try:
        with transaction.atomic(using="default"), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS SHARE MODE")
            started.set()
            time.sleep(seconds)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_restore_runs_past_the_statement_timeout_of_web_requests(attachment, tmp_path):
    """PADDOCK_DATABASE_STATEMENT_TIMEOUT cuts a web request's statement; a restore has
    statements of its own size: its final check of every foreign key took 1.0-1.4 s for the
    big edition's 49,000 rows (bench/big_edition.py), 30 s for some 1.5 million. Cut, the
    restore failed and changed nothing. Here a statement of the restore (its TRUNCATE) lasts
    past a limit of one second, waiting for a report reading the table."""
    before = everything()
    run("backup", str(tmp_path / "backup.zip"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1000")  # PADDOCK_DATABASE_STATEMENT_TIMEOUT=1
    started = threading.Event()
    reader = threading.Thread(
        target=_table_read_by_another_connection, args=("participants_need", 2, started)
    )
    reader.start()
    started.wait(10)

    said = run("restore", "--replace", str(tmp_path / "backup.zip"))

    reader.join()
    assert (said.startswith("Restored the backup of "), everything()) == (True, before)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_restore_leaves_the_planner_counting_the_restored_rows(attachment, tmp_path):
    """Emptied and loaded again, the tables were planned as never measured (PostgreSQL's
    guess from their size) until autovacuum came round to them."""
    run("backup", str(tmp_path / "backup.zip"))

    run("restore", "--replace", str(tmp_path / "backup.zip"))

    assert [rows_known_to_planner(m) for m in (User, Edition, Need)] == [
        User.objects.count(),
        Edition.objects.count(),
        Need.objects.count(),
    ]


def test_backup_file_is_readable_by_its_owner_only(attachment, tmp_path):
    # It holds password hashes, webhook secrets and everyone's personal data: other accounts
    # of the server must not read it, whatever the umask.
    run("backup", str(tmp_path / "backup.zip"))

    assert oct((tmp_path / "backup.zip").stat().st_mode & 0o777) == oct(0o600)
