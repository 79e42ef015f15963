import pytest

from paddock.participants.label_search import LabelSearch

pytestmark = pytest.mark.unit

METALS, STEEL, STAINLESS, COPPER, ALUMINIUM = 1, 2, 3, 4, 5


@pytest.fixture
def labels():
    return LabelSearch(
        [
            (METALS, None, "Metals", "Métaux"),
            (STEEL, METALS, "Steel", "Acier"),
            (STAINLESS, STEEL, "Stainless steel", "Acier inoxydable"),
            (COPPER, METALS, "Copper alloys", "Alliages de cuivre"),
            (ALUMINIUM, METALS, "Aluminium alloys", "Alliages d'aluminium"),
        ]
    )


def test_label_search_translates_words_used_by_the_same_items_alone(labels):
    found = {word: labels.translated(word) for word in ("cuivre", "copper", "acier", "alli", "de")}

    assert found == {
        "cuivre": {"copper"},
        "copper": {"cuivre"},
        "acier": {"steel"},
        "alli": {"alloys"},
        "de": set(),
    }


def test_label_search_categories_include_every_sub_item(labels):
    found = {word: labels.categories(word) for word in ("metaux", "acier", "cuivre", "zinc")}

    assert found == {
        "metaux": {METALS, STEEL, STAINLESS, COPPER, ALUMINIUM},
        "acier": {STEEL, STAINLESS},
        "cuivre": {COPPER},
        "zinc": set(),
    }
