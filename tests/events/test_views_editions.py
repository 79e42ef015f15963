import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, SanitaryProtocol, Session, TimeSlot
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests import factories
from tests.edit_forms import post_as_opened
from tests.scheduling.helpers import make_meeting, make_slots, person, place
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

NEW_EDITION = {
    "name": "IBD 2032",
    "slug": "ibd-2032",
    "start_date": "2032-06-10",
    "end_date": "2032-06-11",
    "timezone": "Europe/Paris",
    "languages": ["fr", "en"],
    "status": "draft",
    "venue_name": "Technoparc",
    "venue_address": "",
    "description": "",
    "max_requests_per_participant": "20",
    "request_expiry_days": "7",
    "no_show_after_minutes": "10",
}


def _settings_data(edition, **changes):
    data = {
        "name": edition.name,
        "slug": edition.slug,
        "start_date": edition.start_date.isoformat(),
        "end_date": edition.end_date.isoformat(),
        "timezone": edition.timezone,
        "languages": edition.languages,
        "status": edition.status,
        "venue_name": "",
        "venue_address": "",
        "description": "",
        "max_requests_per_participant": edition.max_requests_per_participant,
        "request_expiry_days": edition.request_expiry_days,
        "no_show_after_minutes": edition.no_show_after_minutes or "",
    }
    return {**data, **changes}


def test_organiser_member_creates_an_edition_with_its_protocol(organiser_client, edition):
    response = organiser_client.post(
        reverse("events:edition-create"), {**NEW_EDITION, "series": edition.series.pk}
    )

    created = Edition.objects.get(slug="ibd-2032")
    assert (created.series, created.start_date, created.languages) == (
        edition.series,
        dt.date(2032, 6, 10),
        ["fr", "en"],
    )
    assert response.url == reverse("events:edition-home", args=["ibd-2032"])
    assert SanitaryProtocol.objects.filter(edition=created).count() == 1


@pytest.mark.parametrize(("sent", "stored"), [("15", 15), ("", None)])
def test_settings_set_the_no_show_delay_or_turn_the_rule_off(
    organiser_client, edition, sent, stored
):
    url = reverse("events:edition-update", args=[edition.slug])
    assert 'name="no_show_after_minutes"' in organiser_client.get(url).content.decode()

    post_as_opened(organiser_client, url, _settings_data(edition, no_show_after_minutes=sent))

    edition.refresh_from_db()
    assert edition.no_show_after_minutes == stored


def test_edition_creation_refused_to_people_outside_the_organiser(client, edition, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("events:edition-create"))
    post = client.post(
        reverse("events:edition-create"), {**NEW_EDITION, "series": edition.series.pk}
    )

    assert (page.status_code, post.status_code) == (403, 403)
    assert Edition.objects.filter(slug="ibd-2032").exists() is False


def test_edition_creation_refuses_a_series_of_another_organiser(organiser_client, edition):
    foreign = factories.make_series()

    response = organiser_client.post(
        reverse("events:edition-create"), {**NEW_EDITION, "series": foreign.pk}
    )

    assert list(response.context["form"].errors) == ["series"]


def test_edition_creation_redirects_anonymous_to_login(client, db):
    response = client.get(reverse("events:edition-create"))

    assert (response.status_code, response.url) == (
        302,
        "/accounts/login/?next=/orga/editions/new/",
    )


def test_end_before_start_is_shown_next_to_end_date(organiser_client, edition):
    response = organiser_client.post(
        reverse("events:edition-create"),
        {**NEW_EDITION, "series": edition.series.pk, "end_date": "2032-06-01"},
    )

    assert response.context["form"].errors == {
        "end_date": ["The last day cannot be before the first day."]
    }


def test_organiser_changes_the_settings(organiser_client, edition):
    response = post_as_opened(
        organiser_client,
        reverse("events:edition-update", args=[edition.slug]),
        _settings_data(edition, name="Renamed", slug="renamed", end_date="2031-06-13"),
    )

    edition.refresh_from_db()
    assert (edition.name, edition.slug, edition.end_date) == (
        "Renamed",
        "renamed",
        dt.date(2031, 6, 13),
    )
    assert response.url == reverse("events:edition-home", args=["renamed"])


def test_time_zone_field_suggests_the_known_zones(organiser_client, edition):
    html = organiser_client.get(reverse("events:edition-update", args=[edition.slug])).content
    html = html.decode()

    field = re.search(r'<input type="text" name="timezone"[^>]*>', html).group(0)
    suggestions = re.search(r'<datalist id="time-zones">(.*?)</datalist>', html).group(1)
    assert (
        'list="time-zones"' in field,
        '<option value="Europe/Paris">' in suggestions,
        '<option value="America/New_York">' in suggestions,
    ) == (True, True, True)


