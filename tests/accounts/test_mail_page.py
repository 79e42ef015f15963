"""The edition's Emails page (issue 16): per kind and day, how many of the queued mails wait,
left and failed; each failed address with its reason; "send again" for the failed ones. For
the edition's organisers only."""

import pytest
from django.core import mail
from django.urls import reverse

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.events.enums import EditionRole
from paddock.participants.many_invitations import Invitee, invite_many
from tests import factories
from tests.growth import count_queries
from tests.mail_server import FOR_NOW

pytestmark = pytest.mark.integration


@pytest.fixture
def invite(edition, organiser_user, refused_mail, commit):
    """Invites `addresses` to the edition while the mail server refuses `refused`."""

    def run(addresses, *, refused=()):
        refused_mail.update(refused)
        company = factories.make_company(edition, name="Forges")
        invitees = [Invitee(a, "Ann", "Doe", company, "buyer", ["fr"]) for a in addresses]
        commit(invite_many, edition, by=organiser_user, invitees=invitees)
        refused_mail.clear()

    return run


def _page(client, edition):
    return client.get(reverse("mail:page", args=[edition.slug]))


def test_the_page_counts_waiting_sent_and_failed_and_names_each_failure(
    client, edition, organiser_user, invite
):
    invite(
        ["a@example.com", "b@example.com", "c@example.com"],
        refused={"b@example.com", FOR_NOW + "c@example.com"},
    )
    client.force_login(organiser_user)

    response = _page(client, edition)

    (day,) = response.context["days"]
    assert (day.label, day.waiting, day.sent, day.failed) == ("Invitations", 1, 1, 1)
    assert [mail.recipient for mail in response.context["failed"]] == ["b@example.com"]
    assert "Refused for good by the mail server" in response.text


def test_send_again_queues_the_ticked_failed_mails(
    client, edition, organiser_user, invite, django_capture_on_commit_callbacks
):
    invite(["b@example.com"], refused={"b@example.com"})
    failed = OutgoingMail.objects.get()
    client.force_login(organiser_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mail:send-again", args=[edition.slug]), {"mail": [failed.pk]}, follow=True
        )

    assert [str(message) for message in response.context["messages"]] == [
        "1 email queued to be sent again."
    ]
    assert (OutgoingMail.objects.get().status, [m.to for m in mail.outbox]) == (
        OutgoingMailStatus.SENT,
        [["b@example.com"]],
    )


@pytest.mark.parametrize("who", ["other_organiser", "participant", "staff"])
def test_the_page_and_send_again_are_refused_to_anyone_but_the_editions_organisers(
    client, edition, participant_user, invite, who
):
    invite(["b@example.com"], refused={"b@example.com"})
    failed = OutgoingMail.objects.get()
    users = {
        "other_organiser": lambda: (
            factories.give_role(
                factories.make_user(), factories.make_edition(), EditionRole.ORGANISER
            ).user
        ),
        "participant": lambda: participant_user,
        "staff": lambda: (
            factories.give_role(factories.make_user(), edition, EditionRole.STAFF).user
        ),
    }
    client.force_login(users[who]())

    page = _page(client, edition)
    sent_again = client.post(reverse("mail:send-again", args=[edition.slug]), {"mail": [failed.pk]})

    assert (page.status_code, sent_again.status_code, OutgoingMail.objects.get().status) == (
        403,
        403,
        OutgoingMailStatus.FAILED,
    )


def test_the_overview_links_to_the_page(client, edition, organiser_user):
    client.force_login(organiser_user)

    response = client.get(reverse("events:edition-home", args=[edition.slug]))

    assert reverse("mail:page", args=[edition.slug]) in response.text


@pytest.mark.parametrize("rows", [1, 3])
def test_the_page_reads_in_as_many_queries_whatever_the_rows(
    client, edition, organiser_user, invite, rows
):
    addresses = [f"p{number}@example.com" for number in range(rows)]
    invite(addresses, refused=addresses)
    client.force_login(organiser_user)

    queries, status = count_queries(client, "get", reverse("mail:page", args=[edition.slug]))

    # Session, user, edition, roles (twice: the permission and the menu), the days, the
    # failed, the waiting.
    assert (queries, status) == (8, 200)


def test_send_again_with_nothing_ticked_says_so_in_french(client, edition, organiser_user):
    client.force_login(organiser_user)

    response = client.post(
        reverse("mail:send-again", args=[edition.slug]),
        follow=True,
        headers={"accept-language": "fr"},
    )

    assert [str(message) for message in response.context["messages"]] == [
        "Cochez les e-mails en échec à renvoyer."
    ]


def test_the_page_shows_the_mails_a_restore_held(client, edition, organiser_user, invite):
    invite(["a@example.com", "b@example.com"], refused={FOR_NOW + "b@example.com"})
    OutgoingMail.objects.filter(status=OutgoingMailStatus.WAITING).update(
        status=OutgoingMailStatus.HELD
    )
    client.force_login(organiser_user)

    response = _page(client, edition)

    (day,) = response.context["days"]
    assert (day.waiting, day.sent, day.held, response.context["waiting"].held) == (0, 1, 1, 1)
    assert "1 email is held: it was waiting in a backup restored on this server" in response.text
