"""People who met in an earlier edition: "you met in 2019", and the organiser's choice to avoid
or favour them in recommendations."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.matchmaking.enums import RepeatPairs
from paddock.matchmaking.models import Recommendation
from paddock.matchmaking.services import recompute_recommendations, set_repeat_pairs
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Category, Need, Offer
from tests import factories
from tests.compilations import compiled_models
from tests.outcomes.conftest import held, make_slot

pytestmark = pytest.mark.integration


def _printer(edition, number):
    company = factories.make_company(edition, name=f"Additif {number}")
    Offer.objects.create(
        company=company,
        category=Category.objects.get(code="laser-powder-bed-fusion"),
        text="Titanium parts",
    )
    return factories.make_participant(edition, company=company)


@pytest.fixture
def buyer(edition):
    company = factories.make_company(edition, name="Soudures Sarthoises")
    Need.objects.create(company=company, category=Category.objects.get(code="additive-metal"))
    return factories.make_participant(edition, company=company, role=ParticipantRole.BUYER)


@pytest.fixture
def edition_2019(edition):
    return factories.make_edition(
        edition.series, start_date=dt.date(2019, 6, 12), name="IBD 2019", slug="ibd-2019"
    )


def meet_in(edition, first, second):
    """The people of `first` and `second` met in `edition` (other participations, same users)."""
    table = factories.make_table(factories.make_room(edition, name=f"Hall {second.pk}"))
    # Each meeting in a slot of its own: slots of an edition never overlap (PostgreSQL checks).
    start = dt.datetime(2019, 6, 12, 7, 0, tzinfo=dt.UTC)
    slot = make_slot(edition, start + dt.timedelta(minutes=30 * edition.slots.count()))
    mine = edition.participants.filter(user=first.user).first()
    return held(
        mine or factories.make_participant(edition, user=first.user),
        factories.make_participant(edition, user=second.user),
        slot,
        table,
    )


def _cards(client, buyer):
    client.force_login(buyer.user)
    url = reverse("matchmaking-portal:recommendations", args=[buyer.edition.slug])
    return client.get(url).context["recommendations"]


def test_recommendations_say_when_the_people_met_before(client, buyer, edition_2019):
    printers = [_printer(buyer.edition, number) for number in (1, 2, 3)]
    meet_in(edition_2019, buyer, printers[1])
    recompute_recommendations(buyer.edition)

    cards = _cards(client, buyer)

    assert [(card.other_id, card.met_in) for card in cards] == [
        (printers[0].pk, None),
        (printers[1].pk, 2019),
        (printers[2].pk, None),
    ]
    page = client.get(reverse("matchmaking-portal:recommendations", args=[buyer.edition.slug]))
    assert page.content.decode().count("You met in 2019") == 1


def _met_on_either_side_and_here(buyer, edition_2019, printers):
    """The buyer met printers[0] as the first person and printers[1] as the second in 2019,
    and meets printers[2] in this very edition: the first two met before, the third did not."""
    meet_in(edition_2019, printers[1], buyer)  # first: it makes the buyer's 2019 participant
    meet_in(edition_2019, buyer, printers[0])
    here = buyer.edition
    slot = make_slot(here, dt.datetime(2027, 6, 10, 7, 0, tzinfo=dt.UTC))
    held(buyer, printers[2], slot, factories.make_table(factories.make_room(here, name="Here")))


def test_recommendations_met_before_on_either_side_of_a_meeting_elsewhere(
    client, buyer, edition_2019
):
    printers = [_printer(buyer.edition, number) for number in (1, 2, 3)]
    _met_on_either_side_and_here(buyer, edition_2019, printers)
    recompute_recommendations(buyer.edition)

    cards = _cards(client, buyer)

    assert {card.other_id: card.met_in for card in cards} == {
        printers[0].pk: 2019,
        printers[1].pk: 2019,
        printers[2].pk: None,
    }


def test_catalogue_met_before_on_either_side_of_a_meeting_elsewhere(client, buyer, edition_2019):
    printers = [_printer(buyer.edition, number) for number in (1, 2, 3)]
    _met_on_either_side_and_here(buyer, edition_2019, printers)

    page = _catalogue(client, buyer)

    cards = {c.name: getattr(c, "met_in", None) for c in page.context["page"].object_list}
    assert cards == {
        "Additif 1": 2019,
        "Additif 2": 2019,
        "Additif 3": None,
        "Soudures Sarthoises": None,
    }


def test_recommendations_met_before_only_for_the_people_shown(client, buyer, edition_2019):
    # Who met before is read for every person recommended (issue 16: by a subquery, compiled
    # once); a person no longer validated, or met but not recommended, changes no card.
    printers = [_printer(buyer.edition, number) for number in (1, 2)]
    stranger = factories.make_participant(buyer.edition)
    for other in (*printers, stranger):
        meet_in(edition_2019, buyer, other)
    recompute_recommendations(buyer.edition)
    printers[0].status = ParticipantStatus.REGISTERED
    printers[0].save(update_fields=["status"])

    cards = _cards(client, buyer)

    assert [(card.other_id, card.met_in) for card in cards] == [(printers[1].pk, 2019)]


def test_recommendations_page_reads_who_met_before_in_one_query(
    client, buyer, edition_2019, django_assert_num_queries
):
    url = reverse("matchmaking-portal:recommendations", args=[buyer.edition.slug])
    meet_in(edition_2019, buyer, _printer(buyer.edition, 1))
    recompute_recommendations(buyer.edition)
    client.force_login(buyer.user)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in (2, 3):
        meet_in(edition_2019, buyer, _printer(buyer.edition, number))
    recompute_recommendations(buyer.edition)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count("You met in 2019") == 3


@pytest.mark.parametrize(
    ("choice", "order"),
    [
        (RepeatPairs.NEUTRAL, [1, 2, 3]),
        (RepeatPairs.AVOID, [1, 3, 2]),
        (RepeatPairs.FAVOUR, [2, 1, 3]),
    ],
)
def test_recompute_weighs_pairs_met_before_as_the_organiser_chose(
    buyer, edition_2019, organiser_user, choice, order
):
    printers = {number: _printer(buyer.edition, number) for number in (1, 2, 3)}
    meet_in(edition_2019, buyer, printers[2])
    set_repeat_pairs(buyer.edition, repeat_pairs=choice, by=organiser_user)

    recompute_recommendations(buyer.edition)

    stored = Recommendation.objects.filter(participant=buyer).order_by("-score", "other_id")
    assert [row.other for row in stored] == [printers[number] for number in order]


def _catalogue(client, buyer):
    client.force_login(buyer.user)
    return client.get(reverse("participants-portal:catalogue", args=[buyer.edition.slug]))


def test_catalogue_cards_say_when_the_people_met_before(client, buyer, edition_2019):
    printers = [_printer(buyer.edition, number) for number in (1, 2)]
    meet_in(edition_2019, buyer, printers[1])

    page = _catalogue(client, buyer)

    cards = {c.name: getattr(c, "met_in", None) for c in page.context["page"].object_list}
    assert cards == {"Additif 1": None, "Additif 2": 2019, "Soudures Sarthoises": None}
    assert page.content.decode().count("You met in 2019") == 1


def test_catalogue_reads_who_met_before_in_one_query(
    client, buyer, edition_2019, django_assert_num_queries
):
    meet_in(edition_2019, buyer, _printer(buyer.edition, 1))
    _catalogue(client, buyer)
    url = reverse("participants-portal:catalogue", args=[buyer.edition.slug])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in (2, 3):
        meet_in(edition_2019, buyer, _printer(buyer.edition, number))

    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url)

    assert page.content.decode().count("You met in 2019") == 3


@pytest.mark.parametrize("printers", [1, 9, 25])
def test_catalogue_reads_who_met_before_by_a_query_compiled_once(
    client, buyer, edition_2019, printers
):
    shown = [_printer(buyer.edition, number) for number in range(printers)]
    meet_in(edition_2019, buyer, shown[0])
    _catalogue(client, buyer)

    with compiled_models() as models:
        page = _catalogue(client, buyer)

    met = {c.name: c.met_in for c in page.context["page"].object_list if c.met_in}
    assert ("meetings.Meeting" in models, met) == (False, {"Additif 0": 2019})
