"""Each step tells the other side by mail, in that person's language, with a link."""

import datetime as dt
import io
from email import policy as email_policies
from email.generator import BytesGenerator

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import unsubscribe_token
from paddock.meetings import services
from paddock.meetings.emails import language_for
from tests.meetings.helpers import accepted_meeting

pytestmark = pytest.mark.integration

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def send(db, django_capture_on_commit_callbacks):
    """Runs a service and the mails it queued for after the commit.

    Asks for `db` first: setting up the test database replaces Django's outbox, so the
    `mailoutbox` fixture must come after it.
    """

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def _summary(mail):
    return (mail.to, mail.subject)


def test_request_mails_the_recipient_with_the_message_and_a_link(send, mailoutbox, buyer, supplier):
    send(
        services.request_meeting,
        buyer,
        recipient=supplier,
        by=buyer.user,
        message="Titanium torch nozzles",
    )

    (mail,) = mailoutbox
    assert _summary(mail) == (
        ["ceo@printing.test"],
        "Bruno Achat (Soudure Sarthe) asks to meet you",
    )
    assert "Titanium torch nozzles" in mail.body
    assert f"{SITE}/e/{buyer.edition.slug}/requests/" in mail.body


def test_request_mail_is_in_the_recipients_language(send, mailoutbox, buyer, supplier):
    supplier.user.preferred_language = "fr"
    supplier.user.save()

    sent = send(services.request_meeting, buyer, recipient=supplier, by=buyer.user)

    expires = sent.expires_at.astimezone(buyer.edition.tzinfo)
    with translation.override("fr"):
        french_date = date_format(expires, "DATE_FORMAT")
    (mail,) = mailoutbox
    assert (mail.subject, f"expirera le {french_date}." in mail.body) == (
        "Bruno Achat (Soudure Sarthe) demande à vous rencontrer",
        True,
    )
    assert french_date != date_format(expires, "DATE_FORMAT")  # the test means something


def test_mail_language_falls_back_to_the_editions_first_language(edition, supplier):
    edition.languages = ["fr", "en"]
    edition.save()
    supplier.user.preferred_language = ""
    supplier.user.save()

    assert language_for(supplier) == "fr"


def test_accept_mails_the_requester_with_the_agenda_link(send, mailoutbox, buyer, supplier):
    sent = services.request_meeting(buyer, recipient=supplier, by=buyer.user)

    send(services.accept_request, sent, by=supplier.user)

    (mail,) = mailoutbox
    assert _summary(mail) == (["buyer@welding.test"], "Sophie Laser accepted your meeting request")
    assert f"{SITE}/e/{buyer.edition.slug}/agenda/" in mail.body


def test_decline_mails_the_requester_with_the_reason(send, mailoutbox, buyer, supplier):
    sent = services.request_meeting(buyer, recipient=supplier, by=buyer.user)

    send(services.decline_request, sent, by=supplier.user, reason="We only print polymers.")

    (mail,) = mailoutbox
    assert _summary(mail) == (["buyer@welding.test"], "Sophie Laser declined your meeting request")
    assert "We only print polymers." in mail.body


def test_cancel_of_a_pending_request_mails_the_recipient(send, mailoutbox, buyer, supplier):
    sent = services.request_meeting(buyer, recipient=supplier, by=buyer.user)

    send(services.cancel_request, sent, by=buyer.user)

    assert [_summary(mail) for mail in mailoutbox] == [
        (["ceo@printing.test"], "Bruno Achat withdrew a meeting request")
    ]


def test_cancel_of_a_meeting_mails_the_other_side(send, mailoutbox, buyer, supplier):
    meeting = accepted_meeting(buyer, supplier)

    send(services.cancel_request, meeting.request, by=supplier.user)

    assert [_summary(mail) for mail in mailoutbox] == [
        (["buyer@welding.test"], "Your meeting with Sophie Laser is cancelled")
    ]


def test_mutual_request_mails_the_first_requester(send, mailoutbox, buyer, supplier):
    services.request_meeting(supplier, recipient=buyer, by=supplier.user)

    send(services.request_meeting, buyer, recipient=supplier, by=buyer.user)

    assert [_summary(mail) for mail in mailoutbox] == [
        (
            ["ceo@printing.test"],
            "Bruno Achat wants to meet you too: your meeting is accepted",
        )
    ]


def test_expiry_mails_the_requester(send, mailoutbox, buyer, supplier):
    services.request_meeting(buyer, recipient=supplier, by=buyer.user)

    send(services.expire_requests, now=timezone.now() + dt.timedelta(days=8))

    assert [_summary(mail) for mail in mailoutbox] == [
        (["buyer@welding.test"], "Your meeting request to Sophie Laser expired")
    ]


