"""Publication: agendas become visible, everyone concerned is emailed, then only the affected."""

from email.header import Header

import pytest
from django.conf import settings
from django.core import mail

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import unsubscribe_token
from paddock.events.enums import EditionStatus
from paddock.meetings import services as meeting_services
from paddock.meetings.enums import MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.scheduling import services
from paddock.scheduling.models import PublishedSchedule
from tests.scheduling.helpers import place

pytestmark = pytest.mark.integration


@pytest.fixture
def placed(venue, meetings):
    """Anna and Bert at 09:00, Bert and Carl at 09:30; the two others unplaced."""
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[3], venue.slots[1], venue.tables[0])
    return meetings


@pytest.fixture
def publish(edition, organiser_user, django_capture_on_commit_callbacks):
    """Publish as the organiser, sending the mails queued for the commit."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish_schedule(edition, by=organiser_user)

    return run


def _mails(outbox):
    return sorted((mail.to[0], mail.subject) for mail in outbox)


def test_publish_shows_agendas_and_emails_everyone_with_a_meeting(
    edition, people, placed, mailoutbox, publish
):
    people.carl.user.preferred_language = "en"
    people.carl.user.save()

    published = publish()

    edition.refresh_from_db()
    ready_fr = f"Votre agenda pour l’édition {edition.name} est prêt"
    ready_en = f"Your agenda for {edition.name} is ready"
    assert (edition.status, published.notified, published.assignments) == (
        EditionStatus.SCHEDULED,
        3,
        {
            str(placed[0].pk): [placed[0].slot_id, placed[0].table_id],
            str(placed[3].pk): [placed[3].slot_id, placed[3].table_id],
        },
    )
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.com",
        "bert@example.com",
        "carl@example.com",
    ]
    # Carl chose English; the others get the edition's first language, French.
    assert _mails(mailoutbox) == [
        ("anna@example.com", ready_fr),
        ("bert@example.com", ready_fr),
        ("carl@example.com", ready_en),
    ]
    carl = next(m for m in mailoutbox if m.to[0] == "carl@example.com")
    assert (carl.subject, f"/e/{edition.slug}/agenda/" in carl.body) == (ready_en, True)


def test_republish_emails_only_the_people_whose_meetings_changed(
    organiser_user, venue, placed, mailoutbox, publish
):
    publish()
    mailoutbox.clear()
    services.move_meeting(placed[3], by=organiser_user, slot=venue.slots[2], table=venue.tables[1])

    published = publish()

    assert (published.notified, sorted(m.to[0] for m in mailoutbox)) == (
        2,
        ["bert@example.com", "carl@example.com"],
    )


def test_publish_without_any_placed_meeting_is_refused(edition, organiser_user, meetings):
    with pytest.raises(services.ScheduleError) as refused:
        services.publish_schedule(edition, by=organiser_user)

    assert (refused.value.message, PublishedSchedule.objects.count()) == (
        "No meeting is placed yet: run the scheduler first.",
        0,
    )


def test_first_publication_notice_carries_an_unsubscribe_link_and_respects_it(
    people, placed, mailoutbox, publish
):
    people.anna.user.mail_opt_outs = [MailKind.SCHEDULE_PUBLISHED]
    people.anna.user.save()

    publish()

    bert = next(mail for mail in mailoutbox if mail.to == ["bert@example.com"])
    token = unsubscribe_token(people.bert.user, MailKind.SCHEDULE_PUBLISHED)
    assert (sorted(mail.to[0] for mail in mailoutbox), _headers(bert)) == (
        ["bert@example.com", "carl@example.com"],
        {
            "Content-Language": "fr",
            "List-Unsubscribe": f"<{settings.SITE_URL}/accounts/unsubscribe/{token}/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def test_schedule_change_mail_is_essential_and_reaches_who_unsubscribed(
    organiser_user, venue, placed, mailoutbox, publish
):
    publish()
    mailoutbox.clear()
    bert = placed[3].first.user
    bert.mail_opt_outs = [choice.value for choice in MailKind]
    bert.save()
    services.move_meeting(placed[3], by=organiser_user, slot=venue.slots[2], table=venue.tables[1])

    publish()

    assert [(mail.to[0], _headers(mail)) for mail in sorted(mailoutbox, key=lambda m: m.to)] == [
        ("bert@example.com", {"Content-Language": "fr"}),
        ("carl@example.com", {"Content-Language": "fr"}),
    ]


def _whole(mail) -> dict:
    """What a recipient gets: the addresses, the subject as sent (encoded), body and headers."""
    return {
        "to": mail.to,
        "from": mail.from_email,
        "subject": mail.subject,
        "Subject": mail.message()["Subject"],
        "body": mail.body,
        "headers": _headers(mail),
    }


def _headers(mail) -> dict:
    """The mail's own headers but its Message-ID, which the outbox gives each mail at random
    (kept across attempts: tests/accounts/test_outbox_message_id.py)."""
    return {name: value for name, value in mail.extra_headers.items() if name != "Message-ID"}


def _expected(person, language: str, subject: str, body: str, **headers: str) -> dict:
    """A whole email as `_whole` reads it; the subject encoded as Django's EmailMessage does."""
    return {
        "to": [person.user.email],
        "from": settings.DEFAULT_FROM_EMAIL,
        "subject": subject,
        "Subject": str(Header(subject, "utf-8").encode()) if not subject.isascii() else subject,
        "body": body,
        "headers": {"Content-Language": language, **headers},
    }


