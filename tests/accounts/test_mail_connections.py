"""Mails sent by the hundred go over one connection to the mail server (issue 16): opening
one costs a TLS handshake with a real relay, and 2,000 of them outlast a request. Each mail
still fails alone however the server fails: named on the page of whoever acted, or, for the
mails of the outbox (`accounts.outbox`), recorded there.

The mail server is `tests.mail_server.RefusingBackend` behind the `refused_mail` fixture,
which counts the connections opened."""

import pytest
from django.core import mail

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.exchange.imports import send_invitations
from paddock.participants import services
from paddock.participants.bulk_invitations import invite_participants_in_bulk
from paddock.participants.enums import ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.privacy.services import request_erasure
from tests import factories
from tests.mail_server import EVERY_ADDRESS, RefusingBackend, logged_failures

pytestmark = pytest.mark.integration


def _invite(edition, organiser_user, commit, count):
    company = factories.make_company(edition, name="Forges")
    invitees = [
        Invitee(f"p{number:03d}@example.com", "Ann", f"P{number}", company, "buyer", ["fr"])
        for number in range(count)
    ]
    _invited, unsent = commit(invite_many, edition, by=organiser_user, invitees=invitees)
    return unsent


def test_a_hundred_invitations_go_over_one_connection(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    # Before issue 16's fix: 100 connections, one a mail.
    unsent = _invite(edition, organiser_user, commit, 100)

    assert (RefusingBackend.connections, len(mailoutbox), unsent) == (1, 100, [])


def test_bulk_invitations_go_over_one_connection(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    factories.make_company(edition, name="Forges")
    lines = "\n".join(f"p{number}@example.com; Ann; P; Forges" for number in range(5))

    commit(
        invite_participants_in_bulk,
        edition,
        by=organiser_user,
        text=lines,
        role="buyer",
        languages=["fr"],
        language="fr",
    )

    assert (RefusingBackend.connections, len(mailoutbox)) == (1, 5)


def test_validating_many_goes_over_one_connection(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    people = [
        factories.make_participant(
            edition,
            user=factories.make_user(email=f"p{number}@example.com"),
            status=ParticipantStatus.REGISTERED,
        )
        for number in range(5)
    ]

    commit(
        services.validate_participants,
        edition,
        by=organiser_user,
        participant_ids=[person.pk for person in people],
    )

    assert (RefusingBackend.connections, len(mailoutbox)) == (1, 5)


def _outbox():
    return sorted(OutgoingMail.objects.values_list("recipient", "status"))


def test_a_refused_address_fails_alone_on_the_shared_connection(
    edition, organiser_user, refused_mail, commit, caplog
):
    refused_mail.add("p001@example.com")

    unsent = _invite(edition, organiser_user, commit, 3)

    assert (RefusingBackend.connections, unsent, [m.to[0] for m in mail.outbox]) == (
        1,
        [],
        ["p000@example.com", "p002@example.com"],
    )
    assert _outbox() == [
        ("p000@example.com", OutgoingMailStatus.SENT),
        ("p001@example.com", OutgoingMailStatus.FAILED),
        ("p002@example.com", OutgoingMailStatus.SENT),
    ]
    assert logged_failures(caplog) == [
        "The mail to p001@example.com could not be sent ({'p001@example.com': "
        "(550, b'5.1.1 Mailbox unavailable')}); given up."
    ]


def test_with_the_server_down_every_mail_waits_and_the_server_is_tried_once(
    edition, organiser_user, refused_mail, commit
):
    refused_mail.add(EVERY_ADDRESS)

    _invite(edition, organiser_user, commit, 3)

    errors = OutgoingMail.objects.order_by("recipient").values_list("status", "last_error")
    # The first mail's attempt found the server down; the others did not wait for it again.
    assert ([(status, error.split(":")[0]) for status, error in errors], mail.outbox) == (
        [
            (OutgoingMailStatus.WAITING, "ConnectionRefusedError"),
            (OutgoingMailStatus.WAITING, "UnreachableMailServerError"),
            (OutgoingMailStatus.WAITING, "UnreachableMailServerError"),
        ],
        [],
    )


def test_a_connection_dropped_midway_is_opened_again_for_the_rest(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    RefusingBackend.drops_after = 2  # the server hangs up after two mails on a connection

    _invite(edition, organiser_user, commit, 5)

    # The third mail met the dropped connection: it waits; the fourth and fifth went on a new one.
    assert (RefusingBackend.connections, [m.to[0] for m in mailoutbox]) == (
        2,
        ["p000@example.com", "p001@example.com", "p003@example.com", "p004@example.com"],
    )
    assert _outbox() == [
        ("p000@example.com", OutgoingMailStatus.SENT),
        ("p001@example.com", OutgoingMailStatus.SENT),
        ("p002@example.com", OutgoingMailStatus.WAITING),
        ("p003@example.com", OutgoingMailStatus.SENT),
        ("p004@example.com", OutgoingMailStatus.SENT),
    ]


def test_an_erasure_request_tells_every_organiser_over_one_connection(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    for number in range(3):
        edition.series.organiser.members.add(factories.make_user(email=f"o{number}@example.com"))
    person = factories.make_participant(edition, user=factories.make_user(email="ann@example.com"))

    commit(request_erasure, person.user, edition=edition, by=person.user)

    assert (RefusingBackend.connections, len(mailoutbox)) == (1, 4)


def test_an_imports_invitations_go_over_one_connection(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    people = [
        factories.make_participant(
            edition,
            user=factories.make_user(email=f"p{number}@example.com"),
            status=ParticipantStatus.INVITED,
        )
        for number in range(5)
    ]

    commit(send_invitations, edition, by=organiser_user, participant_ids=[p.pk for p in people])

    assert (RefusingBackend.connections, len(mailoutbox)) == (1, 5)
