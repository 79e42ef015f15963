"""No invitation goes into a closed edition, by any way in (issue 16): one person, a pasted
list, a new link, the API, the import's invitations. The earlier edition's people are refused
by `series.past_invitations` (tests/series)."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from paddock.events.enums import EditionStatus
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.registration import RegistrationError
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.exchange.files import FRENCH_EXCEL

pytestmark = pytest.mark.integration

CLOSED = "Edition 1 is closed: nobody can be invited to it."


@pytest.fixture
def closed(edition):
    edition.name = "Edition 1"
    edition.status = EditionStatus.CLOSED
    edition.save(update_fields=["name", "status"])
    return edition


def _nina(company):
    return {
        "email": "nina@example.com",
        "first_name": "Nina",
        "last_name": "New",
        "company": company.pk,
        "role": "buyer",
        "languages": ["en"],
    }


def _invited_emails(edition):
    people = Participant.objects.filter(edition=edition, status=ParticipantStatus.INVITED)
    return sorted(people.values_list("invited_email", flat=True))


def test_invite_participant_refuses_a_closed_edition(closed, organiser_user):
    company = factories.make_company(closed)

    with pytest.raises(RegistrationError) as refused:
        registration.invite_participant(
            closed,
            by=organiser_user,
            email="nina@example.com",
            first_name="Nina",
            last_name="New",
            company=company,
            role="buyer",
            languages=["en"],
            language="en",
        )

    assert (refused.value.code, refused.value.message) == ("closed", CLOSED)
    assert (_invited_emails(closed), mail.outbox) == ([], [])


def test_the_invitation_page_of_a_closed_edition_says_so_and_refuses(
    organiser_client, closed, django_capture_on_commit_callbacks
):
    company = factories.make_company(closed)
    url = reverse("participants:invite", args=[closed.slug])

    page = organiser_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = organiser_client.post(url, {**_nina(company), "language": "en"})

    assert (CLOSED in page, "Send the invitation</button>" in page) == (True, False)
    assert (sent.status_code, sent.context["form"].non_field_errors()) == (200, [CLOSED])
    assert (_invited_emails(closed), mail.outbox) == ([], [])


def test_the_bulk_invitation_of_a_closed_edition_is_refused_once(
    organiser_client, closed, django_capture_on_commit_callbacks
):
    url = reverse("participants:invite-bulk", args=[closed.slug])
    lines = "nina@example.com; Nina; New; Nina SAS\ntom@example.com; Tom; Baker; Baker Ltd"

    page = organiser_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = organiser_client.post(
            url,
            {
                "lines": lines,
                "role": "buyer",
                "languages": ["en"],
                "language": "en",
                "country": "FR",
                "sector": "automotive",
            },
        )

    assert (CLOSED in page, "Send the invitations</button>" in page) == (True, False)
    assert sent.context["form"].non_field_errors() == [CLOSED]
    assert (_invited_emails(closed), mail.outbox) == ([], [])


def test_resending_an_invitation_of_a_closed_edition_is_refused(
    organiser_client, closed, django_capture_on_commit_callbacks
):
    invited = factories.make_participant(closed, status=ParticipantStatus.INVITED)
    detail = reverse("participants:participant-detail", args=[closed.slug, invited.pk])

    page = organiser_client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = organiser_client.post(
            reverse("participants:participant-resend-invitation", args=[closed.slug, invited.pk]),
            follow=True,
        )

    assert "Resend the invitation" not in page
    assert [str(message) for message in answer.context["messages"]] == [CLOSED]
    assert mail.outbox == []


def test_the_api_refuses_an_invitation_into_a_closed_edition(
    client, closed, organiser_user, django_capture_on_commit_callbacks
):
    company = factories.make_company(closed)
    token = new_token(organiser_user, closed, write=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/editions/{closed.slug}/participants",
            _nina(company),
            content_type="application/json",
            headers=bearer(token),
        )

    assert (response.status_code, response.json()["code"], response.json()["detail"]) == (
        409,
        "closed",
        CLOSED,
    )
    assert (_invited_emails(closed), mail.outbox) == ([], [])


def test_import_participants_with_invite_refuses_a_closed_edition_before_importing(
    closed, tmp_path
):
    path = tmp_path / "export.csv"
    path.write_bytes(FRENCH_EXCEL)
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_participants", closed.slug, str(path), "--invite", stdout=out, stderr=err
        )

    assert (exit_.value.code, out.getvalue(), err.getvalue()) == (1, "", CLOSED + "\n")
    assert (Participant.objects.filter(edition=closed).count(), mail.outbox) == (0, [])


def test_the_import_pages_invitations_are_refused_in_a_closed_edition(
    organiser_client, closed, django_capture_on_commit_callbacks
):
    imported = factories.make_participant(closed, status=ParticipantStatus.INVITED)

    with django_capture_on_commit_callbacks(execute=True):
        answer = organiser_client.post(
            reverse("exchange:import-participants-invite", args=[closed.slug]),
            {"participant": [str(imported.pk)]},
            follow=True,
        )

    assert [str(message) for message in answer.context["messages"]] == [CLOSED]
    assert mail.outbox == []
