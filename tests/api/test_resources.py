"""Reads and writes of each resource, through the services, with pages, filters and ETags."""

import pytest

from paddock.checkin.models import CheckIn
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionRole, EditionStatus
from paddock.meetings.models import MeetingRequest
from paddock.participants.models import Company
from tests import factories
from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration


def _url(edition, path=""):
    return f"/api/v1/editions/{edition.slug}{path}"


def _post(client, text, url, data):
    return client.post(url, data, content_type="application/json", headers=bearer(text))


def test_rooms_list_pages_with_links(client, small_edition, organiser_user):
    text = new_token(organiser_user, small_edition)

    first = client.get(_url(small_edition, "/rooms?limit=1"), headers=bearer(text)).json()
    second = client.get(first["next"], headers=bearer(text)).json()

    base = f"http://testserver{_url(small_edition, '/rooms')}"
    assert first == {
        "count": 2,
        "next": f"{base}?limit=1&offset=1",
        "previous": None,
        "results": [
            {"id": first["results"][0]["id"], "name": "Hall", "capacity": 40, "table_count": 1}
        ],
    }
    assert (second["next"], second["previous"], second["results"][0]["name"]) == (
        None,
        f"{base}?limit=1&offset=0",
        "Tent",
    )


def test_read_answers_304_for_its_etag(client, small_edition, organiser_user):
    text = new_token(organiser_user, small_edition)
    url = _url(small_edition, "/slots")

    first = client.get(url, headers=bearer(text))
    again = client.get(url, headers={**bearer(text), "If-None-Match": first["ETag"]})
    changed = client.get(url, headers={**bearer(text), "If-None-Match": 'W/"other"'})

    assert first["ETag"].startswith('W/"')
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert (changed.status_code, changed["ETag"]) == (200, first["ETag"])


def test_participants_filter_by_company_status_and_country(
    client, small_edition, organiser_user, other_participant
):
    german = factories.make_participant(
        small_edition, company=factories.make_company(small_edition, country="DE")
    )
    text = new_token(organiser_user, small_edition)

    def ids(query):
        body = client.get(_url(small_edition, f"/participants?{query}"), headers=bearer(text))
        return [person["id"] for person in body.json()["results"]]

    assert ids(f"company={other_participant.company_id}") == [other_participant.pk]
    assert ids("country=DE") == [german.pk]
    assert ids("status=invited") == []


