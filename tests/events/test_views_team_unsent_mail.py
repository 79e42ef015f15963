"""The team page after an invitation the mail server refused (issue 16): the invitation is
saved, and the page says it was not mailed and what to do. The mail leaves when the
transaction commits, during the request: this test commits for real."""

import pytest
from django.urls import reverse

from paddock.events.enums import TeamInvitationStatus
from paddock.events.models import TeamInvitation
from tests.mail_server import EVERY_ADDRESS

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_team_invitation_page_says_the_invitation_could_not_be_mailed(
    organiser_client, edition, refused_mail
):
    refused_mail.add(EVERY_ADDRESS)

    response = organiser_client.post(
        reverse("events:team", args=[edition.slug]),
        {"email": "kate@example.com", "role": "staff", "language": "en"},
        follow=True,
    )

    invitation = TeamInvitation.objects.get()
    assert (invitation.email, invitation.status) == (
        "kate@example.com",
        TeamInvitationStatus.PENDING,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "The invitation to the team (Staff) could not be mailed to kate@example.com (the mail "
        "server failed): withdraw it and invite them again later."
    ]
