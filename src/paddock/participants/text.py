"""Text folding for the catalogue search and for comparing company names; pure, so that
migrations may use it too."""

import re
import unicodedata
from functools import lru_cache

import icu

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


# ICU's implementation of Unicode's confusables (UTS #39): `getSkeleton` maps each character to
# the prototype it looks like (Cyrillic "\u0410" to "A", Greek "\u03bf" to "o"). Its methods
# are const in ICU, so one checker serves every thread.
_SPOOF_CHECKER = icu.SpoofChecker()


@lru_cache(maxsize=8192)
def look_alike(char: str) -> str:
    """What a non-ASCII character reads as in a name compared up to case and accents: its
    UTS #39 prototype, in lower case, one answer for both cases of a letter
    (Cyrillic "\u0410" and "\u0430" read as "a", "\u041c" and "\u043c" as "m"; Greek
    "\u0399" as "i").

    The capital's prototype decides when it is plain ASCII, since capitals are where most
    letters of other scripts pass for Latin ones (Greek "\u0397" reads as "H", so "\u03b7"
    does too); else the small letter's (Cyrillic "\u0433" reads as "r"); else the small
    letter's prototype as it is ("\u0436" stays "\u0436"). A capital whose prototype is the
    stroke "l" reads as "i": the skeleton does not tell "I" from "l", a name compared up to
    case must."""
    for form in (char.upper(), char.casefold()):
        prototype = _prototype(form)
        if prototype.isascii():
            return "i" if prototype == "l" and form.isupper() else prototype.casefold()
    return _prototype(char.casefold()).casefold()


def _prototype(text: str) -> str:
    # Decomposed, marks kept: a mark the skeleton adds (the bar of "\u03b8", read as an "O"
    # with a bar) tells letters apart, unlike the accents typed, which the callers drop.
    return unicodedata.normalize("NFKD", _SPOOF_CHECKER.getSkeleton(0, text))
