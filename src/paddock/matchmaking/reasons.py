"""Reasons of a recommendation in plain words, in the reader's language.

`matcher.explain` stores reasons as structures (codes, items, language codes) so that one stored
recommendation reads in French for one reader and in English for another; this module turns
them into sentences with the taxonomy's labels in the reader's language and the free text as
its author wrote it.
"""

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from paddock.events.enums import language_labels
from paddock.matchmaking.data import Taxonomy
from paddock.matchmaking.text import fold
from paddock.participants.text import with_ellipsis

_MAX_TEXT = 120


def render_reasons(
    reasons: Iterable[Mapping[str, Any]], taxonomy: Taxonomy, language: str
) -> list[str]:
    """Each reason as one sentence in `language` ("fr" or "en"); unknown codes are skipped."""
    words = _words(language)
    sentences = (_end_once(_sentence(reason, taxonomy, language, words)) for reason in reasons)
    return [sentence for sentence in sentences if sentence]


def needs_interpreter(reasons: Iterable[Mapping[str, Any]]) -> bool:
    return any(reason.get("code") == "interpreter" for reason in reasons)


@lru_cache(maxsize=16)
def _words(language: str) -> dict[str, Any]:
    """The sentences' fixed words and the languages' names, translated into `language` once
    per process: a recommendations page says some hundred sentences, and each translation
    and each switch of the active language cost some 30 calls (issue 16)."""
    with translation.override(language):
        return {
            # Translators: need and offer are a capability (a label or the participant's own
            # words) without article, e.g. "metal additive manufacturing". French: "Vous
            # recherchez : %(need)s ; ils proposent : %(offer)s."
            "they_offer": _("You need %(need)s; they offer %(offer)s."),
            # Translators: as above. French: "Ils recherchent : %(need)s ; vous proposez :
            # %(offer)s."
            "they_need": _("They need %(need)s; you offer %(offer)s."),
            "mutual": _("Interest runs both ways: each of you offers something the other needs."),
            "they_supply": _("They supply and you buy."),
            "they_buy": _("They buy and you supply."),
            "both_ways": _("You both buy and supply."),
            "interpreter": _(
                "No language in common (you speak %(mine)s; they speak %(theirs)s): "
                "an interpreter is needed."
            ),
            "languages": dict(language_labels()),
        }


def _sentence(
    reason: Mapping[str, Any], taxonomy: Taxonomy, language: str, words: dict[str, Any]
) -> str:
    code = reason.get("code")
    if code in ("they_offer", "they_need"):
        items = {
            "need": describe(reason["need"], taxonomy, language),
            "offer": describe(reason["offer"], taxonomy, language),
        }
        return words[code] % items
    if code == "mutual":
        return words["mutual"]
    if code == "roles":
        kind = reason.get("kind", "")
        return words[kind] if kind in ("they_supply", "they_buy", "both_ways") else ""
    if code == "interpreter":
        labels = words["languages"]
        return words["interpreter"] % {
            "mine": ", ".join(labels.get(each, each) for each in reason["mine"]),
            "theirs": ", ".join(labels.get(each, each) for each in reason["theirs"]),
        }
    return ""


def describe(item: Mapping[str, Any], taxonomy: Taxonomy, language: str) -> str:
    """An offer or need in words: its category's label in `language`, then its free text.

    When the free text begins with the label, the text alone says it ("Laser powder-bed fusion
    in titanium"); otherwise the text follows the label in brackets.
    """
    category = item.get("category")
    label = taxonomy.label(category, language) if category is not None else ""
    text = _shorten(" ".join(str(item.get("text", "")).split()).rstrip("."))
    if label and text and not fold(text).startswith(fold(label)):
        return f"{lower_first(label)} ({text})"
    return lower_first(text or label)


def lower_first(phrase: str) -> str:
    """Lower the first letter for use inside a sentence, unless it starts a name or acronym.

    "Metal additive manufacturing" -> "metal additive manufacturing"; "Soudage TIG" ->
    "soudage TIG"; "TIG welding", "Multi Jet Fusion" and "ISO 9001" stay as they are.
    """
    words = phrase.split()
    if not words or not words[0][:1].isupper() or not words[0][1:].islower():
        return phrase
    if any(word[:1].isupper() and word[1:].islower() for word in words[1:]):
        return phrase  # a name in title case
    return phrase[0].lower() + phrase[1:]


def _shorten(text: str) -> str:
    """At most `_MAX_TEXT` characters, cut between words, without punctuation before the "…"."""
    if len(text) <= _MAX_TEXT:
        return text
    return with_ellipsis(text[:_MAX_TEXT].rsplit(" ", 1)[0])


def _end_once(sentence: str) -> str:
    """A sentence ending with a cut text keeps the "…" alone: "Build…" rather than "Build…."."""
    if sentence.endswith("….") or sentence.endswith("… ."):
        return sentence[:-1].rstrip(" ")
    return sentence
