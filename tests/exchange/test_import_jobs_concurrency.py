"""Two confirmations of one import at once, or one import job taken by two workers: the file
is imported once. An import that holds its row longer than the silence rule is not taken for
a dead one."""

import datetime as dt
import re
import threading

import pytest
from django.db import connections
from django.urls import reverse

from paddock.core import progress
from paddock.exchange import jobs, services
from paddock.exchange.models import ImportFile
from paddock.participants.models import Participant
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


def _work(upload):
    try:
        jobs.execute_job(str(upload.pk), upload.job)
    finally:
        connections.close_all()
