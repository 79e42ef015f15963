"""Two organisers asking at once for the same document that needs building: one build."""

import pytest

from paddock.core.models import AuditEntry
from paddock.scheduling.enums import DocumentStatus
from paddock.scheduling.models import StoredDocument
from paddock.scheduling.services import documents
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


@pytest.mark.django_db(transaction=True)
def test_two_asks_for_a_failed_document_queue_one_build(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    edition = factories.make_edition()
    organisers = [factories.make_user(), factories.make_user()]
    StoredDocument.objects.create(
        edition=edition, kind="room_sheets", language="en", status=DocumentStatus.FAILED, build=1
    )
    slowed(monkeypatch, documents, "_usable")  # between reading the row and queueing

    def ask(user):
        document = documents.request_document(edition, kind="room_sheets", language="en", by=user)
        return (document.status, document.build)

    outcomes = race(ask, [(user,) for user in organisers], documents.DocumentError, str)

    logged = AuditEntry.objects.filter(action="document.build").count()
    assert (outcomes, StoredDocument.objects.get().build, logged) == (
        [("queued", 2), ("queued", 2)],
        2,
        1,
    )
