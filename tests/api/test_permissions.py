"""What each token reaches: the same rules as the web pages, within the token's editions."""

import pytest
from django.db.models import Q

from paddock.meetings import services
from paddock.meetings.models import MeetingRequest
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration


def _get(client, text, path):
    return client.get(f"/api/v1{path}", headers=bearer(text))


def test_participant_token_never_reads_another_edition(client, small_edition, participant_user):
    elsewhere = factories.make_edition(slug="elsewhere")
    factories.make_participant(elsewhere, user=participant_user)
    text = new_token(participant_user, small_edition)

    statuses = [
        _get(client, text, f"/editions/elsewhere{path}").status_code
        for path in ("", "/companies", "/participants", "/requests", "/meetings", "/agenda")
    ]
    listed = _get(client, text, "/editions").json()["results"]

    assert statuses == [404] * 6
    assert [edition["slug"] for edition in listed] == [small_edition.slug]


def test_token_scope_does_not_give_an_edition_without_role(client, small_edition, db):
    stranger = factories.make_user(email="stranger@example.com")
    text = new_token(stranger, small_edition)

    response = _get(client, text, f"/editions/{small_edition.slug}")

    assert response.status_code == 404


def test_participant_sees_hidden_email_and_phone_never(
    client, small_edition, participant_user, other_participant
):
    text = new_token(participant_user, small_edition)

    response = _get(
        client, text, f"/editions/{small_edition.slug}/participants/{other_participant.pk}"
    )

    assert response.json() == {
        "id": other_participant.pk,
        "company": other_participant.company_id,
        "company_name": other_participant.company.name,
        "first_name": "Sam",
        "last_name": "Seller",
        "email": None,
        "phone": None,
        "job_title": "",
        "languages": ["fr"],
        "role": "supplier",
        "status": "validated",
    }


def test_participant_sees_shown_email_and_phone(
    client, small_edition, participant_user, other_participant
):
    other_participant.show_email = other_participant.show_phone = True
    other_participant.save()
    text = new_token(participant_user, small_edition)

    body = _get(
        client, text, f"/editions/{small_edition.slug}/participants/{other_participant.pk}"
    ).json()

    assert (body["email"], body["phone"]) == ("seller@example.com", "+33 6 00 00 00 00")


def test_organiser_sees_every_field(client, small_edition, organiser_user, other_participant):
    text = new_token(organiser_user, small_edition)

    body = _get(
        client, text, f"/editions/{small_edition.slug}/participants/{other_participant.pk}"
    ).json()

    assert (body["email"], body["phone"]) == ("seller@example.com", "+33 6 00 00 00 00")


def test_participant_does_not_see_unvalidated_people(client, small_edition, participant_user):
    waiting = factories.make_participant(small_edition, status=ParticipantStatus.REGISTERED)
    text = new_token(participant_user, small_edition)

    response = _get(client, text, f"/editions/{small_edition.slug}/participants/{waiting.pk}")
    listed = _get(client, text, f"/editions/{small_edition.slug}/participants?limit=200").json()

    assert response.status_code == 404
    assert waiting.pk not in [person["id"] for person in listed["results"]]


def test_unvalidated_participant_sees_no_catalogue(client, small_edition):
    waiting = factories.make_participant(small_edition, status=ParticipantStatus.REGISTERED)
    text = new_token(waiting.user, small_edition)

    statuses = [
        _get(client, text, f"/editions/{small_edition.slug}{path}").status_code
        for path in ("", "/companies", "/participants", "/requests", "/agenda")
    ]

    assert statuses == [200, 403, 403, 403, 403]


def test_participant_lists_only_own_requests(client, small_edition, participant, other_participant):
    bystander = factories.make_participant(small_edition)
    theirs = services.request_meeting(bystander, recipient=other_participant, by=bystander.user)
    mine = MeetingRequest.objects.filter(Q(requester=participant) | Q(recipient=participant))
    text = new_token(participant.user, small_edition)

    results = _get(client, text, f"/editions/{small_edition.slug}/requests").json()["results"]
    response = _get(client, text, f"/editions/{small_edition.slug}/requests/{theirs.pk}")

    assert sorted(item["id"] for item in results) == sorted(mine.values_list("pk", flat=True))
    assert (len(results), response.status_code) == (2, 404)


def test_participant_cannot_read_others_meetings(client, small_edition, participant, db):
    bystander = factories.make_participant(small_edition)
    text = new_token(bystander.user, small_edition)

    body = _get(client, text, f"/editions/{small_edition.slug}/meetings").json()

    assert (body["count"], body["results"]) == (0, [])


def test_participant_meetings_hide_places_until_published(client, small_edition, participant):
    text = new_token(participant.user, small_edition)

    meeting = _get(client, text, f"/editions/{small_edition.slug}/meetings").json()["results"][0]

    assert [meeting[key] for key in ("slot", "start", "room", "table", "table_label")] == [None] * 5


def test_checkin_agent_cannot_read_participants(client, small_edition, checkin_user):
    text = new_token(checkin_user, small_edition)

    statuses = [
        _get(client, text, f"/editions/{small_edition.slug}{path}").status_code
        for path in ("/rooms", "/checkins", "/participants", "/requests")
    ]

    assert statuses == [200, 200, 403, 403]