_FOOTERS = {
    "fr": "\n\n-- \nVous recevez cet e-mail car vous participez à une édition sur Paddock. Pour "
    "ne plus recevoir ce type d’e-mails, ouvrez ce lien\u00a0:\n{}\n",
    "en": "\n\n-- \nYou receive this email because you take part in an edition on Paddock. To "
    "stop emails of this kind, open this link:\n{}\n",
}
_PUBLISHED = {
    "fr": (
        "Votre agenda pour l’édition {edition} est prêt",
        "Bonjour {name},\n\nLe planning de l’édition {edition} est publié\u00a0: vos rendez-vous "
        "ont désormais leur horaire et leur table.\n\nVotre agenda\u00a0: {agenda}?lang=fr",
    ),
    "en": (
        "Your agenda for {edition} is ready",
        "Hello {name},\n\nThe schedule of {edition} is published: your meetings now have their "
        "times and tables.\n\nYour agenda: {agenda}?lang=en",
    ),
}
_CHANGED = {
    "fr": (
        "Votre agenda pour l’édition {edition} a changé",
        "Bonjour {name},\n\nLe planning de l’édition {edition} a changé\u00a0: au moins un de vos "
        "rendez-vous a été déplacé, ajouté ou annulé.\n\nVotre agenda à jour\u00a0: "
        "{agenda}?lang=fr\n",
    ),
    "en": (
        "Your agenda for {edition} has changed",
        "Hello {name},\n\nThe schedule of {edition} has changed: at least one of your meetings "
        "moved, was added or was cancelled.\n\nYour agenda, up to date: {agenda}?lang=en\n",
    ),
}


def _notice(person, language: str) -> dict:
    """The first publication's notice, with its unsubscribe link."""
    edition = person.edition
    agenda = f"{settings.SITE_URL}/e/{edition.slug}/agenda/"
    token = unsubscribe_token(person.user, MailKind.SCHEDULE_PUBLISHED)
    link = f"{settings.SITE_URL}/accounts/unsubscribe/{token}/"
    subject, body = (
        text.format(edition=edition.name, name=person.user.first_name, agenda=agenda)
        for text in _PUBLISHED[language]
    )
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return _expected(person, language, subject, body + _FOOTERS[language].format(link), **headers)


def _change(person, language: str) -> dict:
    edition = person.edition
    agenda = f"{settings.SITE_URL}/e/{edition.slug}/agenda/"
    subject, body = (
        text.format(edition=edition.name, name=person.user.first_name, agenda=agenda)
        for text in _CHANGED[language]
    )
    return _expected(person, language, subject, body)


