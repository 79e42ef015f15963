import pytest

from paddock.matchmaking.data import Item, Profile
from paddock.matchmaking.queries import matchmaking_input, recommendations_for
from paddock.matchmaking.services import recompute_recommendations
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Category, Need, Offer
from tests import factories
from tests.compilations import compiled_models

pytestmark = pytest.mark.integration


def category(code):
    return Category.objects.get(code=code)


def make_pair(edition, number):
    """A buyer who needs metal 3D printing and a supplier of laser powder-bed fusion."""
    buyer_company = factories.make_company(edition, name=f"Buyer {number}")
    supplier_company = factories.make_company(edition, name=f"Printer {number}")
    Need.objects.create(company=buyer_company, category=category("additive-metal"))
    Offer.objects.create(
        company=supplier_company,
        category=category("laser-powder-bed-fusion"),
        text="Laser powder-bed fusion in titanium",
    )
    buyer = factories.make_participant(
        edition, company=buyer_company, role=ParticipantRole.BUYER, languages=["en"]
    )
    supplier = factories.make_participant(edition, company=supplier_company, languages=["fr"])
    return buyer, supplier


def test_matchmaking_input_reads_validated_participants_with_their_company_items(
    edition, django_assert_num_queries
):
    buyer, supplier = make_pair(edition, 1)
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    need, offer = Need.objects.get(), Offer.objects.get()

    with django_assert_num_queries(4):
        taxonomy, profiles = matchmaking_input(edition)

    assert profiles == [
        Profile(
            buyer.pk,
            buyer.company_id,
            "buyer",
            frozenset({"en"}),
            (),
            (Item(need.category_id, ""),),
        ),
        Profile(
            supplier.pk,
            supplier.company_id,
            "supplier",
            frozenset({"fr"}),
            (Item(offer.category_id, "Laser powder-bed fusion in titanium"),),
            (),
        ),
    ]
    assert taxonomy.label(offer.category_id, "fr") == "Fusion laser sur lit de poudre"


def test_recommendations_for_renders_reasons_in_the_readers_language(edition):
    buyer, supplier = make_pair(edition, 1)
    recompute_recommendations(edition)

    shown = recommendations_for(buyer, "en")

    assert [(item.other_id, item.reasons, item.interpreter_needed) for item in shown] == [
        (
            supplier.pk,
            [
                "You need metal additive manufacturing; "
                "they offer laser powder-bed fusion in titanium.",
                "They supply and you buy.",
                "No language in common (you speak English; they speak French): "
                "an interpreter is needed.",
            ],
            True,
        )
    ]


def test_recommendations_for_hides_participants_no_longer_validated(edition):
    buyer, supplier = make_pair(edition, 1)
    recompute_recommendations(edition)
    supplier.status = ParticipantStatus.REGISTERED
    supplier.save()

    assert recommendations_for(buyer, "en") == []


def test_recommendations_for_names_the_other_side_and_company(edition):
    buyer, supplier = make_pair(edition, 1)
    recompute_recommendations(edition)

    (shown,) = recommendations_for(buyer, "en")

    assert (shown.other_id, shown.name, shown.role, shown.company_id, shown.company) == (
        supplier.pk,
        str(supplier.user),
        supplier.role,
        supplier.company_id,
        supplier.company.name,
    )


@pytest.mark.parametrize("pairs", [1, 3])
def test_recommendations_for_runs_a_fixed_number_of_queries(
    edition, pairs, django_assert_num_queries
):
    made = [make_pair(edition, number) for number in range(pairs)]
    recompute_recommendations(edition)
    buyer = made[0][0]

    with django_assert_num_queries(3):  # with who met before (issue 14)
        shown = recommendations_for(buyer, "fr")
        companies = [item.company for item in shown]
        names = [item.name for item in shown]

    assert (len(companies), len(names)) == (pairs, pairs)


def test_recommendations_for_queries_are_compiled_once(edition):
    # Issue 16: building the page's three queries cost more than reading their rows.
    (buyer, supplier), (other, _supplier) = make_pair(edition, 1), make_pair(edition, 2)
    recompute_recommendations(edition)
    recommendations_for(other, "en")

    with compiled_models() as compiled:
        shown = recommendations_for(buyer, "en")

    assert (compiled, [item.other_id for item in shown]) == ([], [supplier.pk, _supplier.pk])