def test_refused_settings_say_so_at_the_top_with_a_link_to_each_field(organiser_client, edition):
    url = reverse("events:edition-update", args=[edition.slug])

    response = organiser_client.post(url, _settings_data(edition, reminder_time="23:45"))

    html = response.content.decode()
    summary = re.search(
        r'<div class="message error" role="alert" id="form-errors">(.*?)</div>', html, re.S
    )
    assert (
        html.index('id="form-errors"') < html.index('<form method="post" class="stacked card"'),
        "Nothing was saved" in summary.group(1),
        re.findall(r'<li><a href="(#[^"]+)">([^<]+)</a></li>', summary.group(1)),
    ) == (True, True, [("#id_reminder_time", "Agenda reminder at")])


def test_invalid_settings_keep_the_saved_edition_in_the_page(organiser_client, edition):
    factories.make_edition(slug="taken")

    response = post_as_opened(
        organiser_client,
        reverse("events:edition-update", args=[edition.slug]),
        _settings_data(edition, name="Renamed", slug="taken", end_date="2031-06-01"),
    )

    errors = response.context["form"].errors
    assert (sorted(errors), response.context["edition"].slug) == (
        ["end_date", "slug"],
        edition.slug,
    )
    assert f'href="/orga/e/{edition.slug}/rooms/"' in response.content.decode()


def test_settings_refused_to_staff(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("events:edition-update", args=[edition.slug]), _settings_data(edition, name="x")
    )

    assert (response.status_code, Edition.objects.get(pk=edition.pk).name) == (403, edition.name)


def test_overview_links_the_organiser_to_venue_grid_and_protocol(organiser_client, edition):
    SanitaryProtocol.objects.filter(edition=edition).update(
        max_persons_per_room=15, health_pass_required=True, visits_allowed=False
    )

    content = organiser_client.get(reverse("events:edition-home", args=[edition.slug])).content

    expected = [
        f'href="/orga/e/{edition.slug}/rooms/">Set up rooms and tables',
        f'href="/orga/e/{edition.slug}/grid/">Generate the time grid',
        f'href="/orga/e/{edition.slug}/protocol/">Change the protocol',
        "At most 15 persons per room.",
        "Health pass checked at entry.",
        "No visits.",
    ]
    assert [text in content.decode() for text in expected] == [True] * len(expected)


def test_overview_for_staff_has_no_organiser_links(client, edition, staff_user):
    client.force_login(staff_user)

    content = client.get(reverse("events:edition-home", args=[edition.slug])).content.decode()

    assert ("Set up rooms and tables" in content, "Change the protocol" in content) == (
        False,
        False,
    )


def test_dashboard_lists_editions_the_user_can_open(
    client, edition, organiser_user, staff_user, checkin_user
):
    listed = {}
    for name, user in [
        ("organiser", organiser_user),
        ("staff", staff_user),
        ("checkin", checkin_user),
    ]:
        client.force_login(user)
        listed[name] = [e.slug for e in client.get(reverse("events:dashboard")).context["editions"]]

    assert listed == {"organiser": [edition.slug], "staff": [edition.slug], "checkin": []}


def test_dashboard_of_a_check_in_agent_lists_their_desks(client, checkin_user, edition):
    client.force_login(checkin_user)

    response = client.get(reverse("events:dashboard"))

    desks = [(e.slug, reverse("checkin:desk", args=[e.slug])) for e in response.context["desks"]]
    assert (desks, "You organise no edition yet." in response.content.decode()) == (
        [(edition.slug, reverse("checkin:desk", args=[edition.slug]))],
        False,
    )


@pytest.mark.parametrize(("sent", "stored"), [("18", 18), ("", None)])
def test_settings_set_the_series_retention_period_or_keep_data(
    organiser_client, edition, sent, stored
):
    url = reverse("events:edition-update", args=[edition.slug])

    post_as_opened(organiser_client, url, _settings_data(edition, retention_months=sent))

    edition.series.refresh_from_db()
    assert edition.series.retention_months == stored


def test_settings_refuse_a_retention_period_of_zero_months(organiser_client, edition):
    url = reverse("events:edition-update", args=[edition.slug])

    response = post_as_opened(organiser_client, url, _settings_data(edition, retention_months="0"))

    edition.series.refresh_from_db()
    assert response.context["form"].errors == {
        "retention_months": ["Ensure this value is greater than or equal to 1."]
    }
    assert edition.series.retention_months is None


AUG_19, JUN_13, JUN_14 = dt.date(2031, 8, 19), dt.date(2031, 6, 13), dt.date(2031, 6, 14)


@pytest.mark.parametrize(
    "case",
    [
        ("dashboard", (AUG_19, AUG_19), "en", "<td>19 Aug 2031</td>"),
        ("dashboard", (AUG_19, AUG_19), "fr", "<td>19 août 2031</td>"),
        ("edition-home", (JUN_13, JUN_14), "en", " · 13–14 Jun 2031 · Europe/Paris"),
        ("edition-home", (JUN_13, JUN_14), "fr", " · 13–14 juin 2031 · Europe/Paris"),
    ],
)
def test_edition_dates_shown_shortest_in_reader_language(client, organiser_user, edition, case):
    page, dates, language, expected = case
    Edition.objects.filter(pk=edition.pk).update(start_date=dates[0], end_date=dates[1])
    client.force_login(organiser_user)
    args = [] if page == "dashboard" else [edition.slug]

    response = client.get(reverse(f"events:{page}", args=args), HTTP_ACCEPT_LANGUAGE=language)

    assert response.content.decode().count(expected) == 1


