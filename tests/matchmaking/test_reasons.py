import pytest
from django.utils import translation

from paddock.matchmaking.reasons import describe, lower_first, render_reasons
from tests.matchmaking.conftest import LPBF, METAL_AM, TIG

pytestmark = pytest.mark.unit

NEED_AM = {"category": METAL_AM, "text": ""}


def they_offer(offer):
    return {"code": "they_offer", "need": NEED_AM, "offer": offer, "relation": "narrower"}


def test_reason_in_english_uses_labels_and_free_text(taxonomy):
    offer = {"category": LPBF, "text": "Laser powder-bed fusion in titanium"}

    sentences = render_reasons([they_offer(offer)], taxonomy, "en")

    assert sentences == [
        "You need metal additive manufacturing; they offer laser powder-bed fusion in titanium."
    ]


def test_reason_in_french_uses_french_labels_and_free_text(taxonomy):
    offer = {"category": LPBF, "text": "Fusion laser sur lit de poudre en titane"}

    sentences = render_reasons([they_offer(offer)], taxonomy, "fr")

    assert sentences == [
        # French puts a non-breaking space before colons and semicolons.
        "Vous recherchez\u00a0: fabrication additive métal\u00a0; "
        "ils proposent\u00a0: fusion laser sur lit de poudre en titane."
    ]


EACH_CODE = [
    {
        "code": "they_need",
        "need": {"category": None, "text": "Soudage TIG pour châssis"},
        "offer": {"category": TIG, "text": ""},
        "relation": "none",
    },
    {"code": "mutual"},
    {"code": "roles", "kind": "they_buy"},
    {"code": "interpreter", "mine": ["fr"], "theirs": ["de", "it"]},
    {"code": "unknown"},
]
IN_ENGLISH = [
    "They need soudage TIG pour châssis; you offer TIG welding.",
    "Interest runs both ways: each of you offers something the other needs.",
    "They buy and you supply.",
    "No language in common (you speak French; they speak German, Italian): "
    "an interpreter is needed.",
]


def test_reasons_in_english_for_each_code(taxonomy):
    assert render_reasons(EACH_CODE, taxonomy, "en") == IN_ENGLISH


def test_reasons_follow_the_language_asked_whatever_the_active_one(taxonomy):
    """The sentences' words are remembered per language: each call says them in the
    language it asks for, in turn, not in the page's active language."""
    nbsp = "\N{NO-BREAK SPACE}"
    in_french = [
        f"Ils recherchent{nbsp}: soudage TIG pour châssis{nbsp}; vous proposez{nbsp}: soudage TIG.",
        f"L’intérêt est réciproque{nbsp}: chacun de vous propose ce dont l’autre a besoin.",
        "Ils achètent et vous fournissez.",
        f"Aucune langue en commun (vous parlez Français{nbsp}; ils parlent Allemand, Italien)"
        f"{nbsp}: un interprète est nécessaire.",
    ]

    with translation.override("fr"):
        english = render_reasons(EACH_CODE, taxonomy, "en")
    with translation.override("en"):
        french, again = (render_reasons(EACH_CODE, taxonomy, lang) for lang in ("fr", "fr"))
    with translation.override("de"):
        both = [render_reasons(EACH_CODE, taxonomy, lang) for lang in ("en", "fr", "en")]

    assert (english, french, again, both) == (
        IN_ENGLISH,
        in_french,
        in_french,
        [IN_ENGLISH, in_french, IN_ENGLISH],
    )


def test_describe_puts_free_text_after_a_label_it_does_not_repeat(taxonomy):
    item = {"category": LPBF, "text": "Fusion laser sur lit de poudre en titane."}

    assert describe(item, taxonomy, "en") == (
        "laser powder-bed fusion (Fusion laser sur lit de poudre en titane)"
    )


def test_lower_first_keeps_acronyms_and_names():
    assert [
        lower_first("Metal additive manufacturing"),
        lower_first("Soudage TIG"),
        lower_first("TIG welding"),
        lower_first("Multi Jet Fusion"),
        lower_first("5-axis machining"),
    ] == [
        "metal additive manufacturing",
        "soudage TIG",
        "TIG welding",
        "Multi Jet Fusion",
        "5-axis machining",
    ]


def test_describe_in_french_uses_the_french_label(taxonomy):
    assert [
        describe(
            {"category": LPBF, "text": "Fusion laser sur lit de poudre en titane"}, taxonomy, "fr"
        ),
        describe(NEED_AM, taxonomy, "fr"),
    ] == ["fusion laser sur lit de poudre en titane", "fabrication additive métal"]


def test_reasons_with_a_cut_text_end_with_a_single_ellipsis(taxonomy):
    text = (
        "manufacturing of metal parts for aerospace, defence and medical customers "
        "from our own plant near Lyon. Build, test and ship within two weeks of the order."
    )
    offers = [
        {"category": LPBF, "text": f"Complete {text}"},
        {"category": LPBF, "text": f"Laser powder-bed fusion: {text}"},
    ]

    sentences = render_reasons([they_offer(offer) for offer in offers], taxonomy, "en")

    assert sentences == [
        "You need metal additive manufacturing; they offer laser powder-bed fusion (Complete "
        "manufacturing of metal parts for aerospace, defence and medical customers from our own "
        "plant near Lyon. Build…).",
        "You need metal additive manufacturing; they offer laser powder-bed fusion: manufacturing "
        "of metal parts for aerospace, defence and medical customers from our own plant…",
    ]
