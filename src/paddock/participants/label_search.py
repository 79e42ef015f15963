"""What the taxonomy's labels teach the catalogue search; pure, fed by `queries.py`.

A search word that appears in a label, English or French, stands for that item and its
sub-items ("métaux" finds the companies offering stainless steel). A word of an English label
and a word of a French label used by exactly the same items, and nothing else, are taken as
translations ("copper" and "cuivre" name the copper item alone), so a word also finds free texts
written with its translation.
"""

from collections import defaultdict
from collections.abc import Iterable

from paddock.participants.text import fold

_MIN_WORD = 3  # "de", "d", "of": too short to translate


class LabelSearch:
    """Folded labels of the taxonomy, their items' sub-items and the words they translate."""

    def __init__(self, rows: Iterable[tuple[int, int | None, str, str]]) -> None:
        self.labels: list[tuple[int, str, str]] = []
        self.children: dict[int, list[int]] = defaultdict(list)
        english: dict[str, set[int]] = defaultdict(set)
        french: dict[str, set[int]] = defaultdict(set)
        for pk, parent_id, label_en, label_fr in rows:
            folded_en, folded_fr = fold(label_en), fold(label_fr)
            self.labels.append((pk, folded_en, folded_fr))
            if parent_id is not None:
                self.children[parent_id].append(pk)
            for word in folded_en.split():
                english[word].add(pk)
            for word in folded_fr.split():
                french[word].add(pk)
        self.translations = _translations(english, french)

    def categories(self, word: str) -> set[int]:
        """Items whose label holds `word` (folded), with all their sub-items."""
        found = {
            pk for pk, label_en, label_fr in self.labels if word in label_en or word in label_fr
        }
        pending = [child for pk in found for child in self.children.get(pk, ())]
        while pending:
            pk = pending.pop()
            if pk not in found:
                found.add(pk)
                pending.extend(self.children.get(pk, ()))
        return found

    def translated(self, word: str) -> set[str]:
        """The other language's words for the label words `word` begins ("cuivre" -> copper)."""
        return {
            other
            for label_word, others in self.translations.items()
            if label_word.startswith(word)
            for other in others
        }


def _translations(english: dict[str, set[int]], french: dict[str, set[int]]) -> dict[str, set[str]]:
    by_items: dict[frozenset[int], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for word, items in english.items():
        if len(word) >= _MIN_WORD and french.get(word) != items:
            by_items[frozenset(items)][0].append(word)
    for word, items in french.items():
        if len(word) >= _MIN_WORD and english.get(word) != items:
            by_items[frozenset(items)][1].append(word)
    found: dict[str, set[str]] = defaultdict(set)
    for words_en, words_fr in by_items.values():
        if len(words_en) == 1 and len(words_fr) == 1:
            found[words_en[0]].add(words_fr[0])
            found[words_fr[0]].add(words_en[0])
    return dict(found)
