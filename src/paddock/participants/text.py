"""Text folding for the catalogue search; pure, so that migrations may use it too."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CUT_PUNCTUATION = " .,;:!?\u00a0-–—(«\"'’"


def fold(text: str) -> str:
    """Lower case, without accents, words separated by single spaces.

    "Fabrication additive (Métal)" -> "fabrication additive metal"; ligatures such as "œ"
    become "oe" so that French spellings match what people type.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", bare.replace("æ", "ae")).strip()


def search_words(query: str) -> list[str]:
    """The folded words of a search, duplicates and one-letter words left out, at most 8."""
    words = []
    for word in fold(query).split():
        if len(word) > 1 and word not in words:
            words.append(word)
    return words[:8]


def with_ellipsis(cut: str) -> str:
    """A text cut short, ending with a single "…": "aluminium, " -> "aluminium…"."""
    return cut.rstrip(_CUT_PUNCTUATION) + "…"


def first_words(text: str, count: int) -> str:
    """The first `count` words, then a single "…": "aluminium…", never "aluminium, …"."""
    words = str(text).split()
    if len(words) <= count:
        return " ".join(words)
    return with_ellipsis(" ".join(words[:count]))
