"""Two confirmations of one import at once, or one import job taken by two workers: the file
is imported once. An import that holds its row longer than the silence rule is not taken for
a dead one."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from paddock.core import progress
from paddock.core.locking import sqlite_without_waiting
from paddock.exchange import imports, jobs, services
from paddock.exchange.cell_errors import CellError
from paddock.exchange.models import ImportFile
from paddock.participants import batch
from paddock.participants.models import Company, Participant
from paddock.participants.services import add_participant
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]

DATA = b"Email;Company;Country;Sector;Role\nana@example.pt;Silva Lda;PT;energy;buyer\n"


@pytest.fixture
def checked(settings):
    """An organiser's upload, checked, with tasks kept until the test runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    edition = factories.make_edition()
    user = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(user)
    upload = services.store_upload(
        edition, by=user, kind="participants", name="l.csv", content=DATA
    )
    jobs.execute_job(str(upload.pk), upload.job)
    return ImportFile.objects.get(pk=upload.pk)


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_queue_one_import(checked, monkeypatch):
    slowed(monkeypatch, services, "_locked")  # between locking the row and queueing

    def confirm(_number):
        return services.confirm_import(checked, by=checked.user, shown_plan=checked.plan).job

    outcomes = race(confirm, [(1,), (2,)], services.ImportStateError, str)

    assert sorted(map(str, outcomes)) == ["2", "This file is being imported."]


@pytest.mark.django_db(transaction=True)
def test_an_import_job_taken_by_two_workers_imports_once(checked, monkeypatch):
    upload = services.confirm_import(checked, by=checked.user, shown_plan=checked.plan)
    slowed(monkeypatch, jobs, "_claim")  # between taking the job and importing

    def work(_number):
        done = jobs.execute_job(str(upload.pk), upload.job)
        return done.status if done is not None else "skipped"

    outcomes = race(work, [(1,), (2,)], Exception, str)

    assert (sorted(outcomes), Participant.objects.count()) == (["applied", "skipped"], 1)


@pytest.mark.django_db(transaction=True)
def test_an_import_longer_than_the_silence_rule_is_shown_going_on(checked, monkeypatch, client):
    upload = services.confirm_import(checked, by=checked.user, shown_plan=checked.plan)
    # Every running job has been silent too long: as an import of a large file (its single
    # transaction writes no progress that the pages could see).
    monkeypatch.setattr(progress, "BUILD_SILENCE_TIMEOUT", dt.timedelta(0))
    importing, page_seen = threading.Event(), threading.Event()
    real = jobs.import_upload

    def import_until_the_page_is_seen(*args, **kwargs):
        result = real(*args, **kwargs)
        importing.set()
        page_seen.wait(10)
        return result

    monkeypatch.setattr(jobs, "import_upload", import_until_the_page_is_seen)
    client.force_login(checked.user)  # a write: before the import takes SQLite's write lock
    worker = threading.Thread(target=_work, args=(upload,))
    worker.start()
    importing.wait(10)
    url = reverse("exchange:import-participants-preview", args=[upload.edition.slug])

    poll = client.get(f"{url}?file={upload.pk}", HTTP_HX_REQUEST="true")
    page_seen.set()
    worker.join()

    words = " ".join(re.sub(r"<[^>]+>", " ", poll.content.decode()).split())
    assert (words, ImportFile.objects.get().status) == (
        "l.csv Being imported Importing: everything is written at once, or nothing. Refresh",
        "applied",
    )


@pytest.mark.django_db(transaction=True)
def test_a_write_while_the_import_checks_its_file_goes_through_at_once(checked, monkeypatch):
    upload = services.confirm_import(checked, by=checked.user, shown_plan=checked.plan)
    checking, written = threading.Event(), threading.Event()
    real = imports.plan_participants

    def check_until_another_request_wrote(*args, **kwargs):
        checking.set()
        written.wait(30)
        return real(*args, **kwargs)

    for module in (jobs, imports):
        monkeypatch.setattr(module, "plan_participants", check_until_another_request_wrote)
    worker = threading.Thread(target=_work, args=(upload,))
    worker.start()
    checking.wait(10)

    try:  # SQLite: refused at once if the import held the write lock
        with sqlite_without_waiting(), transaction.atomic():
            factories.make_company(checked.edition, name="Saved meanwhile")
    finally:
        written.set()
        worker.join()

    assert (
        ImportFile.objects.get().status,
        sorted(Company.objects.values_list("name", flat=True)),
    ) == (
        "applied",
        ["Saved meanwhile", "Silva Lda"],
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="row locks tell the import apart")
@pytest.mark.django_db(transaction=True)
def test_a_dead_import_is_shown_stopped_while_another_request_writes(checked, client):
    upload = services.confirm_import(checked, by=checked.user, shown_plan=checked.plan)
    long_ago = dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=1)
    # Its worker took the job, then died: its transaction rolled back, releasing the lock.
    ImportFile.objects.filter(pk=upload.pk).update(status="applying", progressed_at=long_ago)
    client.force_login(checked.user)
    url = reverse("exchange:import-participants-preview", args=[upload.edition.slug])
    quiet = client.get(f"{url}?file={upload.pk}", HTTP_HX_REQUEST="true")
    writing, done = threading.Event(), threading.Event()
    writer = threading.Thread(target=_write_briefly, args=(checked.edition, writing, done))
    writer.start()
    writing.wait(10)

    poll = client.get(f"{url}?file={upload.pk}", HTTP_HX_REQUEST="true")
    done.set()
    writer.join()

    stopped = "l.csv Failed The worker stopped answering before it finished. Nothing was imported."
    assert [_words(page)[: len(stopped)] for page in (quiet, poll)] == [stopped, stopped]


