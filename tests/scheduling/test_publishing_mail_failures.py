"""Publishing with a mail server that refuses a mail (issue 16): the schedule is published,
and everyone else is still told."""

import pytest
from django.core import mail

from paddock.events.enums import EditionStatus
from paddock.scheduling import services
from tests.mail_server import RefusingBackend
from tests.scheduling.helpers import place

pytestmark = pytest.mark.integration


@pytest.fixture
def publish(edition, organiser_user, django_capture_on_commit_callbacks):
    """Publish as the organiser, sending the mails queued for the commit."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish_schedule(edition, by=organiser_user)

    return run


def test_publish_tells_everyone_else_when_one_mail_is_refused(
    edition, venue, meetings, refused_mail, publish
):
    place(meetings[0], venue.slots[0], venue.tables[0])  # Anna and Bert
    place(meetings[3], venue.slots[1], venue.tables[0])  # Bert and Carl
    refused_mail.add("anna@example.com")

    published = publish()

    edition.refresh_from_db()
    assert (edition.status, published.notified) == (EditionStatus.SCHEDULED, 3)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bert@example.com",
        "carl@example.com",
    ]


def test_publish_tells_everyone_over_one_connection(
    edition, venue, meetings, refused_mail, publish
):
    place(meetings[0], venue.slots[0], venue.tables[0])  # Anna and Bert
    place(meetings[3], venue.slots[1], venue.tables[0])  # Bert and Carl

    publish()

    assert (RefusingBackend.connections, len(mail.outbox)) == (1, 3)
