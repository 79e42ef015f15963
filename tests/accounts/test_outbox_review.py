"""The outbox reviewed as an attacker and as a careless organiser (fourteenth session,
docs/security.md "The outbox, reviewed"): what the Emails page lets others do, and the mails
that would leave with a link that no longer works."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.enums import OutgoingMailKind, OutgoingMailStatus, TokenPurpose
from paddock.accounts.models import AccountToken, OutgoingMail
from paddock.accounts.outbox import delete_old_mail, release_held_mail, send_again, send_due_mail
from paddock.events.enums import EditionRole
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.registration import resend_invitation
from paddock.participants.services import validate_participants
from paddock.privacy.services import erased_email
from tests import factories
from tests.admin_pages import save_account
from tests.mail_server import FOR_NOW
from tests.participants.registration_helpers import token_in

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
        (0, 1, 0),
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


def test_a_name_with_line_breaks_adds_no_header_to_a_queued_mail(
    edition, mailoutbox, django_capture_on_commit_callbacks
):
    edition.registration_open = True
    edition.save()
    company = factories.make_company(edition, name="RivalCo A")
    factories.make_participant(
        edition, company=company, user=factories.make_user(email="rep@example.com")
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration.register_openly(
            edition,
            email="ana@example.pt",
            password="paddock-tent-1957",
            first_name="Ana\r\nBcc: evil@example.com\r\nX-Injected: yes",
            last_name="Costa" * 25,  # a long subject, within the column
            job_title="Buyer",
            company_fields={"name": "rivalco a", "country": "PT", "sector": "plastics"},
            role="buyer",
            languages=["pt"],
            language="en",
            join_company=True,
            consent_version="default",
        )
    secret = token_in(mailoutbox[0])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration.verify_email(edition, token=secret, password="paddock-tent-1957")

    (notice,) = mailoutbox
    sent = notice.message()
    assert (notice.to, notice.bcc, sent["Bcc"], sent["X-Injected"]) == (
        ["rep@example.com"],
        [],
        None,
        None,
    )
    assert "Ana Bcc: evil@example.com X-Injected: yes" in notice.subject  # one line
    assert OutgoingMail.objects.get().status == OutgoingMailStatus.SENT


def test_a_mail_sent_again_at_the_end_of_its_keeping_period_is_kept_for_its_attempts(
    edition, organiser_user, invite, refused_mail, django_capture_on_commit_callbacks
):
    keep = dt.timedelta(days=settings.MAIL_KEEP_DAYS)
    invite(refused={"p000@example.com"})
    now = timezone.now()
    # Not an invitation, whose link would have expired by then.
    OutgoingMail.objects.update(created_at=now - keep + LATER, kind=OutgoingMailKind.VALIDATION)
    refused_mail.add(FOR_NOW + "p000@example.com")  # the server fails for a while
    with django_capture_on_commit_callbacks(execute=True):
        send_again(edition, [OutgoingMail.objects.get().pk], by=organiser_user)

    kept = delete_old_mail(now=now + 2 * LATER)
    deleted_later = delete_old_mail(now=now + keep + LATER)

    assert (kept, deleted_later) == (0, 1)


def _turn_off(user, how):
    """The account as an administrator (`turned_off`) or an erasure (`erased`) leaves it."""
    user.is_active, user.last_login = False, timezone.now()
    if how == "erased":
        user.email = erased_email(user)
    user.save()


@pytest.mark.parametrize("how", ["turned_off", "erased"])
def test_send_again_leaves_a_mail_whose_account_was_turned_off_since(
    edition, organiser_user, invite, django_capture_on_commit_callbacks, how
):
    invited = invite(refused={"p000@example.com"})
    _turn_off(invited.user, how)
    failed = OutgoingMail.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        result = send_again(edition, [failed.pk], by=organiser_user)

    assert (result, _statuses(), mail.outbox) == (
        (0, 0, 1),
        [("p000@example.com", OutgoingMailStatus.FAILED, 1)],
        [],
    )


def test_send_again_says_how_many_mails_it_left_for_accounts_turned_off(
    client, edition, organiser_user, invite
):
    invited = invite(refused={"p000@example.com"})
    _turn_off(invited.user, "turned_off")
    client.force_login(organiser_user)

    response = client.post(
        reverse("mail:send-again", args=[edition.slug]),
        {"mail": [OutgoingMail.objects.get().pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "1 email was not sent again: its recipient's account has been turned off or erased since."
    ]


def _send_again_by_page(client, edition, organiser_user):
    """ "Send again" on the Emails page for every failed mail; the messages it shows."""
    client.force_login(organiser_user)
    response = client.post(
        reverse("mail:send-again", args=[edition.slug]),
        {"mail": list(OutgoingMail.objects.values_list("pk", flat=True))},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def _turn_off_in_the_admin(client, user):
    """The site's administrators' action "Turn off the selected accounts"."""
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "turn_off", "_selected_action": [user.pk]},
        follow=True,  # its message shown
    )


def test_send_again_leaves_the_invitation_of_an_account_turned_off_before_its_first_use(
    client, edition, organiser_user, invite, django_capture_on_commit_callbacks
):
    """Never used, the account looks like one that has not answered yet: only the recorded
    turning off tells them apart."""
    invited = invite(refused={"p000@example.com"})
    _turn_off_in_the_admin(client, invited.user)

    with django_capture_on_commit_callbacks(execute=True):
        said = _send_again_by_page(client, edition, organiser_user)

    invited.user.refresh_from_db()
    assert (invited.user.last_login, said, _statuses(), mail.outbox) == (
        None,
        [
            "1 email was not sent again: its recipient's account has been turned off or "
            "erased since."
        ],
        [("p000@example.com", OutgoingMailStatus.FAILED, 1)],
        [],
    )


def _validated_while_the_server_refuses(edition, organiser_user, refused_mail, commit):
    """A participant an organiser added, active and never logged in, validated while the mail
    server refuses their address: the validation mail failed."""
    person = factories.make_participant(
        edition,
        user=factories.make_user(email="p1@example.com"),
        status=ParticipantStatus.REGISTERED,
    )
    refused_mail.add("p1@example.com")
    commit(validate_participants, edition, by=organiser_user, participant_ids=[person.pk])
    refused_mail.clear()
    return person


def test_send_again_leaves_a_mail_to_an_account_turned_off_by_unticking_active(
    edition, organiser_user, refused_mail, commit, django_capture_on_commit_callbacks
):
    """Added by an organiser as validated, active, never logged in: the admin's form unticks
    "Active"."""
    person = _validated_while_the_server_refuses(edition, organiser_user, refused_mail, commit)
    user = person.user
    save_account(user, active=False)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_again(edition, [OutgoingMail.objects.get().pk], by=organiser_user)

    user.refresh_from_db()
    assert (user.is_active, user.last_login, user.turned_off_at is not None) == (
        False,
        None,
        True,
    )
    assert (result, mail.outbox) == ((0, 0, 1), [])


def test_send_again_leaves_a_mail_to_an_account_erased_before_its_first_use(
    edition, organiser_user, refused_mail, commit, django_capture_on_commit_callbacks
):
    person = _validated_while_the_server_refuses(edition, organiser_user, refused_mail, commit)
    person.user.is_active, person.user.email = False, erased_email(person.user)
    person.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = send_again(edition, [OutgoingMail.objects.get().pk], by=organiser_user)

    assert (person.user.last_login, result, mail.outbox) == (None, (0, 0, 1), [])


def test_send_again_mails_again_an_invitation_nobody_has_answered_yet(
    client, edition, organiser_user, invite, django_capture_on_commit_callbacks
):
    invited = invite(refused={"p000@example.com"})

    with django_capture_on_commit_callbacks(execute=True):
        said = _send_again_by_page(client, edition, organiser_user)

    assert (invited.user.last_login, said, _statuses(), [m.to for m in mail.outbox]) == (
        None,
        ["1 email queued to be sent again."],
        [("p000@example.com", OutgoingMailStatus.SENT, 1)],
        [["p000@example.com"]],
    )


def test_an_account_turned_on_again_is_mailed_again(
    client, edition, organiser_user, invite, django_capture_on_commit_callbacks
):
    invited = invite(refused={"p000@example.com"})
    _turn_off_in_the_admin(client, invited.user)
    user = invited.user
    save_account(user, active=True)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_again(edition, [OutgoingMail.objects.get().pk], by=organiser_user)

    user.refresh_from_db()
    assert (user.is_active, user.turned_off_at, result) == (True, None, (1, 0, 0))


def test_a_held_invitation_goes_once_a_new_link_replaced_its_own(
    organiser_user, invite, commit, django_capture_on_commit_callbacks
):
    invited = invite(refused={FOR_NOW + "p000@example.com"})
    OutgoingMail.objects.update(status=OutgoingMailStatus.HELD)  # as a restore leaves it

    commit(resend_invitation, invited, by=organiser_user)  # a new link, mailed at once
    with django_capture_on_commit_callbacks(execute=True):
        released = release_held_mail()

    assert (released, _statuses(), [m.to for m in mail.outbox]) == (
        0,
        [],
        [["p000@example.com"]],
    )
