"""Every organiser page of the venue, grid and protocol, for every role."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.events.models import Session, TimeSlot
from tests import factories

pytestmark = pytest.mark.integration

PAGES = [
    ("room-list", None),
    ("room-create", None),
    ("room-detail", "room"),
    ("room-update", "room"),
    ("room-delete", "room"),
    ("table-update", "table"),
    ("table-delete", "table"),
    ("grid", None),
    ("grid-generate", None),
    ("slot-create", "session"),
    ("slot-update", "slot"),
    ("slot-delete", "slot"),
    ("protocol", None),
    ("edition-update", None),
]


@pytest.fixture
def objects(edition):
    room = factories.make_room(edition)
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime.combine(edition.start_date, dt.time(8), tzinfo=dt.UTC)
    slot = TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    return {"room": room, "table": factories.make_table(room), "session": session, "slot": slot}


def _url(edition, objects, name, kind):
    args = [edition.slug] + ([objects[kind].pk] if kind else [])
    return reverse(f"events:{name}", args=args)


@pytest.fixture
def users(organiser_user, staff_user, checkin_user, participant_user):
    return {
        "organiser": organiser_user,
        "staff": staff_user,
        "checkin": checkin_user,
        "participant": participant_user,
    }


@pytest.mark.parametrize("page", PAGES)
def test_only_organisers_reach_the_page(client, edition, objects, users, page):
    url = _url(edition, objects, *page)
    codes = {}
    for role, user in users.items():
        client.force_login(user)
        codes[role] = client.get(url).status_code
    client.logout()
    anonymous = client.get(url)

    assert codes == {"organiser": 200, "staff": 403, "checkin": 403, "participant": 403}
    assert (anonymous.status_code, anonymous.url) == (302, f"/accounts/login/?next={url}")


@pytest.mark.parametrize("page", [("room-delete", "room"), ("slot-delete", "slot")])
def test_staff_cannot_post_either(client, edition, objects, staff_user, page):
    client.force_login(staff_user)
    kind = page[1]

    response = client.post(_url(edition, objects, *page))

    assert (response.status_code, objects[kind].__class__.objects.count()) == (403, 1)


def test_organiser_of_another_series_is_refused(client, edition, objects):
    client.force_login(_other_organiser())

    response = client.get(reverse("events:room-list", args=[edition.slug]))

    assert response.status_code == 403


def _other_organiser():
    user = factories.make_user()
    factories.make_organiser(members=[user])
    return user