def test_publication_emails_are_whole_messages_in_english_and_french(
    organiser_user, venue, placed, mailoutbox, publish
):
    anna, bert, carl = placed[0].first, placed[0].second, placed[3].second
    carl.user.preferred_language = "en"
    carl.user.save()

    publish()
    first = [_whole(mail) for mail in sorted(mailoutbox, key=lambda mail: mail.to)]
    mailoutbox.clear()
    services.move_meeting(placed[3], by=organiser_user, slot=venue.slots[2], table=venue.tables[1])
    publish()
    changed = [_whole(mail) for mail in sorted(mailoutbox, key=lambda mail: mail.to)]

    assert first == [
        _notice(anna, "fr"),
        _notice(bert, "fr"),
        _notice(carl, "en"),
    ]
    assert changed == [_change(bert, "fr"), _change(carl, "en")]


def test_publish_keeps_on_each_meeting_its_place_in_the_latest_publication(venue, placed, publish):
    first = publish()
    place(placed[0], venue.slots[2], venue.tables[1])
    placed[3].status = MeetingStatus.CANCELLED
    placed[3].save(update_fields=["status"])

    latest = publish()

    rows = Meeting.objects.order_by("pk").values_list("published_slot", "published_table")
    assert (list(rows), [first.meetings, latest.meetings]) == (
        [(venue.slots[2].pk, venue.tables[1].pk), (None, None), (None, None), (None, None)],
        [2, 1],
    )


@pytest.mark.parametrize("who", ["organiser", "participant"])
def test_republish_does_not_tell_again_of_a_meeting_cancelled_since(
    who, organiser_user, venue, placed, mailoutbox, *, publish, django_capture_on_commit_callbacks
):
    """Both people were told when it was cancelled (the organiser's notice to each, or the
    other side's notice when a participant cancels): the next publication tells only those
    whose schedule changed otherwise, here Anna and Carl for a move."""
    if who == "participant":  # Bert's request to Carl, accepted, made that meeting
        placed[3].request = MeetingRequest.objects.create(
            edition=placed[3].edition,
            requester=placed[3].first,
            recipient=placed[3].second,
            status=RequestStatus.ACCEPTED,
        )
        placed[3].save(update_fields=["request"])
    publish()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if who == "organiser":
            meeting_services.cancel_meeting(placed[3], by=organiser_user)
        else:
            meeting_services.cancel_request(placed[3].request, by=placed[3].second.user)
    told_at_cancel = sorted(m.to[0] for m in mailoutbox)
    mailoutbox.clear()
    services.move_meeting(placed[0], by=organiser_user, slot=venue.slots[2], table=venue.tables[1])

    published = publish()

    assert (told_at_cancel, published.notified, sorted(m.to[0] for m in mailoutbox)) == (
        ["bert@example.com", "carl@example.com"] if who == "organiser" else ["bert@example.com"],
        2,
        ["anna@example.com", "bert@example.com"],
    )


def test_publication_and_change_mails_write_names_as_typed_in_plain_text(
    organiser_user, people, venue, placed, publish
):
    # Plain-text mails: an "&" or an apostrophe is not turned into an HTML entity.
    edition = people.bert.edition
    edition.name = "R&D Days"
    edition.save()
    people.bert.user.first_name = "O'Hara"
    people.bert.user.preferred_language = "en"
    people.bert.user.save()

    publish()
    services.move_meeting(placed[3], by=organiser_user, slot=venue.slots[2], table=venue.tables[1])
    publish()

    bert = [message for message in mail.outbox if message.to == ["bert@example.com"]]
    assert [(message.subject, message.body.splitlines()[0]) for message in bert] == [
        ("Your agenda for R&D Days is ready", "Hello O'Hara,"),
        ("Your agenda for R&D Days has changed", "Hello O'Hara,"),
    ]
    assert not [message for message in mail.outbox if "&amp;" in message.subject + message.body]
