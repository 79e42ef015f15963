import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.events import services
from paddock.events.models import Session, TimeSlot
from tests import factories
from tests.edit_forms import post_as_opened
from tests.events.helpers import swapped_out_of_band

pytestmark = pytest.mark.integration

JUNE_12 = dt.date(2031, 6, 12)
GRID = {
    "days": ["2031-06-12"],
    "day_start": "09:00",
    "day_end": "11:00",
    "meeting_minutes": "30",
    "pause_minutes": "0",
    "lunch_start": "",
    "lunch_end": "",
}


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


def _utc(hour, minute=0):
    return dt.datetime.combine(JUNE_12, dt.time(hour, minute), tzinfo=dt.UTC)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_grid_page_offers_the_generator_with_all_days_ticked(organiser_client, edition):
    response = organiser_client.get(_url("grid", edition))

    form = response.context["form"]
    assert (form.fields["days"].initial, "replace" in form.fields) == (["2031-06-12"], False)


def test_organiser_generates_the_grid_and_sees_local_times(organiser_client, edition):
    response = organiser_client.post(_url("grid-generate", edition), GRID, follow=True)

    content = response.content.decode()
    assert _messages(response) == ["Time grid generated: 4 slots created."]
    assert list(TimeSlot.objects.values_list("start", flat=True)) == [
        _utc(7),
        _utc(7, 30),
        _utc(8),
        _utc(8, 30),
    ]
    assert ("09:00–09:30" in content, "10:30–11:00" in content) == (True, True)


def test_regenerating_asks_for_confirmation(organiser_client, edition, organiser_user):
    services.generate_time_grid(
        edition,
        by=organiser_user,
        days=[JUNE_12],
        day_start=dt.time(9),
        day_end=dt.time(10),
        meeting_minutes=30,
        pause_minutes=0,
    )

    refused = organiser_client.post(_url("grid-generate", edition), GRID)
    accepted = organiser_client.post(_url("grid-generate", edition), {**GRID, "replace": "on"})

    assert refused.context["form"].errors == {
        "replace": ["Tick this box to confirm: the current grid will be deleted."]
    }
    assert (accepted.status_code, TimeSlot.objects.count()) == (302, 4)


def test_grid_settings_errors_are_shown_next_to_the_field(organiser_client, edition):
    response = organiser_client.post(
        _url("grid-generate", edition), {**GRID, "day_end": "08:00", "lunch_start": "12:00"}
    )

    assert response.context["form"].errors == {"day_end": ["The day must end after it starts."]}


def test_lunch_without_end_is_shown_next_to_lunch_end(organiser_client, edition):
    response = organiser_client.post(
        _url("grid-generate", edition), {**GRID, "lunch_start": "10:00"}
    )

    assert response.context["form"].errors == {
        "lunch_end": ["Give both the start and the end of lunch, or neither."]
    }


def test_a_day_outside_the_edition_cannot_be_chosen(organiser_client, edition):
    response = organiser_client.post(
        _url("grid-generate", edition), {**GRID, "days": ["2031-06-20"]}
    )

    assert list(response.context["form"].errors) == ["days"]


@pytest.fixture
def session(edition):
    return Session.objects.create(edition=edition, name="Thu 12 Jun morning", date=JUNE_12)


@pytest.fixture
def slot(session, organiser_user):
    return services.add_slot(session, by=organiser_user, start=_utc(7), end=_utc(7, 30))


def test_add_slot_suggests_the_time_after_the_last_one(organiser_client, edition, session, slot):
    form = organiser_client.get(_url("slot-create", edition, session.pk)).context["form"]

    assert form.initial == {"session": session.pk, "start": dt.time(9, 30), "end": dt.time(10)}


def test_organiser_adds_a_slot_in_local_time(organiser_client, edition, session):
    response = organiser_client.post(
        _url("slot-create", edition, session.pk),
        {"session": session.pk, "start": "14:00", "end": "14:30"},
    )

    assert response.url == _url("grid", edition)
    assert list(TimeSlot.objects.values_list("start", "end")) == [(_utc(12), _utc(12, 30))]


