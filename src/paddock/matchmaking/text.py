"""Free text for matchmaking, in French and English: folding, stop words, stems, a bilingual bridge.

Participants write offers and needs in either language, with or without accents. A text becomes
a set of terms: the stems of its words under both the English and the French stemmer (we do not
guess the language of three words), the other language's stems for words the taxonomy translates,
and one concept term per taxonomy label found in it. So "soudage TIG" and "TIG welding" share the
stem "tig", the bridged pair "soudag"/"weld" and the concept of the TIG welding category.

Pure Python: no Django here.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_TOKEN = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})

# Folded (no accents, lower case). Words that carry no capability on their own.
_STOP_EN = """
a about above after all also an and any are as at be been being both but by can could do does
each for from had has have he her his how i if in into is it its itself me more most my no nor
not of off on once only or other our ours out over own same she should so some such than that
the their them then there these they this those through to too under until up very was we were
what when where which while who whom why will with within without would you your yours
need needs needed looking offer offers offering provide provides providing supply supplies
service services company companies including etc
"""
_STOP_FR = """
a au aux avec ce ces cet cette dans de des du elle elles en est et etre eux il ils je la le les
leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se
ses son sont sur ta te tes toi ton tu un une vos votre vous y d l j c n s m t qu jusqu lorsqu
chez comme entre sans selon vers tres plus moins tout tous toute toutes autre autres afin ainsi
cherchons recherchons recherche besoin proposons propose offre offrons fournissons societe
entreprise notamment etc
"""
STOP_WORDS = frozenset(_STOP_EN.split()) | frozenset(_STOP_FR.split())

_STEMMERS = (snowballstemmer.stemmer("english"), snowballstemmer.stemmer("french"))

CONCEPT_PREFIX = "@"


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Électroérosion" -> "electroerosion"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> list[str]:
    """The folded words of a text that may say something: no stop words, no single letters."""
    return [word for word in _TOKEN.findall(fold(text)) if len(word) > 1 and word not in STOP_WORDS]


@lru_cache(maxsize=100_000)
def stems(token: str) -> frozenset[str]:
    """A folded word's stems under the English and the French stemmer (often the same)."""
    return frozenset(stemmer.stemWord(token) for stemmer in _STEMMERS)


def concept(key: Hashable) -> str:
    """The term that stands for one taxonomy item, whatever the language it was named in."""
    return f"{CONCEPT_PREFIX}{key}"


@dataclass(frozen=True)
class Bridge:
    """What the taxonomy's bilingual labels teach: word translations and named concepts."""

    synonyms: Mapping[str, frozenset[str]]
    # concept term -> its labels, each label a tuple of words, each word its set of stems
    labels: Mapping[str, tuple[tuple[frozenset[str], ...], ...]]
    # stem -> concept terms whose labels contain it, to test only plausible labels
    label_index: Mapping[str, frozenset[str]]


EMPTY_BRIDGE = Bridge(synonyms={}, labels={}, label_index={})


def build_bridge(labels: Iterable[tuple[Hashable, str, str]]) -> Bridge:
    """Learn a bridge from (key, English label, French label) triples.

    Two words are taken as translations when they occur in exactly the same labels, one on the
    English side and the other on the French side, and nothing else does ("welding" and
    "soudage" both name the five welding items). Ambiguous groups are left to the concepts.
    """
    english: dict[frozenset[str], set[str]] = defaultdict(set)
    french: dict[frozenset[str], set[str]] = defaultdict(set)
    concepts: dict[str, tuple[tuple[frozenset[str], ...], ...]] = {}
    for key, label_en, label_fr in labels:
        term = concept(key)
        words_en = tuple(stems(word) for word in tokens(label_en))
        words_fr = tuple(stems(word) for word in tokens(label_fr))
        concepts[term] = tuple(words for words in {words_en, words_fr} if words)
        for word in words_en:
            english[word].add(term)
        for word in words_fr:
            french[word].add(term)
    return Bridge(
        synonyms=_translations(english, french),
        labels=concepts,
        label_index=_label_index(concepts),
    )


def _translations(
    english: Mapping[frozenset[str], set[str]], french: Mapping[frozenset[str], set[str]]
) -> dict[str, frozenset[str]]:
    by_usage: dict[frozenset[str], tuple[list[frozenset[str]], list[frozenset[str]]]] = defaultdict(
        lambda: ([], [])
    )
    for word, where in english.items():
        if french.get(word) != where:  # the same word in both labels ("laser", "TIG")
            by_usage[frozenset(where)][0].append(word)
    for word, where in french.items():
        if english.get(word) != where:
            by_usage[frozenset(where)][1].append(word)
    synonyms: dict[str, set[str]] = defaultdict(set)
    for words_en, words_fr in by_usage.values():
        if len(words_en) == 1 and len(words_fr) == 1:
            for stem in words_en[0]:
                synonyms[stem] |= words_fr[0]
            for stem in words_fr[0]:
                synonyms[stem] |= words_en[0]
    return {stem: frozenset(others) for stem, others in synonyms.items()}


def _label_index(
    concepts: Mapping[str, tuple[tuple[frozenset[str], ...], ...]],
) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for term, labels in concepts.items():
        for words in labels:
            for stem in words[0]:  # every word must match, so the first one suffices
                index[stem].add(term)
    return {stem: frozenset(terms) for stem, terms in index.items()}


def terms(text: str, bridge: Bridge = EMPTY_BRIDGE) -> frozenset[str]:
    """A text's terms: stems of both languages, their translations, and the concepts named."""
    found: set[str] = set()
    for word in tokens(text):
        found |= stems(word)
    for stem in list(found):
        found |= bridge.synonyms.get(stem, frozenset())
    found |= concepts_in(found, bridge)
    return frozenset(found)


def concepts_in(found: set[str] | frozenset[str], bridge: Bridge) -> set[str]:
    """Concepts whose English or French label has every word among the stems found."""
    candidates: set[str] = set()
    for stem in found:
        candidates |= bridge.label_index.get(stem, frozenset())
    return {
        term
        for term in candidates
        if any(all(words & found for words in label) for label in bridge.labels[term])
    }
