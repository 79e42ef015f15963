"""Participant pages of outcomes: rate a meeting, see only one's own answers."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.events.enums import EditionStatus
from paddock.outcomes import services
from paddock.outcomes.models import Outcome
from tests import factories
from tests.outcomes.conftest import held, make_slot

pytestmark = pytest.mark.integration

ANSWER = {
    "took_place": "yes",
    "interest": "4",
    "next_step": "quote",
    "value_band": "10-50k",
    "comment": "Serious buyer",
}


def _url(name, edition, *args):
    return reverse(f"outcomes-portal:{name}", args=[edition.slug, *args])


def _answers(meeting):
    return list(
        Outcome.objects.filter(meeting=meeting).values_list(
            "participant__user__email",
            "took_place",
            "interest",
            "next_step",
            "value_band",
            "comment",
        )
    )


def test_rate_form_saves_the_answer_of_one_side(client, edition, meeting, buyer):
    client.force_login(buyer.user)

    response = client.post(_url("rate", edition, meeting.pk), ANSWER)

    assert (response.status_code, response["Location"], _answers(meeting)) == (
        302,
        _url("to-rate", edition),
        [("buyer@welding.test", True, 4, "quote", "10-50k", "Serious buyer")],
    )


def test_rate_form_again_replaces_the_answer(client, edition, meeting, buyer):
    client.force_login(buyer.user)
    client.post(_url("rate", edition, meeting.pk), ANSWER)

    client.post(_url("rate", edition, meeting.pk), {"took_place": "no", "next_step": "none"})

    assert _answers(meeting) == [("buyer@welding.test", False, None, "none", "", "")]


def test_rate_form_without_interest_names_the_field(client, edition, meeting, buyer):
    client.force_login(buyer.user)

    response = client.post(
        _url("rate", edition, meeting.pk), {"took_place": "yes", "next_step": "none"}
    )

    assert (response.status_code, response.context["form"].errors, _answers(meeting)) == (
        200,
        {"interest": ["Say how interesting the meeting was."]},
        [],
    )


def test_rate_form_in_french_names_the_field(client, edition, meeting, buyer):
    client.force_login(buyer.user)

    response = client.post(
        _url("rate", edition, meeting.pk),
        {"took_place": "yes", "next_step": "none"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.context["form"].errors == {
        "interest": ["Dites quel intérêt a eu la rencontre."]
    }


def test_rate_form_of_a_closed_edition_changes_nothing(client, edition, meeting, buyer):
    edition.status = EditionStatus.CLOSED
    edition.save()
    client.force_login(buyer.user)

    response = client.post(_url("rate", edition, meeting.pk), ANSWER)

    assert (response.context["form"].non_field_errors(), _answers(meeting)) == (
        ["The edition is closed: answers can no longer be changed."],
        [],
    )


def test_rate_form_of_a_meeting_not_ended_is_not_found(client, edition, buyer, supplier, table):
    later = make_slot(edition, dt.datetime(2099, 6, 12, 7, 0, tzinfo=dt.UTC))
    future = held(buyer, supplier, later, table)
    client.force_login(buyer.user)

    response = client.get(_url("rate", edition, future.pk))

    assert response.status_code == 404


def test_rate_form_shows_the_other_side_nothing_of_the_first_answer(
    client, edition, meeting, buyer, supplier
):
    client.force_login(buyer.user)
    client.post(_url("rate", edition, meeting.pk), ANSWER)
    client.force_login(supplier.user)

    response = client.get(_url("rate", edition, meeting.pk))

    assert (response.status_code, response.context["form"].initial) == (200, {})
    assert "Serious buyer" not in response.content.decode()


@pytest.mark.parametrize("name", ["rate", "follow-up"])
def test_meeting_pages_of_someone_else_are_not_found(client, edition, meeting, outsider, name):
    client.force_login(outsider.user)
    args = [meeting.pk] if name == "rate" else [meeting.pk, 3]

    responses = [client.get(_url(name, edition, *args)), client.post(_url(name, edition, *args))]

    assert [r.status_code for r in responses] == [404, 404]


@pytest.mark.parametrize(
    ("name", "args"),
    [("to-rate", []), ("rate", [0]), ("follow-up", [0, 3]), ("network", [])],
)
def test_portal_pages_refuse_people_outside_the_edition(client, edition, meeting, name, args):
    client.force_login(factories.make_user(email="nobody@example.com"))
    args = [meeting.pk if a == 0 else a for a in args]

    assert client.get(_url(name, edition, *args)).status_code == 403


def test_to_rate_lists_unrated_meetings_first(client, meeting, outsider):
    edition, buyer, table = meeting.edition, meeting.first, meeting.table
    second = held(
        buyer, outsider, make_slot(edition, dt.datetime(2025, 6, 12, 8, 0, tzinfo=dt.UTC)), table
    )
    client.force_login(buyer.user)
    client.post(_url("rate", edition, meeting.pk), ANSWER)

    response = client.get(_url("to-rate", edition))

    assert [(row.meeting, row.outcome is not None) for row in response.context["rows"]] == [
        (second, False),
        (meeting, True),
    ]


def test_follow_up_form_saves_the_answer(client, edition, meeting, buyer):
    client.force_login(buyer.user)

    client.post(
        _url("follow-up", edition, meeting.pk, 6), {"answer": "yes", "value_band": "gt250k"}
    )

    assert list(
        meeting.follow_ups.values_list("participant", "months", "answer", "value_band")
    ) == [(buyer.pk, 6, "yes", "gt250k")]


def test_follow_up_form_for_other_months_is_not_found(client, edition, meeting, buyer):
    client.force_login(buyer.user)

    assert client.get(_url("follow-up", edition, meeting.pk, 5)).status_code == 404


def test_agenda_links_ended_meetings_to_their_form(client, meeting):
    edition, buyer, table = meeting.edition, meeting.first, meeting.table
    later = held(
        buyer,
        factories.make_participant(edition),
        make_slot(edition, dt.datetime(2099, 6, 12, 7, 0, tzinfo=dt.UTC)),
        table,
    )
    client.force_login(buyer.user)

    page = client.get(reverse("meetings-portal:agenda", args=[edition.slug])).content.decode()

    links = re.findall(r'href="(/e/ibd-2025/outcomes/\d+/)"', page)
    assert links == [_url("rate", edition, meeting.pk)]
    assert later.pk != meeting.pk


def test_closed_edition_offers_no_rating_its_form_would_refuse(client, meeting, outsider):
    edition, buyer, table = meeting.edition, meeting.first, meeting.table
    unrated = held(
        buyer, outsider, make_slot(edition, dt.datetime(2025, 6, 12, 8, 0, tzinfo=dt.UTC)), table
    )
    client.force_login(buyer.user)
    client.post(_url("rate", edition, meeting.pk), ANSWER)
    edition.status = EditionStatus.CLOSED
    edition.save()

    agenda = client.get(reverse("meetings-portal:agenda", args=[edition.slug])).content.decode()
    to_rate = client.get(_url("to-rate", edition)).content.decode()

    assert re.findall(r'href="(/e/ibd-2025/outcomes/\d+/)"', agenda) == []
    assert (unrated.pk, "Rate this meeting" in to_rate, "See or change your answer" in to_rate) == (
        unrated.pk,
        False,
        False,
    )
    assert re.findall(r'href="(/e/ibd-2025/outcomes/\d+/)"', to_rate) == [
        _url("rate", edition, meeting.pk)
    ]


def test_network_lists_everyone_met_across_editions_with_own_answers_only(client, meeting):
    edition, buyer, supplier = meeting.edition, meeting.first, meeting.second
    earlier = factories.make_edition(
        edition.series, start_date=dt.date(2019, 6, 12), name="IBD 2019", slug="ibd-2019"
    )
    old_table = factories.make_table(factories.make_room(earlier, name="Hall"))
    old_slot = make_slot(earlier, dt.datetime(2019, 6, 12, 7, 0, tzinfo=dt.UTC))
    old_buyer = factories.make_participant(earlier, user=buyer.user)
    old_contact = factories.make_participant(
        earlier, user=factories.make_user(email="old@friend.test", first_name="Otto")
    )
    old = held(old_contact, old_buyer, old_slot, old_table)
    services_answer(meeting, supplier, interest=1)
    services_answer(old, old_buyer, interest=5)
    client.force_login(buyer.user)

    response = client.get(_url("network", earlier))

    assert [
        (c.meeting.edition.name, c.other.user.email, c.outcome and c.outcome.interest)
        for c in response.context["contacts"]
    ] == [("IBD 2025", "ceo@printing.test", None), ("IBD 2019", "old@friend.test", 5)]


def services_answer(meeting, participant, *, interest):
    return services.record_outcome(
        meeting, participant=participant, by=participant.user, took_place=True, interest=interest
    )


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Your network · Paddock"), ("fr", "Votre réseau · Paddock")]
)
def test_network_page_title_is_only_its_name(client, meeting, language, title):
    client.force_login(meeting.first.user)

    page = client.get(_url("network", meeting.edition), HTTP_ACCEPT_LANGUAGE=language)

    assert re.findall(r"<title>(.*?)</title>", page.content.decode(), re.S) == [title]