def _words(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _write_briefly(edition, writing, done):
    """Another request's write (a profile saved): it holds SQLite's write lock for a moment."""
    try:
        with transaction.atomic():
            factories.make_company(edition, name="Brief")
            writing.set()
            done.wait(1)  # much longer than a request's write, far shorter than an import
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_import_goes_on_is_refused_at_once(checked, monkeypatch, client):
    upload = services.confirm_import(checked, by=checked.user, shown_plan=checked.plan)
    monkeypatch.setattr(progress, "BUILD_SILENCE_TIMEOUT", dt.timedelta(0))
    importing, retried = threading.Event(), threading.Event()
    real = jobs.import_upload

    def import_until_the_retry_is_answered(*args, **kwargs):
        result = real(*args, **kwargs)
        importing.set()
        retried.wait(30)
        return result

    monkeypatch.setattr(jobs, "import_upload", import_until_the_retry_is_answered)
    client.force_login(checked.user)  # a write: before the import takes SQLite's write lock
    worker = threading.Thread(target=_work, args=(upload,))
    worker.start()
    importing.wait(10)
    url = reverse("exchange:import-participants-preview", args=[upload.edition.slug])

    answer = client.post(url, {"file": str(upload.pk), "retry": "1"}, follow=True)
    retried.set()
    worker.join()

    assert [str(message) for message in answer.context["messages"]] == [
        "The import may still be running: nothing was changed. Try again in a few minutes."
    ]
    assert ImportFile.objects.get().status == "applied"


@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_check_saves_its_progress_is_refused_as_a_check(
    checked, monkeypatch, client
):
    upload = services.request_check(checked, by=checked.user)
    saving, retried = threading.Event(), threading.Event()
    real = jobs._progress

    def save_progress_until_the_retry_is_answered(*args, **kwargs):
        # The worker's write holds the row (PostgreSQL) or the write lock (SQLite) meanwhile.
        with transaction.atomic():
            real(*args, **kwargs)
            if not saving.is_set():
                saving.set()
                retried.wait(30)

    monkeypatch.setattr(jobs, "_progress", save_progress_until_the_retry_is_answered)
    client.force_login(checked.user)  # a write: before the check takes SQLite's write lock
    worker = threading.Thread(target=_work, args=(upload,))
    worker.start()
    saving.wait(10)
    url = reverse("exchange:import-participants-preview", args=[upload.edition.slug])

    answer = client.post(url, {"file": str(upload.pk), "retry": "1"}, follow=True)
    retried.set()
    worker.join()

    assert [str(message) for message in answer.context["messages"]] == [
        "The check may still be running: nothing was changed. Try again in a moment."
    ]
    assert (ImportFile.objects.get().status, ImportFile.objects.get().job) == (
        "checked",
        upload.job,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets no write in")
@pytest.mark.django_db(transaction=True)
def test_a_person_added_by_hand_during_the_import_ends_as_a_changed_edition(checked, monkeypatch):
    factories.make_user(email="ana@example.pt")  # an account of the file's, not taking part
    services.request_check(checked, by=checked.user)
    jobs.execute_job(str(checked.pk), checked.job + 1)
    upload = services.confirm_import(
        checked, by=checked.user, shown_plan=ImportFile.objects.get().plan
    )
    edition = upload.edition
    other = factories.make_company(edition, name="Other")
    real = batch._users_for

    def add_ana_by_hand_once_the_import_checked(*args, **kwargs):
        found = real(*args, **kwargs)
        organiser = threading.Thread(target=_add_by_hand, args=(edition, other, upload.user))
        organiser.start()
        organiser.join()
        return found

    monkeypatch.setattr(batch, "_users_for", add_ana_by_hand_once_the_import_checked)

    done = jobs.execute_job(str(upload.pk), upload.job)

    errors = [str(CellError.from_json(error)) for error in done.preview.get("errors")]
    assert (done.status, done.notice, errors) == (
        "checked",
        "changed",
        ["line 2, column Email: ana@example.pt already takes part in this edition."],
    )
    assert sorted(Participant.objects.values_list("user__email", "company__name")) == [
        ("ana@example.pt", "Other")
    ]
    assert list(Company.objects.values_list("name", flat=True)) == ["Other"]


def _add_by_hand(edition, company, by):
    try:
        add_participant(
            edition, by=by, email="ana@example.pt", first_name="Ana", last_name="Silva",
            company=company, role="buyer", languages=["pt"],
        )  # fmt: skip
    finally:
        connections.close_all()


def _work(upload):
    try:
        jobs.execute_job(str(upload.pk), upload.job)
    finally:
        connections.close_all()
