"""The mails about a meeting whose other side was erased (issue 16): erasure keeps the
meetings for the reports; the person left is told about them in words, in their language,
never by the erased account's placeholder address."""

import pytest

from paddock.meetings import services
from paddock.privacy.services import erase_person
from tests.meetings.helpers import accepted_meeting

pytestmark = pytest.mark.integration


@pytest.fixture
def cancel(organiser_user, django_capture_on_commit_callbacks, mailoutbox):
    """The organiser cancels the meeting; the mails it sent, as (to, subject, first line)."""

    def run(meeting):
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_meeting(meeting, by=organiser_user)
        return [(m.to, m.subject, m.body.splitlines()[0]) for m in mailoutbox]

    return run


def test_cancelled_meeting_names_the_erased_person_in_words(
    organiser_user, buyer, supplier, cancel
):
    meeting = accepted_meeting(buyer, supplier)
    erase_person(buyer.user, by=organiser_user, edition=buyer.edition, origin="test")

    mails = cancel(meeting)

    assert mails == [
        (
            ["ceo@printing.test"],
            "Your meeting with an anonymised participant is cancelled",
            f"The organisers of {buyer.edition.name} cancelled your meeting with an anonymised "
            "participant of Soudure Sarthe: it is marked as cancelled in your agenda and "
            "calendar.",
        )
    ]


def test_cancelled_meeting_names_the_erased_person_in_the_readers_language(
    organiser_user, buyer, supplier, cancel
):
    supplier.user.preferred_language = "fr"
    supplier.user.save()
    meeting = accepted_meeting(buyer, supplier)
    erase_person(buyer.user, by=organiser_user, edition=buyer.edition, origin="test")

    ((_to, subject, _line),) = cancel(meeting)

    assert subject == "Votre rendez-vous avec un participant anonymisé est annulé"
