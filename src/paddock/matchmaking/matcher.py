"""The score of a pair of participants, and its reasons.

A pair scores what each side needs against what the other offers (both ways), over the taxonomy
(same item > child > parent; siblings do not count) and over the free text (French and English, see
`text.py`), plus a bonus when one buys what the other sells and a small penalty when they share
no language (flagged "interpreter needed", never a veto). Two people of one company never pair.

Representatives of one company share its offers and needs (and mostly its role), so the matching
part is computed once per "group" of participants with the same offers, needs and role.
Pure Python: no Django here.
"""

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from paddock.matchmaking.data import Item, Profile, Recommendation, Relation, Taxonomy
from paddock.matchmaking.text import CONCEPT_PREFIX, Bridge, build_bridge, concept, terms


@dataclass(frozen=True)
class Weights:
    same: float = 1.0
    narrower: float = 0.75  # they offer a kind of what is needed (need: metals; offer: steel)
    broader: float = 0.5  # they offer the family of what is needed (need: steel; offer: metals)
    # Siblings (stainless steel, aluminium alloys) count as unrelated: their texts alone.
    text: float = 0.8  # free text alone, when the categories are unrelated or missing
    text_bonus: float = 0.2  # free text on top of a taxonomy relation
    concept: float = 2.0  # a taxonomy item named in the text weighs more than a word
    min_match: float = 0.15  # weaker matches are noise
    needs: tuple[float, ...] = (1.0, 0.5, 0.25)  # best matched need, second, third
    roles: float = 0.3
    interpreter: float = -0.2


WEIGHTS = Weights()
_MATCH_CACHE_SIZE = 2_000_000  # item pairs, about 200 MB at most


class Prepared:
    """An offer or a need with its weighted term vector and what it is indexed under."""

    __slots__ = (
        "categories",
        "category",
        "index",
        "item",
        "json",
        "text_vector",
        "vector",
        "words",
    )

    def __init__(
        self, index: int, item: Item, vector: dict[str, float], text_vector: dict[str, float]
    ) -> None:
        self.index = index  # position among the edition's distinct items, for the match cache
        self.item = item
        self.json = item.as_json()  # shared by every reason that quotes it
        self.category = item.category_id
        self.vector = vector  # its text's terms and its category's labels
        self.text_vector = text_vector  # its text's terms alone
        self.categories: frozenset[int] = frozenset()  # its own and those named in its text
        self.words: frozenset[str] = frozenset()  # stems of its text and category labels


@dataclass(frozen=True)
class Match:
    value: float
    need: Prepared
    offer: Prepared
    relation: Relation