def test_organiser_creates_and_updates_a_company(client, small_edition, organiser_user):
    text = new_token(organiser_user, small_edition, write=True)

    created = _post(
        client,
        text,
        _url(small_edition, "/companies"),
        {"name": "Usinage\x00 Sarthe", "country": "FR", "sector": "mechanical"},
    )
    pk = created.json()["id"]
    updated = client.patch(
        _url(small_edition, f"/companies/{pk}"),
        {"city": "Le Mans"},
        content_type="application/json",
        headers=bearer(text),
    )

    assert created.status_code == 201
    assert updated.json() == {
        "id": pk,
        "name": "Usinage Sarthe",
        "country": "FR",
        "city": "Le Mans",
        "sector": "mechanical",
        "size": "",
        "website": "",
        "description": "",
        "offers": [],
        "needs": [],
    }
    assert list(
        AuditEntry.objects.filter(action__startswith="company.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["company.create", "company.update"]


def test_company_with_taken_name_is_refused_by_field(client, small_edition, organiser_user):
    taken = Company.objects.filter(edition=small_edition).first().name
    text = new_token(organiser_user, small_edition, write=True)

    response = _post(
        client,
        text,
        _url(small_edition, "/companies"),
        {"name": taken.upper(), "country": "FR", "sector": "mechanical"},
    )

    assert (response.status_code, response.json()["errors"]) == (
        422,
        [{"field": "name", "message": f"A company named {taken.upper()} already takes part."}],
    )


def test_participant_cannot_create_companies(client, small_edition, participant_user):
    text = new_token(participant_user, small_edition, write=True)

    response = _post(
        client,
        text,
        _url(small_edition, "/companies"),
        {"name": "Mine", "country": "FR", "sector": "mechanical"},
    )

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_organiser_adds_a_participant_with_a_bad_email_refused(
    client, small_edition, organiser_user, other_participant
):
    text = new_token(organiser_user, small_edition, write=True)
    data = {
        "email": "new@example.com",
        "first_name": "Nina",
        "last_name": "New",
        "company": other_participant.company_id,
        "role": "buyer",
        "languages": ["en"],
    }

    bad = _post(client, text, _url(small_edition, "/participants"), {**data, "email": "nope"})
    good = _post(client, text, _url(small_edition, "/participants"), data)

    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        [{"field": "email", "message": "email has an invalid value."}],
    )
    assert (good.status_code, good.json()["email"], good.json()["status"]) == (
        201,
        "new@example.com",
        "invited",
    )


def test_organiser_adds_a_participant_with_an_address_longer_than_an_account_holds_refused(
    client, small_edition, organiser_user, other_participant
):
    text = new_token(organiser_user, small_edition, write=True)
    data = {
        "email": "a" * 243 + "@example.com",  # 255 characters
        "first_name": "Nina",
        "last_name": "New",
        "company": other_participant.company_id,
        "role": "buyer",
    }

    response = _post(client, text, _url(small_edition, "/participants"), data)

    assert (response.status_code, response.json()["errors"]) == (
        422,
        [{"field": "email", "message": "email is too long."}],
    )


def test_participant_requests_and_the_other_accepts(
    client, small_edition, participant, other_participant
):
    newcomer = factories.make_participant(small_edition)
    mine = new_token(participant.user, small_edition, write=True)
    theirs = new_token(newcomer.user, small_edition, write=True)

    created = _post(
        client,
        mine,
        _url(small_edition, "/requests"),
        {"recipient": newcomer.pk, "message": "Titanium parts?", "priority": "must"},
    )
    pk = created.json()["id"]
    accepted = _post(client, theirs, _url(small_edition, f"/requests/{pk}/accept"), {})

    assert (created.status_code, created.json()["status"]) == (201, "pending")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")


def test_requester_cannot_accept_own_request(client, small_edition, participant):
    pending = MeetingRequest.objects.get(requester=participant, status="pending")
    text = new_token(participant.user, small_edition, write=True)

    response = _post(client, text, _url(small_edition, f"/requests/{pending.pk}/accept"), {})

    assert (response.status_code, response.json()["code"]) == (409, "not_recipient")


def test_decline_without_reason_names_the_field(client, small_edition, participant):
    pending = MeetingRequest.objects.get(requester=participant, status="pending")
    text = new_token(pending.recipient.user, small_edition, write=True)

    response = _post(
        client, text, _url(small_edition, f"/requests/{pending.pk}/decline"), {"reason": " "}
    )

    assert (response.status_code, response.json()["errors"]) == (
        409,
        [{"field": "reason", "message": "Please say why you decline: it helps the other side."}],
    )
    assert MeetingRequest.objects.get(pk=pending.pk).status == "pending"


def test_request_cap_applies_as_on_the_portal(client, small_edition, participant):
    small_edition.max_requests_per_participant = 1
    small_edition.save()
    text = new_token(participant.user, small_edition, write=True)

    response = _post(
        client,
        text,
        _url(small_edition, "/requests"),
        {"recipient": factories.make_participant(small_edition).pk},
    )

    assert (response.status_code, response.json()["code"]) == (409, "cap_reached")


def test_meetings_filter_by_day_and_room(client, small_edition, organiser_user):
    text = new_token(organiser_user, small_edition)
    day = small_edition.start_date

    def count(query):
        url = _url(small_edition, f"/meetings?{query}")
        return client.get(url, headers=bearer(text)).json()["count"]

    rooms = client.get(_url(small_edition, "/rooms"), headers=bearer(text)).json()["results"]
    counts = [count(f"day={day}"), count("day=2031-01-01")]
    counts += [count(f"room={room['id']}") for room in rooms]
    assert counts == [1, 0, 0, 1]  # rooms by name: Hall, then Tent


def test_agenda_shows_places_once_published(client, small_edition, participant):
    small_edition.status = EditionStatus.SCHEDULED
    small_edition.save()
    text = new_token(participant.user, small_edition)

    entries = client.get(_url(small_edition, "/agenda"), headers=bearer(text)).json()["results"]

    assert [(e["other"]["name"], e["meeting"]["table_label"]) for e in entries] == [
        ("Sam Seller", "A1")
    ]


def test_checkin_agent_scans_a_badge(client, small_edition, checkin_user, participant):
    text = new_token(checkin_user, small_edition, write=True)
    url = _url(small_edition, "/checkins")

    first = _post(client, text, url, {"code": f"badge{participant.pk:07d}"})
    again = _post(client, text, url, {"code": f"BADGE{participant.pk:07d}"})
    unknown = _post(client, text, url, {"code": "NOPE"})

    assert (first.status_code, first.json()["participant"]["id"]) == (201, participant.pk)
    assert (again.status_code, again.json()["code"]) == (409, "already_checked_in")
    assert (unknown.status_code, unknown.json()["errors"]) == (
        409,
        [{"field": "code", "message": "Unknown badge code."}],
    )
    assert CheckIn.objects.filter(participant=participant).count() == 1


def test_participant_cannot_scan_badges(client, small_edition, participant):
    text = new_token(participant.user, small_edition, write=True)

    response = _post(
        client, text, _url(small_edition, "/checkins"), {"participant": participant.pk}
    )

    assert (response.status_code, CheckIn.objects.count()) == (403, 0)


def test_organiser_of_another_series_cannot_rename_someone_s_account(
    client, small_edition, other_participant
):
    # Someone else's edition invites Sam by email (the account exists) and renames him there:
    # the name is the account's, shown in every edition he takes part in. Until Sam accepts,
    # they change the names they gave, and never see his.
    intruder = factories.make_user(email="intruder@example.com")
    theirs = factories.make_edition(series=factories.make_series())
    factories.give_role(intruder, theirs, EditionRole.ORGANISER)
    company = factories.make_company(theirs)
    text = new_token(intruder, theirs, write=True)
    added = _post(
        client,
        text,
        _url(theirs, "/participants"),
        {"email": "seller@example.com", "first_name": "X", "last_name": "Y",
         "company": company.pk, "role": "buyer", "languages": ["en"]},
    )  # fmt: skip

    renamed = client.patch(
        _url(theirs, f"/participants/{added.json()['id']}"),
        {"first_name": "Fraud", "last_name": "Alert", "job_title": "Buyer"},
        content_type="application/json",
        headers=bearer(text),
    )

    other_participant.user.refresh_from_db()
    assert (renamed.status_code, renamed.json()["first_name"], renamed.json()["status"]) == (
        200,
        "Fraud",
        "invited",
    )
    assert (other_participant.user.first_name, other_participant.user.last_name) == (
        "Sam",
        "Seller",
    )


def test_organiser_fills_in_a_blank_name_by_the_api(client, small_edition, organiser_user):
    nameless = factories.make_participant(small_edition, user=factories.make_user(last_name=""))
    text = new_token(organiser_user, small_edition, write=True)

    response = client.patch(
        _url(small_edition, f"/participants/{nameless.pk}"),
        {"last_name": "Known"},
        content_type="application/json",
        headers=bearer(text),
    )

    assert (response.status_code, response.json()["last_name"]) == (200, "Known")
