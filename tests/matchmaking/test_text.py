import pytest

from paddock.matchmaking.text import build_bridge, fold, stems, terms, tokens

pytestmark = pytest.mark.unit


def test_fold_removes_accents_and_ligatures():
    assert fold("Électroérosion, CŒUR de pièce") == "electroerosion, coeur de piece"


def test_tokens_drop_french_stop_words_and_elisions():
    assert tokens("Nous recherchons de l'usinage des pièces") == ["usinage", "pieces"]


def test_tokens_drop_english_stop_words():
    assert tokens("We are looking for the machining of parts") == ["machining", "parts"]


def test_stems_join_english_inflections():
    assert (stems("welding"), stems("welded")) == (
        frozenset({"weld", "welding"}),
        frozenset({"weld", "welded"}),
    )


def test_stems_join_french_inflections():
    assert (stems("pieces"), stems("piece"), stems("usinages"), stems("usinage")) == (
        frozenset({"piec"}),
        frozenset({"piec"}),
        frozenset({"usinag"}),
        frozenset({"usinag"}),
    )


def test_bridge_translates_words_named_by_the_same_labels():
    bridge = build_bridge(
        [
            (1, "Welding and joining", "Soudage et assemblage"),
            (2, "TIG welding", "Soudage TIG"),
            (3, "Laser welding", "Soudage laser"),
        ]
    )

    assert {stem: bridge.synonyms[stem] for stem in ("soudag", "weld", "assemblag")} == {
        "soudag": frozenset({"weld", "welding"}),
        "weld": frozenset({"soudag"}),
        "assemblag": frozenset({"join", "joining"}),
    }


def test_terms_of_french_and_english_texts_meet_through_the_bridge():
    bridge = build_bridge([(1, "Welding", "Soudage"), (2, "TIG welding", "Soudage TIG")])

    french = terms("Soudage TIG pour châssis", bridge)
    english = terms("TIG welding of stainless steel", bridge)

    assert french & english == frozenset({"@2", "soudag", "tig", "weld", "welding", "@1"})


def test_terms_name_a_concept_only_when_every_word_of_its_label_is_there():
    bridge = build_bridge([(2, "TIG welding", "Soudage TIG")])

    assert (
        "@2" in terms("soudage TIG", bridge),
        "@2" in terms("soudage MIG", bridge),
    ) == (True, False)
