"""Edit forms keep what someone else saved since the page was opened (`core.opened`), shown on
the room's form; each edit form's own test is in its area's tests."""

import datetime as dt
import zoneinfo

import pytest
from django import forms
from django.urls import reverse

from paddock.core.opened import digest
from paddock.events import services
from paddock.events.models import Room
from tests import factories
from tests.edit_forms import opened_data, page_data

pytestmark = pytest.mark.integration

LANGUAGES = [("fr", "French"), ("en", "English")]


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def room(edition):
    return factories.make_room(edition, name="Hall A", capacity=10)


def _url(room):
    return reverse("events:room-update", args=[room.edition.slug, room.pk])


def _saved(room):
    room.refresh_from_db()
    return room.name, room.capacity


def test_a_save_keeps_the_field_another_organiser_changed_meanwhile(organiser_client, room):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall A", capacity=8)

    response = organiser_client.post(_url(room), {**opened, "name": "Hall B"})

    assert (response.status_code, _saved(room)) == (302, ("Hall B", 8))


def _conflict(organiser_client, room, **headers):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall A", capacity=8)
    return organiser_client.post(
        _url(room), {**opened, "name": "Hall B", "capacity": "12"}, **headers
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Someone else changed this to “8” since you opened the page. Check it and save again.",
        ),
        (
            "fr",
            "Quelqu’un d’autre a changé cette valeur en « 8 » depuis que vous avez ouvert la "
            "page. Vérifiez-la et enregistrez à nouveau.",
        ),
    ],
)
def test_a_field_both_changed_is_refused_with_the_value_saved_now(
    organiser_client, room, language, message
):
    response = _conflict(organiser_client, room, HTTP_ACCEPT_LANGUAGE=language)

    form = response.context["form"]
    assert (response.status_code, form.errors) == (200, {"capacity": [message]})
    assert _saved(room) == ("Hall A", 8)


def test_after_a_conflict_the_form_shows_the_user_edits_and_opens_at_the_values_saved_now(
    organiser_client, room
):
    form = _conflict(organiser_client, room).context["form"]
    services.update_room(room, by=None, name="Hall A", capacity=9)

    again = organiser_client.post(
        _url(room), {"name": "Hall B", "capacity": "12", "opened": form["opened"].value()}
    )

    assert (form["name"].value(), form["capacity"].value()) == ("Hall B", "12")
    assert again.context["form"].errors == {
        "capacity": [
            "Someone else changed this to “9” since you opened the page. Check it and save again."
        ]
    }


def test_saving_again_after_a_conflict_writes_the_user_value(organiser_client, room):
    form = _conflict(organiser_client, room).context["form"]

    response = organiser_client.post(
        _url(room), {"name": "Hall B", "capacity": "12", "opened": form["opened"].value()}
    )

    assert (response.status_code, _saved(room)) == (302, ("Hall B", 12))


def test_the_same_change_on_both_sides_is_no_conflict(organiser_client, room):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall A", capacity=8)

    response = organiser_client.post(_url(room), {**opened, "name": "Hall B", "capacity": "8"})

    assert (response.status_code, _saved(room)) == (302, ("Hall B", 8))


def test_a_conflict_shows_the_untouched_fields_as_saved_now(organiser_client, room):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall C", capacity=8)

    form = organiser_client.post(_url(room), {**opened, "capacity": "12"}).context["form"]
    response = organiser_client.post(
        _url(room),
        {
            "name": form["name"].value(),
            "capacity": "12",
            "opened": form["opened"].value(),
        },
    )

    assert (response.status_code, _saved(room)) == (302, ("Hall C", 12))


def test_a_form_shown_again_after_an_error_still_keeps_the_colleague_change(organiser_client, room):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall A", capacity=8)
    invalid = organiser_client.post(_url(room), {**opened, "name": ""}).context["form"]

    response = organiser_client.post(
        _url(room),
        {
            "name": "Hall B",
            "capacity": invalid["capacity"].value(),
            "opened": invalid["opened"].value(),
        },
    )

    assert invalid.errors == {"name": ["This field is required."]}
    assert (response.status_code, _saved(room)) == (302, ("Hall B", 8))


