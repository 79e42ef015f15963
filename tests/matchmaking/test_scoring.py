import random

import pytest

from paddock.matchmaking.data import BOTH, BUYER, SUPPLIER, Item, Profile, Relation
from paddock.matchmaking.matcher import Matcher
from paddock.matchmaking.scoring import naive_top_recommendations, top_recommendations
from tests.matchmaking.conftest import (
    ALUMINIUM,
    BINDER_JETTING,
    LASER_WELDING,
    LPBF,
    MACHINING,
    METAL_AM,
    METALS,
    MILLING,
    STAINLESS_STEEL,
    TIG,
    WELDING,
)

pytestmark = pytest.mark.unit


def buyer(pid, *needs, company=None, languages=("fr",)):
    return Profile(pid, company or pid, BUYER, frozenset(languages), (), tuple(needs))


def supplier(pid, *offers, company=None, languages=("fr",)):
    return Profile(pid, company or pid, SUPPLIER, frozenset(languages), tuple(offers), ())


def ids(recommendations):
    return [recommendation.other_id for recommendation in recommendations]


def test_taxonomy_relations_from_closest_to_unrelated(taxonomy):
    assert [
        taxonomy.relation(TIG, TIG),
        taxonomy.relation(TIG, LASER_WELDING),
        taxonomy.relation(TIG, WELDING),
        taxonomy.relation(WELDING, TIG),
        taxonomy.relation(TIG, MILLING),
        taxonomy.relation(WELDING, MACHINING),
    ] == [
        Relation.SAME,
        Relation.SIBLING,
        Relation.BROADER,
        Relation.NARROWER,
        Relation.NONE,
        Relation.NONE,
    ]


def test_same_item_ranks_above_parent_and_sibling_is_no_match(taxonomy):
    participants = [
        buyer(1, Item(TIG)),
        supplier(2, Item(WELDING)),
        supplier(3, Item(LASER_WELDING)),
        supplier(4, Item(TIG)),
        supplier(5, Item(MILLING)),
    ]

    found = top_recommendations(participants, taxonomy)[1]

    assert ids(found) == [4, 2]
    assert found[0].score > found[1].score


def test_sibling_material_offer_is_no_match_for_a_need(taxonomy):
    participants = [
        buyer(1, Item(STAINLESS_STEEL)),
        supplier(2, Item(ALUMINIUM)),
        supplier(3, Item(METALS)),
        supplier(4, Item(STAINLESS_STEEL)),
    ]

    found = top_recommendations(participants, taxonomy)[1]

    assert ids(found) == [4, 3]
    assert [reason["offer"]["category"] for r in found for reason in r.reasons[:1]] == [
        STAINLESS_STEEL,
        METALS,
    ]


def test_item_matches_rank_same_then_narrower_then_broader_then_sibling(taxonomy):
    participants = [
        buyer(1, Item(STAINLESS_STEEL)),
        buyer(2, Item(METALS)),
        supplier(3, Item(STAINLESS_STEEL)),
        supplier(4, Item(METALS)),
        supplier(5, Item(ALUMINIUM)),
    ]
    matcher = Matcher(participants, taxonomy)

    scores = [matcher.score(1, 3), matcher.score(2, 3), matcher.score(1, 4), matcher.score(1, 5)]

    assert scores == sorted(set(scores), reverse=True)
    assert scores[-1] == 0.0


def test_child_offer_meets_parent_need(taxonomy):
    participants = [buyer(1, Item(METAL_AM)), supplier(2, Item(LPBF)), supplier(3, Item(MILLING))]

    assert ids(top_recommendations(participants, taxonomy)[1]) == [2]


def test_french_need_meets_english_offer_in_free_text(taxonomy):
    participants = [
        buyer(1, Item(None, "Soudage TIG pour châssis tubulaires")),
        supplier(2, Item(None, "Fraisage de pièces en aluminium")),
        supplier(3, Item(None, "TIG welding of stainless steel frames")),
    ]

    assert ids(top_recommendations(participants, taxonomy)[1]) == [3]


def test_english_free_text_meets_french_category_label(taxonomy):
    participants = [buyer(1, Item(None, "We need TIG welding")), supplier(2, Item(TIG))]

    assert ids(top_recommendations(participants, taxonomy)[1]) == [2]


