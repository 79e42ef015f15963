"""The plain data matchmaking works on: the taxonomy, participants, their offers and needs.

`queries.py` builds these from the database; tests and the benchmark build them by hand.
No Django here.
"""

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

BUYER = "buyer"
SUPPLIER = "supplier"
BOTH = "both"


class Relation(enum.Enum):
    """How two taxonomy items are related, strongest first."""

    SAME = "same"
    NARROWER = "narrower"  # the second is a child (or further descendant) of the first
    BROADER = "broader"  # the second is a parent (or further ancestor) of the first
    SIBLING = "sibling"  # same parent: stainless steel and aluminium alloys are not a match
    NONE = "none"


@dataclass(frozen=True)
class Category:
    id: int
    parent_id: int | None
    label_en: str
    label_fr: str

    def label(self, language: str) -> str:
        return self.label_fr if language.startswith("fr") else self.label_en


@dataclass(frozen=True)
class Taxonomy:
    categories: Mapping[int, Category]

    @classmethod
    def of(cls, categories: Iterable[Category]) -> "Taxonomy":
        return cls({category.id: category for category in categories})

    @cached_property
    def _children(self) -> dict[int | None, list[int]]:
        children: dict[int | None, list[int]] = defaultdict(list)
        for category in self.categories.values():
            children[category.parent_id].append(category.id)
        return children

    @cached_property
    def _ancestors(self) -> dict[int, tuple[int, ...]]:
        return {category_id: self._walk_up(category_id) for category_id in self.categories}

    def _walk_up(self, category_id: int) -> tuple[int, ...]:
        found: list[int] = []
        parent = self.categories[category_id].parent_id
        while parent is not None and parent in self.categories and parent not in found:
            found.append(parent)
            parent = self.categories[parent].parent_id
        return tuple(found)

    def ancestors(self, category_id: int) -> tuple[int, ...]:
        return self._ancestors.get(category_id, ())

    def relation(self, first: int, second: int) -> Relation:
        if first == second:
            return Relation.SAME
        parent = self.categories[first].parent_id if first in self.categories else None
        if parent is not None and parent == self.categories.get(second, _NO_CATEGORY).parent_id:
            return Relation.SIBLING
        if first in self.ancestors(second):
            return Relation.NARROWER
        if second in self.ancestors(first):
            return Relation.BROADER
        return Relation.NONE

    @cached_property
    def _related(self) -> dict[int, tuple[int, ...]]:
        return {category_id: self._find_related(category_id) for category_id in self.categories}

    def _find_related(self, category_id: int) -> tuple[int, ...]:
        below: list[int] = []
        stack = list(self._children[category_id])
        while stack:
            child = stack.pop()
            below.append(child)
            stack.extend(self._children[child])
        related = {*self.ancestors(category_id), *below} - {category_id}
        return tuple(sorted(related))

    def related(self, category_id: int) -> tuple[int, ...]:
        """Ancestors and descendants: every item whose relation counts in the score but SAME."""
        return self._related.get(category_id, ())

    def label(self, category_id: int, language: str) -> str:
        category = self.categories.get(category_id)
        return category.label(language) if category else ""


_NO_CATEGORY = Category(id=-1, parent_id=None, label_en="", label_fr="")


@dataclass(frozen=True)
class Item:
    """One offer or need: a taxonomy item, free text, or both."""

    category_id: int | None = None
    text: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"category": self.category_id, "text": self.text}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Item":
        return cls(category_id=data.get("category"), text=data.get("text", ""))


@dataclass(frozen=True)
class Profile:
    """What matchmaking knows of one participant."""

    id: int
    company_id: int
    role: str = BOTH
    languages: frozenset[str] = frozenset()
    offers: tuple[Item, ...] = ()
    needs: tuple[Item, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return (*self.offers, *self.needs)

    @property
    def buys(self) -> bool:
        return self.role in (BUYER, BOTH)

    @property
    def sells(self) -> bool:
        return self.role in (SUPPLIER, BOTH)


@dataclass(frozen=True)
class Recommendation:
    """Another participant worth meeting, with the reasons as JSON-ready structures.

    The reasons are written from the point of view of the participant who receives the
    recommendation; `reasons.py` renders them in words.
    """

    other_id: int
    score: float
    reasons: tuple[dict[str, Any], ...] = field(default=())