def test_a_form_shown_again_after_an_error_shows_the_colleague_change_it_keeps(
    organiser_client, room
):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall A", capacity=8)

    form = organiser_client.post(_url(room), {**opened, "name": ""}).context["form"]

    assert (form["name"].value(), form["capacity"].value()) == ("", 8)


def test_a_field_shown_as_saved_now_after_an_error_still_takes_a_later_change(
    organiser_client, room
):
    opened = opened_data(organiser_client, _url(room))
    services.update_room(room, by=None, name="Hall A", capacity=8)
    invalid = organiser_client.post(_url(room), {**opened, "name": ""}).context["form"]
    services.update_room(room, by=None, name="Hall A", capacity=9)

    response = organiser_client.post(_url(room), {**page_data(invalid), "name": "Hall B"})

    assert (response.status_code, _saved(room)) == (302, ("Hall B", 9))


def test_after_an_error_a_field_the_user_changed_and_a_colleague_changes_then_is_refused(
    organiser_client, room
):
    opened = opened_data(organiser_client, _url(room))
    invalid = organiser_client.post(_url(room), {**opened, "name": "", "capacity": "12"})
    services.update_room(room, by=None, name="Hall A", capacity=9)

    form = invalid.context["form"]
    response = organiser_client.post(_url(room), {**page_data(form), "name": "Hall B"})

    assert list(response.context["form"].errors) == ["capacity"]
    assert _saved(room) == ("Hall A", 9)


@pytest.mark.parametrize("opened", ["", "not-a-token", "tampered"])
def test_a_missing_or_altered_opened_field_is_refused(organiser_client, room, opened):
    data = opened_data(organiser_client, _url(room))
    if opened == "tampered":
        opened = data["opened"][:-3] + ("abc" if data["opened"][-3:] != "abc" else "abd")

    response = organiser_client.post(
        _url(room), {"name": "Hall B", "capacity": "12", "opened": opened}
    )

    form = response.context["form"]
    assert form.errors == {
        "__all__": [
            "This page is out of date or was altered. The values below are the ones saved "
            "now: make your changes again and save."
        ]
    }
    assert (form["name"].value(), form["capacity"].value(), _saved(room)) == (
        "Hall A",
        10,
        ("Hall A", 10),
    )


def test_an_opened_field_of_another_form_is_refused(organiser_client, room):
    table = factories.make_table(room, label="T1")
    table_page = reverse("events:table-update", args=[room.edition.slug, table.pk])
    foreign = opened_data(organiser_client, table_page)["opened"]

    response = organiser_client.post(
        _url(room), {"name": "Hall B", "capacity": "10", "opened": foreign}
    )

    assert (list(response.context["form"].errors), _saved(room)) == (["__all__"], ("Hall A", 10))


@pytest.mark.parametrize(
    ("field", "read", "cleaned"),
    [
        (forms.CharField(), None, ""),
        (forms.CharField(), "Hall A", "Hall A "),
        (forms.BooleanField(required=False), None, False),
        (forms.MultipleChoiceField(choices=LANGUAGES), None, []),
        (forms.MultipleChoiceField(choices=LANGUAGES), ["fr", "en"], ["en", "fr"]),
        (forms.DateTimeField(), dt.datetime(2031, 6, 12, 7, tzinfo=dt.UTC),
         dt.datetime(2031, 6, 12, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))),
        (forms.IntegerField(), 10, 10),
    ],
)  # fmt: skip
def test_a_value_read_and_the_same_value_cleaned_have_one_digest(field, read, cleaned):
    assert digest(field, read) == digest(field, cleaned)


def test_a_model_choice_has_one_digest_for_the_object_and_its_key(room):
    field = forms.ModelChoiceField(queryset=Room.objects.all())

    assert (digest(field, room), digest(field, None)) == (digest(field, room.pk), digest(field, ""))
    assert digest(field, room) != digest(field, None)
