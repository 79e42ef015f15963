"""Fixtures shared by every web test: one edition and a person in each role."""

import logging

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django_tasks import default_task_backend

from paddock.events.enums import EditionRole
from tests import factories
from tests.growth import small_convention
from tests.mail_server import BACKEND, RefusingBackend


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file: threads racing in the concurrency tests each need
    their own connection, with SQLite's file locks, which a shared in-memory database lacks."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "paddock-test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Factories give every user a password and logging in checks one: the production hasher
    (PBKDF2, deliberately slow) costs a third of a second each, hundreds of times over. The
    tests hash with MD5; the settings of a real install keep Django's default hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Files that pages store (PDFs prepared by the worker) go to a temporary folder, never to
    the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a test or a service that activates French in
    this thread does not leak it into the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class _CallbackFailures(logging.Handler):
    """The records of `accounts.mail.send_after_commit` for a mail callback that raised."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failures: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("Mails after a commit failed"):
            self.failures.append(record)


@pytest.fixture(autouse=True)
def _mail_callbacks_do_not_fail():
    """A mail sent after a commit that raises is logged, not raised, in production (the action
    is saved): a mail server's failure is caught per mail before that (`_deliver`), so what
    reaches `send_after_commit` is a bug, which would pass unseen in a test that reads only
    the page. It fails the test; `allow_mail_callback_failures` lets a test expect one."""
    catcher = _CallbackFailures()
    logger = logging.getLogger("paddock.accounts.mail")
    logger.addHandler(catcher)
    yield catcher
    logger.removeHandler(catcher)
    if catcher.failures and not getattr(catcher, "allowed", False):
        pytest.fail(
            "A mail callback raised after a commit: "
            + "; ".join(repr(record.exc_info[1]) for record in catcher.failures if record.exc_info)
        )


@pytest.fixture
def allow_mail_callback_failures(_mail_callbacks_do_not_fail):
    """The records of mail callbacks that raised, for a test that makes one raise."""
    _mail_callbacks_do_not_fail.allowed = True
    return _mail_callbacks_do_not_fail.failures


@pytest.fixture
def edition(db):
    return factories.make_edition()


@pytest.fixture
def organiser_user(edition):
    """A member of the organisation that runs the edition's series."""
    user = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(user)
    return user


@pytest.fixture
def staff_user(edition):
    user = factories.make_user(email="staff@example.com")
    factories.give_role(user, edition, EditionRole.STAFF)
    return user


@pytest.fixture
def checkin_user(edition):
    user = factories.make_user(email="checkin@example.com")
    factories.give_role(user, edition, EditionRole.CHECKIN)
    return user


@pytest.fixture
def participant(edition):
    return factories.make_participant(edition, user=factories.make_user(email="buyer@example.com"))


@pytest.fixture
def participant_user(participant):
    return participant.user


@pytest.fixture
def convention(db):
    """A small scheduled edition that grows (tests/growth.py), for the query-count tests."""
    return small_convention()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A PostgreSQL statement that timed out was most likely waiting for a lock: the report
    then shows what every other connection to the test database was doing and which locks were
    held or awaited, read on a connection of its own (the test's is in a failed transaction)."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is None or "statement timeout" not in str(call.excinfo.value):
        return
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    query = """
        select a.pid, a.state, a.wait_event_type, a.wait_event, a.xact_start,
               l.locktype, l.relation::regclass, l.mode, l.granted, left(a.query, 300)
        from pg_stat_activity a left join pg_locks l on l.pid = a.pid
        where a.datname = current_database() and a.pid <> pg_backend_pid()
        order by a.pid, l.granted
    """
    try:
        with psycopg.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            connect_timeout=5,
        ) as conn:
            rows = conn.execute(query).fetchall()
    except psycopg.Error as error:
        rows = [(f"could not read pg_stat_activity: {error}",)]
    report.sections.append(
        ("PostgreSQL connections and locks", "\n".join(" | ".join(map(str, r)) for r in rows))
    )


@pytest.fixture
def worker(settings):
    """A task queue that keeps what is enqueued until the test runs it, as a worker would:
    `pending()` names the queued tasks, `run()` runs them all and returns their results."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    class Worker:
        def pending(self) -> list[str]:
            return [result.task.name for result in default_task_backend.results]

        def run(self) -> list[str]:
            queued = list(default_task_backend.results)
            default_task_backend.clear()
            return [result.task.call(*result.args, **result.kwargs) for result in queued]

    return Worker()


@pytest.fixture
def refused_mail(settings, mailoutbox):
    """The addresses the mail server refuses (add `tests.mail_server.EVERY_ADDRESS` for a
    server that is down); the mails that leave are in `mailoutbox`."""
    settings.EMAIL_BACKEND = BACKEND
    RefusingBackend.refused, RefusingBackend.answer_lost = set(), set()
    RefusingBackend.connections, RefusingBackend.drops_after = 0, None
    yield RefusingBackend.refused
    RefusingBackend.refused, RefusingBackend.answer_lost = set(), set()
    RefusingBackend.connections, RefusingBackend.drops_after = 0, None