def test_suggestion_mails_both(send, mailoutbox, organiser_user, buyer, supplier):
    send(services.suggest_meeting, buyer.edition, by=organiser_user, first=buyer, second=supplier)

    assert [_summary(mail) for mail in mailoutbox] == [
        (["ceo@printing.test"], "The organisers suggest you meet Bruno Achat"),
        (["buyer@welding.test"], "The organisers suggest you meet Sophie Laser"),
    ]


def test_a_refused_request_sends_nothing(send, mailoutbox, buyer):
    with pytest.raises(services.MeetingError):
        send(services.request_meeting, buyer, recipient=buyer, by=buyer.user)

    assert mailoutbox == []


def test_arranged_meeting_mails_both(send, mailoutbox, organiser_user, buyer, supplier):
    send(services.arrange_meeting, buyer.edition, by=organiser_user, first=buyer, second=supplier)

    assert [_summary(mail) for mail in mailoutbox] == [
        (["buyer@welding.test"], "The organisers set up your meeting with Sophie Laser"),
        (["ceo@printing.test"], "The organisers set up your meeting with Bruno Achat"),
    ]


def test_meeting_cancelled_by_the_organiser_mails_both(
    send, mailoutbox, organiser_user, buyer, supplier
):
    meeting = accepted_meeting(buyer, supplier)

    send(services.cancel_meeting, meeting, by=organiser_user)

    assert [_summary(mail) for mail in mailoutbox] == [
        (["buyer@welding.test"], "Your meeting with Sophie Laser is cancelled"),
        (["ceo@printing.test"], "Your meeting with Bruno Achat is cancelled"),
    ]


def test_cancellation_mail_reads_well_after_a_company_name_ending_in_a_full_stop(
    send, mailoutbox, organiser_user, buyer, supplier
):
    supplier.company.name = "Prototec Welding B.V."
    supplier.company.save()
    supplier.user.preferred_language = "fr"
    supplier.user.save()
    buyer.company.name = "Soudure Achat S.A."
    buyer.company.save()
    meeting = accepted_meeting(buyer, supplier)

    send(services.cancel_meeting, meeting, by=organiser_user)

    english, french = (
        next(m for m in mailoutbox if m.to == [p.user.email]) for p in (buyer, supplier)
    )
    assert "Prototec Welding B.V.:" in english.body
    assert "(Soudure Achat S.A.)\u00a0:" in french.body
    assert ".." not in english.body + french.body


def test_request_mail_in_french_reads_with_any_edition_and_company_name(
    send, mailoutbox, edition, buyer, supplier
):
    edition.name = "International Business Days 2031"
    edition.save()
    supplier.user.preferred_language = "fr"
    supplier.user.save()

    send(services.request_meeting, buyer, recipient=supplier, by=buyer.user)

    (mail,) = mailoutbox
    assert mail.body.splitlines()[0] == (
        "Bruno Achat (Soudure Sarthe) souhaite vous rencontrer lors de l’édition "
        "International Business Days 2031."
    )


# Notices about requests carry a one-click unsubscribe link; mails about meetings do not.


def _unsubscribe_path(mail):
    """The path of the List-Unsubscribe header's link, which the body's footer repeats."""
    link = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in mail.body
    return link.removeprefix(SITE)


