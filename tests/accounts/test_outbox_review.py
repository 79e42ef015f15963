"""The outbox reviewed as an attacker and as a careless organiser (fourteenth session,
docs/security.md "The outbox, reviewed"): what the Emails page lets others do, and the mails
that would leave with a link that no longer works."""

import datetime as dt

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.enums import OutgoingMailStatus, TokenPurpose
from paddock.accounts.models import AccountToken, OutgoingMail
from paddock.accounts.outbox import send_again, send_due_mail
from paddock.events.enums import EditionRole
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.registration import resend_invitation
from tests import factories
from tests.mail_server import FOR_NOW

pytestmark = pytest.mark.integration

LATER = dt.timedelta(hours=1)


@pytest.fixture
def invite(edition, organiser_user, refused_mail, commit):
    """Invites p000@example.com while the mail server refuses `refused`; the participant."""

    def run(*, refused=()):
        refused_mail.update(refused)
        company = factories.make_company(edition, name="Forges")
        invitee = Invitee("p000@example.com", "Ann", "Doe", company, "buyer", ["fr"])
        (invited,), _unsent = commit(invite_many, edition, by=organiser_user, invitees=[invitee])
        refused_mail.clear()
        return invited

    return run


def _statuses():
    return sorted(OutgoingMail.objects.values_list("recipient", "status", "attempts"))


def test_a_waiting_invitation_goes_no_more_once_a_new_link_replaced_its_own(
    organiser_user, invite, commit
):
    invited = invite(refused={FOR_NOW + "p000@example.com"})

    commit(resend_invitation, invited, by=organiser_user)  # a new link, mailed at once
    sent_later = send_due_mail(now=timezone.now() + LATER)

    assert (sent_later, _statuses(), [m.to for m in mail.outbox]) == (
        0,
        [],
        [["p000@example.com"]],
    )


@pytest.mark.parametrize("change", ["expired", "used", "replaced"])
def test_send_again_leaves_an_invitation_whose_link_no_longer_works(
    edition, organiser_user, invite, django_capture_on_commit_callbacks, change
):
    invited = invite(refused={"p000@example.com"})
    token = AccountToken.objects.get(user=invited.user, purpose=TokenPurpose.INVITATION)
    now = timezone.now()
    fields = {"expired": "expires_at", "used": "used_at", "replaced": "replaced_at"}
    setattr(token, fields[change], now - dt.timedelta(seconds=1))
    token.save()
    failed = OutgoingMail.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        result = send_again(edition, [failed.pk], by=organiser_user)

    assert (result, _statuses(), mail.outbox) == (
        (0, 1),
        [("p000@example.com", OutgoingMailStatus.FAILED, 1)],
        [],
    )


def test_send_again_says_which_invitations_it_left(client, edition, organiser_user, invite):
    invited = invite(refused={"p000@example.com"})
    AccountToken.objects.filter(user=invited.user).update(expires_at=timezone.now())
    client.force_login(organiser_user)

    response = client.post(
        reverse("mail:send-again", args=[edition.slug]),
        {"mail": [OutgoingMail.objects.get().pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "1 invitation was not sent again: its link no longer works (expired, used or "
        "replaced by a newer one). Send a new invitation from the participants list."
    ]


@pytest.mark.parametrize("role", [EditionRole.CHECKIN, EditionRole.ZONE_HOST])
def test_the_page_and_send_again_are_refused_to_check_in_agents_and_zone_hosts(
    client, edition, invite, role
):
    invite(refused={"p000@example.com"})
    failed = OutgoingMail.objects.get()
    client.force_login(factories.give_role(factories.make_user(), edition, role).user)

    page = client.get(reverse("mail:page", args=[edition.slug]))
    sent_again = client.post(reverse("mail:send-again", args=[edition.slug]), {"mail": [failed.pk]})

    assert (page.status_code, sent_again.status_code, OutgoingMail.objects.get().status) == (
        403,
        403,
        OutgoingMailStatus.FAILED,
    )


def test_the_page_and_send_again_send_an_anonymous_visitor_to_the_login(client, edition):
    page = client.get(reverse("mail:page", args=[edition.slug]))
    sent_again = client.post(reverse("mail:send-again", args=[edition.slug]), {"mail": ["1"]})

    assert [page.status_code, sent_again.status_code] == [302, 302]
    assert "/login" in page["Location"]


def test_the_page_says_when_mails_wait_with_no_attempt_made(
    client, edition, organiser_user, worker, invite
):
    invite()  # the worker never runs
    OutgoingMail.objects.update(created_at=timezone.now() - LATER, next_attempt_at=F("created_at"))
    client.force_login(organiser_user)

    response = client.get(reverse("mail:page", args=[edition.slug]))

    assert response.context["waiting"].stuck == 1
    assert (
        "1 email has waited more than 10 minutes without being tried: the task worker and "
        "the periodic job (cron) may not be running."
    ) in response.text


def test_the_page_says_why_mails_wait_while_the_server_fails(
    client, edition, organiser_user, invite
):
    invite(refused={FOR_NOW + "p000@example.com"})
    client.force_login(organiser_user)

    response = client.get(reverse("mail:page", args=[edition.slug]))

    waiting = response.context["waiting"]
    assert (waiting.count, waiting.retried, waiting.stuck) == (1, 1, 0)
    assert waiting.last_error.startswith("SMTPRecipientsRefused: ")
    assert "1 email failed for now and will be tried again" in response.text