def test_overlapping_slot_is_refused_with_the_conflicting_slot_named(
    organiser_client, edition, session, slot
):
    response = organiser_client.post(
        _url("slot-create", edition, session.pk),
        {"session": session.pk, "start": "09:15", "end": "09:45"},
    )

    assert response.context["form"].errors == {
        "start": ["This slot overlaps the slot Thu 12 Jun morning 09:00–09:30."]
    }


def test_slot_ending_before_it_starts_is_refused_next_to_end(organiser_client, edition, session):
    response = organiser_client.post(
        _url("slot-create", edition, session.pk),
        {"session": session.pk, "start": "10:00", "end": "09:00"},
    )

    assert response.context["form"].errors == {"end": ["The slot must end after it starts."]}


def test_organiser_edits_a_slot(organiser_client, edition, session, slot):
    form = organiser_client.get(_url("slot-update", edition, slot.pk)).context["form"]
    response = post_as_opened(
        organiser_client,
        _url("slot-update", edition, slot.pk),
        {"session": session.pk, "start": "09:10", "end": "09:50"},
    )

    slot.refresh_from_db()
    assert form.initial == {"session": session.pk, "start": dt.time(9), "end": dt.time(9, 30)}
    assert (response.url, slot.start, slot.end) == (_url("grid", edition), _utc(7, 10), _utc(7, 50))


def test_organiser_deletes_a_slot(organiser_client, edition, slot):
    page = organiser_client.get(_url("slot-delete", edition, slot.pk))
    response = organiser_client.post(_url("slot-delete", edition, slot.pk), HTTP_HX_REQUEST="true")

    assert page.context["question"] == "Delete the slot Thu 12 Jun morning 09:00–09:30?"
    assert (swapped_out_of_band(response), TimeSlot.objects.count()) == (
        [("slot-count", "0 meeting slots, times in Europe/Paris.")],
        0,
    )


def test_slot_count_after_deleting_one_slot_under_htmx(
    organiser_client, edition, organiser_user, session, slot
):
    for hour in (8, 9):
        services.add_slot(session, by=organiser_user, start=_utc(hour), end=_utc(hour, 30))

    response = organiser_client.post(_url("slot-delete", edition, slot.pk), HTTP_HX_REQUEST="true")

    assert swapped_out_of_band(response) == [
        ("slot-count", "2 meeting slots, times in Europe/Paris.")
    ]


def test_slot_of_another_edition_is_not_found(organiser_client, edition, organiser_user):
    other = factories.make_edition(start_date=JUNE_12)
    other_session = Session.objects.create(edition=other, name="x", date=JUNE_12)
    other_slot = services.add_slot(other_session, by=organiser_user, start=_utc(7), end=_utc(8))

    response = organiser_client.get(_url("slot-update", edition, other_slot.pk))

    assert response.status_code == 404


def test_settings_errors_show_together_with_the_confirmation(
    organiser_client, edition, organiser_user
):
    services.generate_time_grid(
        edition,
        by=organiser_user,
        days=[JUNE_12],
        day_start=dt.time(9),
        day_end=dt.time(10),
        meeting_minutes=30,
        pause_minutes=0,
    )

    response = organiser_client.post(_url("grid-generate", edition), {**GRID, "day_end": "08:00"})

    assert response.context["form"].errors == {
        "day_end": ["The day must end after it starts."],
        "replace": ["Tick this box to confirm: the current grid will be deleted."],
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Thu 12 Jun morning", "Thu 12 Jun afternoon"]),
        ("fr", ["jeu. 12 juin, matin", "jeu. 12 juin, après-midi"]),
    ],
)
def test_grid_page_names_generated_sessions_in_reader_language(
    organiser_client, edition, language, expected
):
    organiser_client.post(
        _url("grid-generate", edition),
        {**GRID, "day_end": "15:00", "lunch_start": "12:00", "lunch_end": "13:00"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    page = organiser_client.get(_url("grid", edition), HTTP_ACCEPT_LANGUAGE=language)

    assert re.findall(r"<h2>(.*?)</h2>", page.content.decode()) == expected
