"""The top recommendations of every participant of an edition, without scoring every pair.

Inverted indexes from categories (with their relatives in the taxonomy) and from the rarer words
of texts and labels to the groups of participants (see `matcher.py`) who offer or need them
propose candidates. Candidates are counted by how much they share, weighted like the score (a
same item counts more than a relative; complementary roles count), and only the best-placed are
matched in full with `Matcher`: 160 groups, or one group in 25 in large editions. At 15,000
participants (about 8,700 groups) that is 350 groups each, some 2 million pairs of groups
matched instead of 112 million pairs of participants.

Pure Python: no Django here. The pair score itself lives in `matcher.py`.
"""

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from paddock.matchmaking.data import BOTH, BUYER, SUPPLIER, Profile, Recommendation, Taxonomy
from paddock.matchmaking.matcher import Matcher, Prepared

_SAME_COUNT = 3  # how many times a shared category counts, against a relative's two
_RELATED_COUNT = 2
# Roles that complement each role; "both" complements every role, so it changes no ranking.
_COMPLEMENTS = {BUYER: (SUPPLIER, BOTH), SUPPLIER: (BUYER, BOTH), BOTH: ()}


class CandidateIndex:
    """Which groups offer or need each category and each word.

    Words shared by more than `common` groups are not indexed: they say little, and their
    lists would bring back the all-pairs loop. They still count in the full score.
    """

    def __init__(self, matcher: Matcher, *, common: int) -> None:
        self.matcher = matcher
        self.offer_categories = _postings(matcher.offers, lambda item: item.categories)
        self.need_categories = _postings(matcher.needs, lambda item: item.categories)
        self.offer_words = _postings(matcher.offers, lambda item: item.words, common)
        self.need_words = _postings(matcher.needs, lambda item: item.words, common)
        self._related: dict[tuple[int, int], set[int]] = {}

    def candidates(self, group: int, limit: int) -> list[int]:
        """Up to `limit` groups sharing the most with `group` (itself included)."""
        shared: Counter[int] = Counter()
        matcher = self.matcher
        self._count(shared, matcher.needs[group], self.offer_categories, self.offer_words)
        self._count(shared, matcher.offers[group], self.need_categories, self.need_words)
        # Complementary roles weigh about a third of a shared category in the score.
        roles = matcher.roles
        complements = _COMPLEMENTS[roles[group]]
        if complements:
            shared.update([other for other in shared if roles[other] in complements])
        return [other for other, _ in shared.most_common(limit)]

    def _count(
        self,
        shared: Counter[int],
        items: Sequence[Prepared],
        categories: dict[int, list[int]],
        words: Mapping[str, list[int]],
    ) -> None:
        for item in items:
            # Once per item, as in the score: its own category with its relatives, and the
            # categories its text names (without relatives: "in titanium" names a material).
            same = set().union(*(categories.get(category, ()) for category in item.categories))
            if item.category is not None:
                related = self._relatives(categories, item.category).difference(same)
                for _ in range(_RELATED_COUNT):
                    shared.update(related)
            for _ in range(_SAME_COUNT):
                shared.update(same)
            if item.words:
                shared.update(set().union(*(words.get(word, ()) for word in item.words)))

    def _relatives(self, categories: dict[int, list[int]], category: int) -> set[int]:
        """Groups with a relative of `category` but not itself (cached)."""
        key = (id(categories), category)
        found = self._related.get(key)
        if found is None:
            groups: set[int] = set()
            for relative in self.matcher.taxonomy.related(category):
                groups.update(categories.get(relative, ()))
            found = self._related[key] = groups.difference(categories.get(category, ()))
        return found


def _postings(
    items: Sequence[tuple[Prepared, ...]],
    keys: Callable[[Prepared], Iterable[int | str]],
    common: int | None = None,
) -> dict[Any, list[int]]:
    postings: dict[int | str, list[int]] = defaultdict(list)
    for group, prepared in enumerate(items):
        for key in {key for item in prepared for key in keys(item)}:
            postings[key].append(group)
    if common is None:
        return dict(postings)
    return {key: groups for key, groups in postings.items() if len(groups) <= common}


def top_recommendations(
    participants: Iterable[Profile], taxonomy: Taxonomy, *, per_participant: int = 20
) -> dict[int, list[Recommendation]]:
    """Each participant's best recommendations, best first (ties by the other's id)."""
    matcher = Matcher(participants, taxonomy)
    members = _members(matcher)
    index = CandidateIndex(matcher, common=max(50, len(members) // 20))
    # Ties in the counts at the cut grow with the edition: so does the number matched in full.
    limit = max(8 * per_participant, 50, min(len(members) // 25, 25 * per_participant))
    result: dict[int, list[Recommendation]] = {}
    # A pair of groups is matched once: kept here until the second group of the pair comes.
    pending: dict[tuple[int, int], float] = {}
    for group, people in enumerate(members):
        matched = []
        for other in index.candidates(group, limit):
            value = pending.pop((other, group), None) if other < group else None
            if value is None:
                value = matcher.matched(group, other)
                if other > group:
                    pending[group, other] = value
            if value > 0:
                matched.append((value, members[other]))
        matched.sort(key=lambda pair: -pair[0])
        for pid in people:
            best = matcher.best_for(pid, matched, per_participant)
            result[pid] = [matcher.recommend(pid, other, score) for score, other in best]
    return result


def naive_top_recommendations(
    participants: Iterable[Profile], taxonomy: Taxonomy, *, per_participant: int = 20
) -> dict[int, list[Recommendation]]:
    """The same, scoring every pair: the reference for tests and the benchmark."""
    matcher = Matcher(participants, taxonomy)
    result = {}
    for pid in matcher.profiles:
        scored = [(matcher.score(pid, other), other) for other in matcher.profiles if other != pid]
        result[pid] = _best(matcher, pid, scored, per_participant)
    return result


def _members(matcher: Matcher) -> list[list[int]]:
    members: list[list[int]] = [[] for _ in matcher.needs]
    for pid, group in matcher.group_of.items():
        members[group].append(pid)
    return members


def _best(
    matcher: Matcher, pid: int, scored: list[tuple[float, int]], count: int
) -> list[Recommendation]:
    best = heapq.nsmallest(count, (pair for pair in scored if pair[0] > 0), key=_by_rank)
    return [matcher.recommend(pid, other, score) for score, other in best]


def _by_rank(pair: tuple[float, int]) -> tuple[float, int]:
    return (-pair[0], pair[1])


def weigh_repeat_pairs(
    found: Mapping[int, Sequence[Recommendation]],
    met: set[frozenset[int]],
    *,
    factor: float,
    per_participant: int,
) -> dict[int, list[Recommendation]]:
    """Each participant's recommendations with pairs in `met` scored times `factor`, best
    first again (ties by the other's id), cut to `per_participant`."""
    result = {}
    for pid, recommendations in found.items():
        weighed = [
            replace(r, score=r.score * factor) if frozenset((pid, r.other_id)) in met else r
            for r in recommendations
        ]
        weighed.sort(key=lambda r: (-r.score, r.other_id))
        result[pid] = weighed[:per_participant]
    return result
