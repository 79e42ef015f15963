"""Inviting people of an earlier edition while the mail server refuses some mails (issue 16):
everyone ticked is invited, and the page says which invitations could not be mailed instead
of counting them as sent.

The mails leave when the transaction commits, during the request: this test commits for real
(`transaction=True`). The mail server is `tests.mail_server`'s."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_invitations_the_mail_server_refused_are_named_not_counted_as_sent(
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
        "1 invitation sent.",
        "1 invitation could not be mailed (the mail server failed): bob@example.com. "
        "The person is invited: resend the invitation from their page later.",
    ]
