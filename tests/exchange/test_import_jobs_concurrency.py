"""Two confirmations of one import at once, or one import job taken by two workers: the file
is imported once."""

import pytest

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
        return services.confirm_import(checked, by=checked.user).job

    outcomes = race(confirm, [(1,), (2,)], services.ImportStateError, str)

    assert sorted(map(str, outcomes)) == ["2", "This file is being imported."]


@pytest.mark.django_db(transaction=True)
def test_an_import_job_taken_by_two_workers_imports_once(checked, monkeypatch):
    upload = services.confirm_import(checked, by=checked.user)
    slowed(monkeypatch, jobs, "_claim")  # between taking the job and importing

    def work(_number):
        done = jobs.execute_job(str(upload.pk), upload.job)
        return done.status if done is not None else "skipped"

    outcomes = race(work, [(1,), (2,)], Exception, str)

    assert (sorted(outcomes), Participant.objects.count()) == (["applied", "skipped"], 1)
