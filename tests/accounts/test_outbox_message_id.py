"""A mail sent twice is one mail to the reader: when the server took a mail but its answer was
lost (or the worker died before writing down that it was sent), the outbox sends it again with
the same Message-ID, which mail services use to show one copy."""

import datetime as dt

import pytest
from django.utils import timezone

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.accounts.outbox import send_due_mail
from paddock.participants.many_invitations import Invitee, invite_many
from tests import factories
from tests.mail_server import RefusingBackend

pytestmark = pytest.mark.integration


def test_a_mail_sent_again_after_a_lost_answer_keeps_its_message_id(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    company = factories.make_company(edition, name="Forges")
    invitees = [
        Invitee(f"p{n}@example.com", "Ann", f"P{n}", company, "buyer", ["fr"]) for n in range(2)
    ]
    RefusingBackend.answer_lost.add("p0@example.com")
    commit(invite_many, edition, by=organiser_user, invitees=invitees)
    waiting = OutgoingMail.objects.get(recipient="p0@example.com")
    assert (waiting.status, len(mailoutbox)) == (OutgoingMailStatus.WAITING, 2)

    RefusingBackend.answer_lost.clear()
    assert send_due_mail(now=timezone.now() + dt.timedelta(hours=1)) == 1

    ids = {}
    for message in mailoutbox:
        ids.setdefault(message.to[0], []).append(message.message()["Message-ID"])
    first, again = ids["p0@example.com"]
    (other,) = ids["p1@example.com"]
    assert (first == again, first != other, first.startswith("<")) == (True, True, True)
