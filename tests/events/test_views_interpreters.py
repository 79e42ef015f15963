"""Organiser pages of the interpreters: list, add, edit, delete, in English and French."""

import pytest
from django.urls import reverse

from paddock.events.models import Interpreter
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories
from tests.edit_forms import post_as_opened
from tests.scheduling.helpers import make_slots

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


def _rows(edition):
    return [
        (i.name, i.email, i.languages, sorted(s.pk for s in i.unavailable_slots.all()))
        for i in Interpreter.objects.filter(edition=edition)
    ]


def test_interpreter_form_offers_every_slot_checked_by_default(organiser_client, edition):
    slots = make_slots(edition, 3)

    response = organiser_client.get(_url("interpreter-list", edition))

    assert response.context["form"].initial["available_slots"] == slots


def test_interpreter_added_unavailable_in_the_slots_left_unchecked(organiser_client, edition):
    slots = make_slots(edition, 3)

    response = organiser_client.post(
        _url("interpreter-create", edition),
        {
            "name": " Yuki Tanaka ",
            "email": "",
            "languages": ["ja", "fr"],
            "available_slots": [slots[0].pk, slots[2].pk],
        },
    )

    assert (response.status_code, response.url) == (302, _url("interpreter-list", edition))
    assert _rows(edition) == [("Yuki Tanaka", "", ["fr", "ja"], [slots[1].pk])]


def test_interpreter_without_a_language_is_refused_naming_the_field(organiser_client, edition):
    response = organiser_client.post(
        _url("interpreter-create", edition), {"name": "Yuki", "email": "not-an-email"}
    )

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"email": ["Enter a valid email address."], "languages": ["This field is required."]},
    )
    assert _rows(edition) == []


def test_interpreter_with_an_address_longer_than_the_field_is_refused_naming_it(
    organiser_client, edition
):
    address = "a" * 243 + "@example.com"  # 255 characters

    response = organiser_client.post(
        _url("interpreter-create", edition), {"name": "Yuki", "email": address, "languages": ["ja"]}
    )

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"email": ["Ensure this value has at most 254 characters (it has 255)."]},
    )
    assert _rows(edition) == []


def test_interpreter_edited_keeps_what_the_organiser_chose(organiser_client, edition):
    slots = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["ja"])
    yuki.unavailable_slots.add(slots[0])

    form = organiser_client.get(_url("interpreter-update", edition, yuki.pk)).context["form"]
    post_as_opened(organiser_client,
        _url("interpreter-update", edition, yuki.pk),
        {"name": "Yuki T.", "email": "yuki@example.com", "languages": ["ja", "en"],
         "available_slots": [slots[0].pk, slots[1].pk]},
    )  # fmt: skip

    assert (form.initial["available_slots"], _rows(edition)) == (
        [slots[1]],
        [("Yuki T.", "yuki@example.com", ["en", "ja"], [])],
    )


def test_interpreter_delete_refused_while_interpreting_a_live_meeting(organiser_client, edition):
    slots = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki")
    table = factories.make_table(factories.make_room(edition))
    for slot in slots:
        Meeting.objects.create(
            edition=edition,
            first=factories.make_participant(edition),
            second=factories.make_participant(edition),
            slot=slot,
            table=table,
            status=MeetingStatus.SCHEDULED,
            interpreter=yuki,
        )

    response = organiser_client.post(_url("interpreter-delete", edition, yuki.pk))

    messages = [str(m) for m in response.context["messages"]]
    assert (response.status_code, messages, len(_rows(edition))) == (
        409,
        ["Yuki interprets 2 scheduled meetings; move them or run the schedule again first."],
        1,
    )


def test_interpreter_deleted_when_free(organiser_client, edition):
    yuki = factories.make_interpreter(edition, name="Yuki")

    response = organiser_client.post(_url("interpreter-delete", edition, yuki.pk))

    assert (response.status_code, _rows(edition)) == (302, [])


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "<h1>Interprètes</h1>"), ("en", "<h1>Interpreters</h1>")]
)
def test_interpreter_list_speaks_the_organisers_language(
    organiser_client, edition, language, heading
):
    factories.make_interpreter(edition, name="Yuki", languages=["ja"])

    page = organiser_client.get(
        _url("interpreter-list", edition), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert (heading in page, "Yuki" in page) == (True, True)
