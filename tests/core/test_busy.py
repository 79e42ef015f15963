"""A write that finds SQLite's write lock held past the busy timeout (a large import holds it
while it writes) gets a page that says so, in the reader's language, and nothing is saved."""

import re
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database-wide lock"),
]


@contextmanager
def another_long_write(edition):
    """Another connection holds the write lock, as an import writing its people does; the
    test's connection gives up at once rather than wait the busy timeout."""
    holding, release = threading.Event(), threading.Event()

    def write() -> None:
        try:
            with transaction.atomic():
                factories.make_company(edition, name="Imported")
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    holding.wait(10)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        release.set()
        thread.join()


def _words(response) -> str:
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The site is busy A long task (an import of participants, for example)"),
        ("fr", "Le site est occupé Une longue tâche (un import de participants, par exemple)"),
    ],
)
def test_a_validation_during_a_long_write_is_answered_busy_and_saves_nothing(
    client, edition, organiser_user, language, expected
):
    person = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(organiser_user)
    client.cookies["django_language"] = language
    url = reverse("participants:participant-validate", args=[edition.slug, person.pk])

    with another_long_write(edition):
        answer = client.post(url)
        by_htmx = client.post(url, HTTP_HX_REQUEST="true")

    assert (answer.status_code, answer["Retry-After"]) == (503, "60")
    assert _words(answer).startswith(expected)
    # htmx swaps no error answer: the page replaces the body, so that the click shows it.
    assert (by_htmx["HX-Retarget"], by_htmx["HX-Reswap"], _words(by_htmx)) == (
        "body",
        "innerHTML",
        _words(answer),
    )
    assert Participant.objects.get(pk=person.pk).status == "registered"
