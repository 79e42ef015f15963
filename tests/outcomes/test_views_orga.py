"""Organiser page of outcomes: both sides, disagreements, and who may see it."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.outcomes import services
from tests import factories
from tests.outcomes.conftest import held, make_slot

pytestmark = pytest.mark.integration


def _url(edition):
    return reverse("outcomes:outcome-list", args=[edition.slug])


def _rate(meeting, participant, **answer):
    return services.record_outcome(meeting, participant=participant, by=participant.user, **answer)


@pytest.fixture
def disagreeing(meeting, buyer, supplier):
    _rate(meeting, buyer, took_place=True, interest=5, next_step="order")
    _rate(meeting, supplier, took_place=True, interest=2, next_step="order", comment="Just looking")
    return meeting


def _rows(response):
    return [
        (
            pair.meeting,
            [(side.user.email, o and o.interest) for side, o in pair.sides],
            pair.disagreements,
        )
        for pair in response.context["pairs"]
    ]


def test_outcome_list_shows_both_sides_and_their_disagreement(
    client, edition, disagreeing, staff_user
):
    client.force_login(staff_user)

    response = client.get(_url(edition))

    assert _rows(response) == [
        (disagreeing, [("buyer@welding.test", 5), ("ceo@printing.test", 2)], ["interest"])
    ]
    assert "Just looking" in response.content.decode()


def test_outcome_list_filter_leaves_out_pairs_that_agree(
    client, disagreeing, organiser_user, outsider
):
    edition, buyer, table = disagreeing.edition, disagreeing.first, disagreeing.table

    agreeing = held(
        buyer, outsider, make_slot(edition, dt.datetime(2025, 6, 12, 8, 0, tzinfo=dt.UTC)), table
    )
    _rate(agreeing, buyer, took_place=True, interest=3)
    _rate(agreeing, outsider, took_place=True, interest=4)
    client.force_login(organiser_user)

    everything = client.get(_url(edition))
    filtered = client.get(_url(edition), {"disagreeing": "on"})

    assert (
        [p.meeting for p in everything.context["pairs"]],
        [p.meeting for p in filtered.context["pairs"]],
    ) == (
        [disagreeing, agreeing],
        [disagreeing],
    )


@pytest.mark.parametrize("who", ["buyer", "supplier", "checkin"])
def test_outcome_list_refuses_participants_and_checkin_agents(
    client, disagreeing, checkin_user, who
):
    edition = disagreeing.edition
    users = {
        "buyer": disagreeing.first.user,
        "supplier": disagreeing.second.user,
        "checkin": checkin_user,
    }
    client.force_login(users[who])

    assert client.get(_url(edition)).status_code == 403


def test_outcome_list_sends_anonymous_visitors_to_login(client, edition):
    response = client.get(_url(edition))

    assert response.status_code == 302


def test_outcome_list_of_another_organisation_is_refused(client, edition, disagreeing):
    stranger = factories.make_user(email="other-orga@example.com")
    factories.make_organiser(members=[stranger])
    client.force_login(stranger)

    assert client.get(_url(edition)).status_code == 403


def test_repeat_pairs_form_stores_the_organisers_choice(client, edition, organiser_user):
    client.force_login(organiser_user)
    url = reverse("outcomes:repeat-pairs", args=[edition.slug])

    client.post(url, {"repeat_pairs": "avoid"})

    assert client.get(url).context["form"].initial == {"repeat_pairs": "avoid"}


def test_repeat_pairs_form_with_an_unknown_choice_names_the_field(client, edition, organiser_user):
    client.force_login(organiser_user)

    response = client.post(
        reverse("outcomes:repeat-pairs", args=[edition.slug]), {"repeat_pairs": "always"}
    )

    assert (response.status_code, list(response.context["form"].errors)) == (200, ["repeat_pairs"])


def test_repeat_pairs_form_refuses_staff(client, edition, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("outcomes:repeat-pairs", args=[edition.slug])).status_code == 403