class Matcher:
    """Scores pairs of one edition's participants; term weights come from the whole edition."""

    def __init__(
        self, participants: Iterable[Profile], taxonomy: Taxonomy, weights: Weights = WEIGHTS
    ) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.profiles = {profile.id: profile for profile in participants}
        prepared = self._prepare({item: None for p in self.profiles.values() for item in p.items})
        self._stride = len(prepared)
        signatures: dict[tuple[tuple[Item, ...], tuple[Item, ...], str], int] = {}
        self.group_of = {
            pid: signatures.setdefault((p.needs, p.offers, p.role), len(signatures))
            for pid, p in self.profiles.items()
        }
        self.needs = [tuple(prepared[item] for item in needs) for needs, _, _ in signatures]
        self.offers = [tuple(prepared[item] for item in offers) for _, offers, _ in signatures]
        self.roles = [role for _, _, role in signatures]
        # The hot loop works on cache keys: need index * stride + offer index.
        self._items = sorted(prepared.values(), key=lambda ready: ready.index)
        self._need_keys = [tuple(n.index * self._stride for n in needs) for needs in self.needs]
        self._offer_keys = [tuple(o.index for o in offers) for offers in self.offers]
        self._first_need = weights.needs[0]
        self._relation_values = {
            Relation.SAME: weights.same,
            Relation.NARROWER: weights.narrower,
            Relation.BROADER: weights.broader,
        }
        self._relations: dict[tuple[int, int], Relation] = {}
        # Many items are a bare category: the same pair of items recurs in many pairs of groups.
        self._matches: dict[int, float] = {}

    def _prepare(self, items: Iterable[Item]) -> dict[Item, Prepared]:
        bridge = build_bridge(
            (category.id, category.label_en, category.label_fr)
            for category in self.taxonomy.categories.values()
        )
        from_text = {item: terms(item.text, bridge) for item in items}
        full = {item: self._with_labels(item, found, bridge) for item, found in from_text.items()}
        idf = _inverse_document_frequency(full.values())
        prepared = {}
        for index, (item, item_terms) in enumerate(full.items()):
            vector, own = self._vector(item_terms, idf), self._vector(from_text[item], idf)
            ready = prepared[item] = Prepared(index, item, vector, own)
            named = {int(term[1:]) for term in from_text[item] if term[0] == CONCEPT_PREFIX}
            own = {item.category_id} if item.category_id is not None else set()
            ready.categories = frozenset(named | own)
            ready.words = frozenset(t for t in item_terms if t[0] != CONCEPT_PREFIX)
        return prepared

    def _with_labels(self, item: Item, found: frozenset[str], bridge: Bridge) -> frozenset[str]:
        if item.category_id is None or item.category_id not in self.taxonomy.categories:
            return found
        category = self.taxonomy.categories[item.category_id]
        labels = terms(f"{category.label_en} {category.label_fr}", bridge)
        return found | labels | {concept(category.id)}

    def _vector(self, item_terms: frozenset[str], idf: Mapping[str, float]) -> dict[str, float]:
        boost = self.weights.concept
        raw = {t: idf[t] * (boost if t[0] == CONCEPT_PREFIX else 1.0) for t in item_terms}
        norm = math.sqrt(sum(weight * weight for weight in raw.values())) or 1.0
        return {term: weight / norm for term, weight in raw.items()}

    def relation(self, first: int, second: int) -> Relation:
        key = (first, second)
        found = self._relations.get(key)
        if found is None:
            found = self._relations[key] = self.taxonomy.relation(first, second)
        return found

    def match(self, need: Prepared, offer: Prepared) -> float:
        """How well one offer answers one need; 0 below the noise threshold."""
        value = self._matches.get(need.index * self._stride + offer.index)
        return self._fill(need, offer) if value is None else value

    def _fill(self, need: Prepared, offer: Prepared) -> float:
        """Compute and cache one match (a miss of the hot loop: kept in one function)."""
        weights = self.weights
        first, second = need.vector, offer.vector
        similarity = sum([first[term] * second[term] for term in first.keys() & second.keys()])
        relation = Relation.NONE
        if need.category is not None and offer.category is not None:
            relation = self.relation(need.category, offer.category)
            if relation not in self._relation_values:
                # Unrelated or sibling items: their own words may match, never their labels
                # ("Stainless steel" and "Aluminium alloys" share "metals" in no text).
                first, second = need.text_vector, offer.text_vector
                similarity = sum(
                    [first[term] * second[term] for term in first.keys() & second.keys()]
                )
        value = self._relation_values.get(relation)
        if value is None:
            value = weights.text * similarity
        else:
            value += weights.text_bonus * similarity
        if value < weights.min_match:
            value = 0.0
        if len(self._matches) > _MATCH_CACHE_SIZE:
            self._matches.clear()
        self._matches[need.index * self._stride + offer.index] = value
        return value

    def _side(self, needer: int, offerer: int) -> float:
        """Best offer per need, the best needs weighted 1, 1/2, 1/4 (the hot loop: inlined)."""
        bases, offers = self._need_keys[needer], self._offer_keys[offerer]
        if not bases or not offers:
            return 0.0
        cache, items, stride = self._matches, self._items, self._stride
        best = []
        for base in bases:
            value = 0.0
            for offer in offers:
                found = cache.get(base + offer)
                if found is None:
                    found = self._fill(items[base // stride], items[offer])
                if found > value:  # noqa: PLR1730 - max() costs a call in the hottest loop
                    value = found
            if value:
                best.append(value)
        if len(best) < 2:
            return best[0] * self._first_need if best else 0.0
        best.sort(reverse=True)
        return sum(value * weight for value, weight in zip(best, self.weights.needs, strict=False))

    def matched(self, first: int, second: int) -> float:
        """What two groups need and offer each other, both ways (roles and languages aside)."""
        return self._side(first, second) + self._side(second, first)

    def combine(self, matched: float, a: Profile, b: Profile) -> float:
        """The pair's score from its groups' match; 0 when not to be recommended."""
        if matched == 0.0 or a.company_id == b.company_id:
            return 0.0
        bonus = self.weights.roles if (a.buys and b.sells) or (a.sells and b.buys) else 0.0
        if needs_interpreter(a, b):
            bonus += self.weights.interpreter
        # The interpreter penalty lowers the rank but never removes the pair.
        return round(max(matched + bonus, matched / 2), 6)

    def best_for(
        self, reader: int, matched: Iterable[tuple[float, Iterable[int]]], count: int
    ) -> list[tuple[float, int]]:
        """The `count` best (score, other) for one reader, best first (ties by the other's id).

        `matched` holds group match values with the groups' members, highest value first: the
        loop stops once no bonus could lift a value into the list (the hot loop: inlined).
        """
        me = self.profiles[reader]
        profiles, roles, interpreter = self.profiles, self.weights.roles, self.weights.interpreter
        buys, sells, languages = me.buys, me.sells, me.languages
        kept: list[tuple[float, int]] = []  # a heap of (score, -other): the worst on top
        for value, others in matched:
            if len(kept) == count and value + roles < kept[0][0]:
                break
            for other in others:
                them = profiles[other]
                if them.company_id == me.company_id:
                    continue
                bonus = roles if (buys and them.sells) or (sells and them.buys) else 0.0
                if languages and them.languages and not languages & them.languages:
                    bonus += interpreter
                entry = (round(max(value + bonus, value / 2), 6), -other)
                if len(kept) < count:
                    heapq.heappush(kept, entry)
                elif entry > kept[0]:
                    heapq.heapreplace(kept, entry)
        return [(score, -negated) for score, negated in sorted(kept, reverse=True)]

    def score(self, first: int, second: int) -> float:
        """The score of two participants; 0 when they should not be recommended."""
        a, b = self.profiles[first], self.profiles[second]
        if a.company_id == b.company_id:
            return 0.0
        return self.combine(self.matched(self.group_of[first], self.group_of[second]), a, b)

    def matches(self, needer: int, offerer: int) -> list[Match]:
        """The best offer of `offerer` for each need of `needer` that it answers, best first."""
        found = []
        offers = self.offers[self.group_of[offerer]]
        for need in self.needs[self.group_of[needer]]:
            value, best = 0.0, None
            for offer in offers:
                candidate = self.match(need, offer)
                if candidate > value:
                    value, best = candidate, offer
            if best is not None:
                relation = Relation.NONE
                if need.category is not None and best.category is not None:
                    relation = self.relation(need.category, best.category)
                found.append(Match(value, need, best, relation))
        return sorted(found, key=lambda match: -match.value)

    def recommend(self, reader: int, other: int, score: float) -> Recommendation:
        """The recommendation of `other` to `reader` with its reasons."""
        return Recommendation(
            other_id=other, score=score, reasons=tuple(explain(self, reader, other))
        )


def _inverse_document_frequency(documents: Iterable[frozenset[str]]) -> dict[str, float]:
    frequency: Counter[str] = Counter()
    count = 0
    for document in documents:
        frequency.update(document)
        count += 1
    return {term: math.log(1 + count / seen) for term, seen in frequency.items()}


def needs_interpreter(a: Profile, b: Profile) -> bool:
    return bool(a.languages and b.languages and not a.languages & b.languages)


def explain(matcher: Matcher, reader: int, other: int) -> list[dict[str, Any]]:
    """The reasons to recommend `other` to `reader`, as JSON-ready structures, best first."""
    a, b = matcher.profiles[reader], matcher.profiles[other]
    they_offer = [("they_offer", m) for m in matcher.matches(reader, other)]
    they_need = [("they_need", m) for m in matcher.matches(other, reader)]
    best = sorted([*they_offer[:2], *they_need[:2]], key=lambda pair: -pair[1].value)[:3]
    reasons: list[dict[str, Any]] = [
        {
            "code": code,
            "need": m.need.json,
            "offer": m.offer.json,
            "relation": m.relation.value,
        }
        for code, m in best
    ]
    if they_offer and they_need:
        reasons.append(_MUTUAL)
    roles = _roles(a, b)
    if roles:
        reasons.append(_ROLES[roles])
    if needs_interpreter(a, b):
        reasons.append(
            {"code": "interpreter", "mine": sorted(a.languages), "theirs": sorted(b.languages)}
        )
    return reasons


# Reasons without details are shared by every recommendation: never mutate them.
_MUTUAL = {"code": "mutual"}
_ROLES = {
    kind: {"code": "roles", "kind": kind} for kind in ("they_supply", "they_buy", "both_ways")
}


def _roles(a: Profile, b: Profile) -> str:
    they_supply, they_buy = a.buys and b.sells, a.sells and b.buys
    if they_supply and they_buy:
        return "both_ways"
    if they_supply:
        return "they_supply"
    return "they_buy" if they_buy else ""
