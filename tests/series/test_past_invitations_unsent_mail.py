"""Inviting people of an earlier edition while the mail server refuses some mails (issue 16):
everyone ticked is invited, and the page counts the invitations queued, not sent: the
edition's Emails page tells which left.

The mails are handed to the task worker (immediate in tests) when the transaction commits:
this test commits for real (`transaction=True`). The mail server is `tests.mail_server`'s."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_invitations_are_counted_as_queued_and_the_refused_one_failed(
    client, edition, organiser_user, refused_mail
):
    last_year = factories.make_edition(
        edition.series, name="IBD 2030", slug="ibd-2030", start_date=dt.date(2030, 6, 12)
    )
    company = factories.make_company(last_year, name="Acme")
    people = [
        factories.make_participant(
            last_year,
            user=factories.make_user(email=email, first_name=first, last_name="Doe"),
            company=company,
            status=ParticipantStatus.VALIDATED,
        )
        for email, first in [("ada@example.com", "Ada"), ("bob@example.com", "Bob")]
    ]
    refused_mail.add("bob@example.com")
    client.force_login(organiser_user)

    response = client.post(
        reverse("series:invite-past", args=[edition.slug]),
        {"source": last_year.pk, "person": [person.pk for person in people]},
        follow=True,
    )

    invited = Participant.objects.filter(edition=edition, status=ParticipantStatus.INVITED)
    assert sorted(invited.values_list("user__email", flat=True)) == [
        "ada@example.com",
        "bob@example.com",
    ]
    assert [str(message) for message in response.context["messages"]] == [
        "2 emails queued for sending: the Emails page shows which left."
    ]
    assert sorted(OutgoingMail.objects.values_list("recipient", "status")) == [
        ("ada@example.com", OutgoingMailStatus.SENT),
        ("bob@example.com", OutgoingMailStatus.FAILED),
    ]
