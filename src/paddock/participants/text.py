"""Text folding for the catalogue search and for comparing company names; pure, so that
migrations may use it too."""

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


def look_alike(char: str) -> str:
    """What a non-ASCII character reads as in a name compared up to case and accents: its
    Unicode confusables (UTS #39) prototype, in lower case, one answer for both cases of a
    letter (Cyrillic "\u0410" and "\u0430" read as "a"; Greek "\u0399" as "i"); its lower
    case when it looks like no other. The readings are a table written from ICU's data by
    `scripts/make_look_alikes.py`, which says how each is chosen."""
    from paddock.participants.look_alikes import LOOK_ALIKES  # 2,500 rows: only when needed

    return LOOK_ALIKES.get(char, char.casefold())
