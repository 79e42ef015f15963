"""People added before invitations became the organisers' only way in (issue 16), who never
chose a password, can be sent a link to choose one."""

import pytest
from django.urls import reverse

from paddock.accounts.models import User
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.participants.registration_helpers import link_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


def _no_password_participant(edition, **fields):
    user = User.objects.create_user("ada@example.com", None, first_name="Ada", **fields)
    return factories.make_participant(edition, user=user)


def _resend_url(participant):
    return reverse(
        "participants:participant-password-link", args=[participant.edition.slug, participant.pk]
    )


def test_password_link_resent_from_the_participant_page_replaces_the_earlier_one(
    client, organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    participant = _no_password_participant(edition, preferred_language="en")
    detail = reverse("participants:participant-detail", args=[edition.slug, participant.pk])
    page = organiser_client.get(detail)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(_resend_url(participant))
        resent = organiser_client.post(_resend_url(participant), {"next": detail}, follow=True)
    organiser_client.logout()

    first = client.get(link_in(mailoutbox[0]))
    second = client.get(link_in(mailoutbox[1]))

    assert {
        "button": _resend_url(participant) in page.content.decode(),
        "resent": (resent.redirect_chain, [str(m) for m in resent.context["messages"]]),
        "mails": [(m.to, m.subject) for m in mailoutbox],
        "first": (first.status_code, first.context["message"]),
        "second": second.status_code,
    } == {
        "button": True,
        "resent": (
            [(detail, 302)],
            [
                "A link to choose a password was sent to ada@example.com; earlier links no "
                "longer work."
            ]
            * 2,
        ),
        "mails": [(["ada@example.com"], f"Choose your password for {edition.name}")] * 2,
        "first": (410, "A newer link was sent since this one: use the most recent email."),
        "second": 200,
    }


def test_password_link_is_refused_to_an_account_with_a_password(
    organiser_client, edition, participant, mailoutbox, django_capture_on_commit_callbacks
):
    detail = reverse("participants:participant-detail", args=[edition.slug, participant.pk])
    page = organiser_client.get(detail)

    with django_capture_on_commit_callbacks(execute=True):
        refused = organiser_client.post(_resend_url(participant), follow=True)

    assert {
        "button": _resend_url(participant) in page.content.decode(),
        "messages": [str(m) for m in refused.context["messages"]],
        "mails": mailoutbox,
    } == {
        "button": False,
        "messages": [f"{participant.user} has chosen a password already."],
        "mails": [],
    }


def test_invited_participant_gets_the_invitation_and_no_password_link(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    participant = _no_password_participant(edition)
    participant.status = ParticipantStatus.INVITED
    participant.save()

    with django_capture_on_commit_callbacks(execute=True):
        refused = organiser_client.post(_resend_url(participant), follow=True)

    assert ([str(m) for m in refused.context["messages"]], mailoutbox) == (
        ["Ada has not registered yet: resend the invitation instead."],
        [],
    )


def test_declined_invitation_whose_account_went_gets_no_password_link(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    """Declining deleted the account made for the invitation (issue 16): the row has none, and
    the link answered 500 looking for it."""
    participant = _no_password_participant(edition)
    participant.status = ParticipantStatus.DECLINED
    participant.save()
    account = participant.user
    participant.user = None  # as declining does: the row stays, without account
    participant.save(update_fields=["user"])
    account.delete()

    with django_capture_on_commit_callbacks(execute=True):
        refused = organiser_client.post(_resend_url(participant), follow=True)

    assert (refused.status_code, [str(m) for m in refused.context["messages"]], mailoutbox) == (
        200,
        ["Ada declined the invitation."],
        [],
    )