def test_two_people_of_one_company_are_never_paired(taxonomy):
    participants = [
        buyer(1, Item(TIG), company=7),
        supplier(2, Item(TIG), company=7),
        supplier(3, Item(TIG), company=8),
    ]

    found = top_recommendations(participants, taxonomy)

    assert {pid: ids(recommendations) for pid, recommendations in found.items()} == {
        1: [3],
        2: [],
        3: [1],
    }


def test_no_common_language_is_flagged_and_only_lowers_the_rank(taxonomy):
    participants = [
        buyer(1, Item(TIG), languages=("fr",)),
        supplier(2, Item(TIG), languages=("de",)),
        supplier(3, Item(TIG), languages=("fr", "en")),
    ]

    found = top_recommendations(participants, taxonomy)[1]

    assert ids(found) == [3, 2]
    assert round(found[0].score - found[1].score, 6) == 0.2
    assert found[1].reasons[-1] == {"code": "interpreter", "mine": ["fr"], "theirs": ["de"]}
    assert [reason["code"] for reason in found[0].reasons] == ["they_offer", "roles"]


def test_reasons_of_a_mutual_match_from_the_reader_side(taxonomy):
    need = Item(METAL_AM)
    offer = Item(LPBF, "Laser powder-bed fusion in titanium")
    participants = [
        Profile(1, 1, BOTH, frozenset({"en"}), (Item(MILLING),), (need,)),
        Profile(2, 2, SUPPLIER, frozenset({"en"}), (offer,), (Item(MACHINING),)),
    ]

    found = top_recommendations(participants, taxonomy)[1]

    assert found[0].reasons == (
        {
            "code": "they_offer",
            "need": {"category": METAL_AM, "text": ""},
            "offer": {"category": LPBF, "text": "Laser powder-bed fusion in titanium"},
            "relation": "narrower",
        },
        {
            "code": "they_need",
            "need": {"category": MACHINING, "text": ""},
            "offer": {"category": MILLING, "text": ""},
            "relation": "narrower",
        },
        {"code": "mutual"},
        {"code": "roles", "kind": "they_supply"},
    )


def test_top_n_keeps_the_best_in_order(taxonomy):
    participants = [
        buyer(1, Item(TIG), Item(LPBF)),
        supplier(2, Item(WELDING)),
        supplier(3, Item(TIG), Item(LPBF)),
        supplier(4, Item(TIG)),
        supplier(5, Item(LASER_WELDING), Item(BINDER_JETTING)),
    ]

    found = top_recommendations(participants, taxonomy, per_participant=3)[1]

    assert ids(found) == [3, 4, 2]  # a same item outweighs a parent; siblings do not count
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)


def test_indexed_recommendations_equal_the_all_pairs_loop_on_a_small_edition(taxonomy):
    rng = random.Random(4)  # noqa: S311 - reproducible test data, not secrets
    categories = [*taxonomy.categories, None]
    texts = ["", "en titane", "TIG welding", "Usinage de précision", "prototypes", "soudage"]

    def items():
        chosen = [Item(rng.choice(categories), rng.choice(texts)) for _ in range(rng.randint(0, 3))]
        return tuple(item for item in chosen if item.category_id or item.text)

    participants = [
        Profile(
            pid,
            rng.randint(1, 40),
            rng.choice([BUYER, SUPPLIER, BOTH]),
            frozenset(rng.sample(["fr", "en", "de"], rng.randint(1, 2))),
            items(),
            items(),
        )
        for pid in range(1, 61)
    ]

    assert top_recommendations(participants, taxonomy, per_participant=5) == (
        naive_top_recommendations(participants, taxonomy, per_participant=5)
    )


def test_score_is_symmetric(taxonomy):
    participants = [
        Profile(1, 1, BOTH, frozenset({"fr"}), (Item(TIG),), (Item(LPBF, "titane"),)),
        Profile(2, 2, BUYER, frozenset({"de"}), (Item(BINDER_JETTING),), (Item(WELDING),)),
    ]
    matcher = Matcher(participants, taxonomy)

    assert matcher.score(1, 2) == matcher.score(2, 1) > 0
