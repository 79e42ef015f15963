"""Wishes mode in the pages: the participant ranks zones on a phone-first page; the
organiser chooses the booking mode and the wishes deadline."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.participants.enums import ParticipantRole
from paddock.visits.enums import BookingMode
from paddock.visits.models import VisitSettings, VisitWish
from tests.edit_forms import post_as_opened
from tests.visits.factories import make_zone

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"visits-portal:{name}", args=[edition.slug, *args])


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna.user)
    return client


def _wishes(person):
    return [(w.zone.name_en, w.rank) for w in VisitWish.objects.filter(participant=person)]


def test_wishes_page_offers_a_choice_for_each_zone_with_an_open_session(
    anna_client, edition, wishes_mode, zone, garage
):
    make_zone(edition, name_en="Closed workshop", name_fr="Atelier fermé")

    response = anna_client.get(_url("wishes", edition))

    form = response.context["form"]
    assert [(name, str(field.label)) for name, field in form.fields.items()] == [
        (f"zone_{garage.pk}", "Garage 7"),
        (f"zone_{zone.pk}", "Team Alpine paddock"),
    ]
    assert [str(label) for _value, label in form.fields[f"zone_{zone.pk}"].choices] == [
        "Not interested",
        "Choice 1",
        "Choice 2",
    ]


@pytest.mark.usefixtures("wishes_mode")
def test_wishes_page_saves_the_ranking_and_shows_it_on_the_visits_page(
    anna_client, edition, anna, zone, garage
):
    response = anna_client.post(
        _url("wishes", edition), {f"zone_{zone.pk}": "2", f"zone_{garage.pk}": "1"}, follow=True
    )

    assert _wishes(anna) == [("Garage 7", 1), ("Team Alpine paddock", 2)]
    assert [str(m) for m in response.context["messages"]] == ["Your wishes are saved."]
    assert [w.zone.name_en for w in response.context["wishes"]] == [
        "Garage 7",
        "Team Alpine paddock",
    ]


@pytest.mark.usefixtures("wishes_mode")
def test_wishes_page_same_choice_twice_names_the_zone_and_saves_nothing(
    anna_client, edition, anna, zone, garage
):
    response = anna_client.post(
        _url("wishes", edition), {f"zone_{zone.pk}": "1", f"zone_{garage.pk}": "1"}
    )

    assert response.context["form"].errors == {
        f"zone_{zone.pk}": ["Garage 7 has this choice already: give each zone its own."]
    }
    assert _wishes(anna) == []


@pytest.mark.usefixtures("wishes_mode")
def test_wishes_page_zone_closed_to_my_role_shows_why_next_to_it(
    anna_client, edition, anna, zone, garage
):
    garage.allowed_roles = [ParticipantRole.BUYER]
    garage.save()

    response = anna_client.post(_url("wishes", edition), {f"zone_{garage.pk}": "1"})

    assert response.context["form"].errors == {
        f"zone_{garage.pk}": [
            "Visits of Garage 7 are not open to participants with the role supplier."
        ]
    }
    assert _wishes(anna) == []


def test_wishes_page_in_french(anna_client, edition, wishes_mode, zone, garage):
    response = anna_client.get(_url("wishes", edition), HTTP_ACCEPT_LANGUAGE="fr")

    form = response.context["form"]
    assert [str(field.label) for field in form.fields.values()] == [
        "Garage sept",
        "Paddock de l’équipe Alpine",
    ]
    assert [str(label) for _v, label in form.fields[f"zone_{zone.pk}"].choices] == [
        "Pas intéressé",
        "Choix 1",
        "Choix 2",
    ]
    assert "Enregistrer mes souhaits" in response.content.decode()


def test_visits_page_in_wishes_mode_offers_no_booking_but_the_ranking(
    anna_client, edition, wishes_mode, visit
):
    page = anna_client.get(_url("visits", edition)).content.decode()

    book = _url("book", edition, visit.pk)
    assert (book in page, _url("wishes", edition) in page) == (False, True)


def test_visits_page_when_wishes_are_closed_says_so(anna_client, edition, wishes_mode, visit):
    wishes_mode.wishes_deadline = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    wishes_mode.save()

    response = anna_client.get(_url("visits", edition))

    assert (response.context["wishes_open"], _url("wishes", edition) in str(response.content)) == (
        False,
        False,
    )
    assert "Wishes are closed: the organisers are placing the visits." in (
        response.content.decode()
    )


def test_settings_page_sets_wishes_mode_and_a_deadline_in_the_edition_time_zone(
    client, organiser_user, edition
):
    client.force_login(organiser_user)

    post_as_opened(
        client,
        reverse("visits:settings", args=[edition.slug]),
        {
            "cancellation_deadline_hours": "12",
            "booking_mode": "wishes",
            "wishes_deadline": "2031-06-01T18:00",
        },
    )

    found = VisitSettings.objects.get(edition=edition)
    assert (found.booking_mode, found.wishes_deadline, found.cancellation_deadline_hours) == (
        BookingMode.WISHES,
        dt.datetime(2031, 6, 1, 16, 0, tzinfo=dt.UTC),  # 18:00 in Paris
        12,
    )


def test_settings_page_unknown_mode_is_refused_by_name(client, organiser_user, edition):
    client.force_login(organiser_user)

    response = post_as_opened(
        client,
        reverse("visits:settings", args=[edition.slug]),
        {"cancellation_deadline_hours": "12", "booking_mode": "lottery"},
    )

    assert response.context["form"].errors == {
        "booking_mode": ["Select a valid choice. lottery is not one of the available choices."]
    }
    assert VisitSettings.objects.count() == 0