def _warnings_on(response):
    found = re.findall(
        r'<li class="message warning" data-code="([^"]+)">(.*?)</li>',
        response.content.decode(),
        re.S,
    )
    return [(code, " ".join(text.split())) for code, text in found]


@pytest.mark.parametrize("page", ["edition-home", "edition-update"])
def test_edition_pages_warn_about_a_past_edition_and_a_late_slot(client, organiser_user, page):
    edition = factories.make_edition(
        start_date=dt.date(2020, 6, 11), status=EditionStatus.MATCHMAKING
    )
    edition.series.organiser.members.add(organiser_user)
    session = Session.objects.create(edition=edition, name="Evening", date=edition.start_date)
    start = dt.datetime(2020, 6, 11, 21, tzinfo=dt.UTC)
    TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    client.force_login(organiser_user)

    response = client.get(reverse(f"events:{page}", args=[edition.slug]))

    assert _warnings_on(response) == [
        (
            "past_requests",
            "The edition ended on Thu 11 Jun 2020 but participants can still ask for meetings: "
            "set its status to Closed.",
        ),
        (
            "slot_at_night",
            "The slot Evening 23:00–23:30 starts at night, before 07:00 or from 22:00.",
        ),
    ]


def test_edition_home_without_warnings_for_a_coming_edition(organiser_client, edition):
    response = organiser_client.get(reverse("events:edition-home", args=[edition.slug]))

    assert (_warnings_on(response), "To check" in response.content.decode()) == ([], False)


def test_settings_page_says_what_new_dates_do_to_the_grid(organiser_client, edition):
    response = organiser_client.get(reverse("events:edition-update", args=[edition.slug]))

    shown = str(response.context["form"]["start_date"].help_text)
    assert (shown, shown in response.content.decode()) == (
        "New dates of the same length move the time grid, the visits and the wishes deadline "
        "along, at the same local times. Days added or removed at either end leave them on "
        "their days: empty a day of its slots and visits before removing it.",
        True,
    )


def test_settings_page_says_a_new_time_zone_keeps_the_local_times(organiser_client, edition):
    response = organiser_client.get(reverse("events:edition-update", args=[edition.slug]))

    assert response.context["form"]["timezone"].help_text == (
        "A new time zone keeps the local times of the time grid, the visits and the wishes "
        "deadline: 09:00 stays 09:00 in the new zone, and so happens at another moment. Under "
        "placed meetings or booked visits, the page asks you to confirm, then tells the people "
        "concerned: the way to correct a wrong zone when the times shown were right."
    )


def test_settings_new_time_zone_keeps_the_grid_at_its_local_times(organiser_client, edition):
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime(2031, 6, 12, 9, 0, tzinfo=edition.tzinfo)
    TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )

    post_as_opened(
        organiser_client,
        reverse("events:edition-update", args=[edition.slug]),
        _settings_data(edition, timezone="Europe/London"),
    )

    edition.refresh_from_db()
    slot = TimeSlot.objects.get(edition=edition)
    assert (edition.timezone, f"{slot.start.astimezone(edition.tzinfo):%H:%M}") == (
        "Europe/London",
        "09:00",
    )


def test_settings_new_time_zone_under_placed_meetings_waits_for_the_confirmation(
    organiser_client, edition
):
    slot = make_slots(edition, 1)[0]
    table = factories.make_table(factories.make_room(edition))
    place(make_meeting(person(edition, "Anna"), person(edition, "Bert")), slot, table)

    response = post_as_opened(
        organiser_client,
        reverse("events:edition-update", args=[edition.slug]),
        _settings_data(edition, timezone="Europe/London"),
    )

    edition.refresh_from_db()
    # tests/events/test_time_zone_correction.py: the box and what confirming it does.
    assert (response.context["form"].errors, edition.timezone) == (
        {
            "keep_told_times": [
                "Tick this box to confirm the new time zone, or keep the former one."
            ]
        },
        "Europe/Paris",
    )


def test_settings_new_dates_refused_under_a_booked_visit_say_why(organiser_client, edition):
    visit = make_visit(make_zone(edition))
    Booking.objects.create(
        session=visit, participant=person(edition, "Anna"), status=BookingStatus.CONFIRMED
    )

    response = post_as_opened(
        organiser_client,
        reverse("events:edition-update", args=[edition.slug]),
        _settings_data(edition, start_date="2031-06-19", end_date="2031-06-19"),
    )

    edition.refresh_from_db()
    assert (response.context["form"].errors["start_date"], edition.start_date) == (
        [
            "The dates cannot change: 1 person is booked or waiting for a visit that would "
            "take place on another day, and was told its time."
        ],
        dt.date(2031, 6, 12),
    )
