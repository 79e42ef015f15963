"""Two uploads at once for a company's last attachment slot: one is stored, on PostgreSQL
(the production database); SQLite serialises writers by itself."""

import pytest
from django.db import connection

from paddock.participants import profile
from paddock.participants.models import Attachment, Need
from paddock.participants.services import CompanyError
from tests import factories
from tests.concurrency import race, slowed
from tests.participants import sample_files

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_for_the_last_slot_store_one(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_QUOTA_FILES = 1
    participant = factories.make_participant(factories.make_edition())
    needs = [Need.objects.create(company=participant.company, text=text) for text in "AB"]
    slowed(monkeypatch, profile, "_check_quota")

    outcomes = race(
        lambda need, name: (
            profile.add_attachment(
                need, by=participant.user, upload=sample_files.pdf(name)
            ).original_name
        ),
        [(needs[0], "a.pdf"), (needs[1], "b.pdf")],
        CompanyError,
        lambda error: error.code,
    )

    refused = sorted(outcome == "attachment_quota_files" for outcome in outcomes)
    assert (refused, Attachment.objects.count()) == ([False, True], 1)
