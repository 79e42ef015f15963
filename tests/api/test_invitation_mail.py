"""An invitation through the API says whether its mail left (issue 16): the person is invited
either way, and an integration that sees `invitation_mailed: false` knows to have the
invitation sent again, as the organisers' pages tell them.

The mail leaves when the service's transaction commits, during the request: this test commits
for real (`transaction=True`). The mail server is `tests.mail_server`'s."""

import pytest
from django.core import mail

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests.api.conftest import bearer, new_token

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_answer_says_whether_the_invitation_was_mailed(
    client, small_edition, organiser_user, other_participant, refused_mail
):
    refused_mail.add("refused@example.com")
    text = new_token(organiser_user, small_edition, write=True)
    answers = {}

    for email in ("nina@example.com", "refused@example.com"):
        response = client.post(
            f"/api/v1/editions/{small_edition.slug}/participants",
            {
                "email": email,
                "first_name": "Nina",
                "last_name": "New",
                "company": other_participant.company_id,
                "role": "buyer",
                "languages": ["en"],
            },
            content_type="application/json",
            headers=bearer(text),
        )
        answers[email] = (response.status_code, response.json()["invitation_mailed"])

    invited = Participant.objects.filter(edition=small_edition, status=ParticipantStatus.INVITED)
    assert answers == {"nina@example.com": (201, True), "refused@example.com": (201, False)}
    assert sorted(invited.values_list("invited_email", flat=True)) == [
        "nina@example.com",
        "refused@example.com",
    ]
    recipients = [address for message in mail.outbox for address in message.to]
    assert ("nina@example.com" in recipients, "refused@example.com" in recipients) == (True, False)