def test_request_notice_carries_a_one_click_unsubscribe_link(send, mailoutbox, buyer, supplier):
    send(services.request_meeting, buyer, recipient=supplier, by=buyer.user)

    (mail,) = mailoutbox
    token = unsubscribe_token(supplier.user, MailKind.MEETING_REQUESTS)
    link = f"{SITE}/accounts/unsubscribe/{token}/"
    assert mail.extra_headers == {
        "Content-Language": "en",
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert mail.body.endswith(
        "\n-- \nYou receive this email because you take part in an edition on Paddock. "
        f"To stop emails of this kind, open this link:\n{link}\n"
    )


def test_meeting_arranged_mail_is_essential_and_has_no_unsubscribe_link(
    send, mailoutbox, organiser_user, buyer, supplier
):
    send(services.arrange_meeting, buyer.edition, by=organiser_user, first=buyer, second=supplier)

    assert [(mail.extra_headers, "unsubscribe" in mail.body) for mail in mailoutbox] == [
        ({"Content-Language": "en"}, False),
        ({"Content-Language": "en"}, False),
    ]


def test_after_unsubscribing_no_request_notice_goes_out(
    send, mailoutbox, organiser_user, buyer, supplier
):
    sent = send(services.request_meeting, buyer, recipient=supplier, by=buyer.user)
    Client().post(_unsubscribe_path(mailoutbox[0]), {"scope": MailKind.MEETING_REQUESTS})
    mailoutbox.clear()

    send(services.cancel_request, sent, by=buyer.user)
    send(services.arrange_meeting, buyer.edition, by=organiser_user, first=buyer, second=supplier)

    assert [_summary(mail) for mail in mailoutbox] == [
        (["buyer@welding.test"], "The organisers set up your meeting with Sophie Laser"),
        (["ceo@printing.test"], "The organisers set up your meeting with Bruno Achat"),
    ]


@pytest.mark.parametrize(
    "case",
    [
        (language, text)
        for language in ("en", "fr")
        for text in ("Hi <b> & «\u00a0x\u00a0»\nagain", "")
    ],
)
def test_request_mail_is_the_message_python_writes_in_either_language(
    send, mailoutbox, buyer, supplier, case
):
    """Its subject, body, recipients, language and headers, and the bytes the backend
    writes: those of the email package's own `compat32` policy (Date and Message-ID aside)."""
    language, message = case
    supplier.user.preferred_language = language
    supplier.user.save()

    sent = send(services.request_meeting, buyer, recipient=supplier, by=buyer.user, message=message)

    (mail,) = mailoutbox
    written = mail.message()
    del written["Date"], written["Message-ID"]
    python_s = io.BytesIO()
    BytesGenerator(python_s, mangle_from_=False, policy=email_policies.compat32).flatten(written)
    link = f"{SITE}/accounts/unsubscribe/{unsubscribe_token(supplier.user, 'meeting_requests')}/"
    with translation.override(language):
        day = date_format(sent.expires_at.astimezone(buyer.edition.tzinfo), "DATE_FORMAT")
    edition = buyer.edition.name
    body = {
        "en": (
            f"Bruno Achat of Soudure Sarthe would like to meet you at {edition}.\n\n"
            + ("Their message:\n" + message + "\n\n" if message else "")
            + "Accept or decline the request here:\n"
            f"{SITE}/e/{buyer.edition.slug}/requests/?lang=en\n\n"
            f"Without an answer, the request expires on {day}.\n\n\n-- \n"
            "You receive this email because you take part in an edition on Paddock. To stop "
            f"emails of this kind, open this link:\n{link}\n"
        ),
        "fr": (
            "Bruno Achat (Soudure Sarthe) souhaite vous rencontrer lors de l\u2019édition "
            f"{edition}.\n\n"
            + ("Son message\u00a0:\n" + message + "\n\n" if message else "")
            + "Acceptez ou refusez la demande ici\u00a0:\n"
            f"{SITE}/e/{buyer.edition.slug}/requests/?lang=fr\n\n"
            f"Sans réponse, la demande expirera le {day}.\n\n\n-- \n"
            "Vous recevez cet e-mail car vous participez à une édition sur Paddock. Pour ne plus "
            f"recevoir ce type d\u2019e-mails, ouvrez ce lien\u00a0:\n{link}\n"
        ),
    }[language]
    assert (mail.subject, mail.to, mail.body, mail.extra_headers, written.as_bytes()) == (
        {
            "en": "Bruno Achat (Soudure Sarthe) asks to meet you",
            "fr": "Bruno Achat (Soudure Sarthe) demande à vous rencontrer",
        }[language],
        ["ceo@printing.test"],
        body,
        {
            "Content-Language": language,
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        python_s.getvalue(),
    )


def test_a_meeting_cancelled_after_one_side_was_erased_mails_only_the_other(
    send, mailoutbox, organiser_user, buyer, supplier
):
    # Erasure keeps the person's meetings for the reports; their placeholder address
    # (erased-<id>@erased.invalid) must not be written to.
    from paddock.privacy.services import erase_person

    meeting = accepted_meeting(buyer, supplier)
    erase_person(buyer.user, by=organiser_user, edition=buyer.edition, origin="test")

    send(services.cancel_meeting, meeting, by=organiser_user)

    assert [mail.to for mail in mailoutbox] == [["ceo@printing.test"]]


def test_a_deactivated_account_is_not_mailed_about_its_meetings(
    send, mailoutbox, organiser_user, buyer, supplier
):
    # The site's administrators turned the account off after it had logged in: it can open
    # none of the links, and its owner was cut off on purpose.
    meeting = accepted_meeting(buyer, supplier)
    buyer.user.last_login = timezone.now()
    buyer.user.is_active = False
    buyer.user.save()

    send(services.cancel_meeting, meeting, by=organiser_user)

    assert [mail.to for mail in mailoutbox] == [["ceo@printing.test"]]
