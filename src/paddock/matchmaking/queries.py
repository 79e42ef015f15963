"""Reads for matchmaking: an edition as plain data for scoring, and a reader's recommendations."""

from collections import defaultdict
from dataclasses import dataclass

from paddock.events.models import Edition
from paddock.matchmaking.data import Category as CategoryData
from paddock.matchmaking.data import Item, Profile, Taxonomy
from paddock.matchmaking.models import Recommendation
from paddock.matchmaking.reasons import needs_interpreter, render_reasons
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Category, Need, Offer, Participant


def load_taxonomy() -> Taxonomy:
    """The whole capability taxonomy (one query; it does not grow with editions)."""
    rows = Category.objects.values_list("id", "parent_id", "label_en", "label_fr")
    return Taxonomy.of(CategoryData(*row) for row in rows)


def matchmaking_input(edition: Edition) -> tuple[Taxonomy, list[Profile]]:
    """The edition's validated participants with their company's offers and needs (4 queries).

    Only validated participants are matched: nobody sees another before validation.
    """
    offers = _items_by_company(Offer, edition)
    needs = _items_by_company(Need, edition)
    rows = (
        Participant.objects.filter(edition=edition, status=ParticipantStatus.VALIDATED)
        .order_by("id")
        .values_list("id", "company_id", "role", "languages")
    )
    profiles = [
        Profile(
            id=pid,
            company_id=company_id,
            role=role,
            languages=frozenset(languages or ()),
            offers=offers.get(company_id, ()),
            needs=needs.get(company_id, ()),
        )
        for pid, company_id, role, languages in rows
    ]
    return load_taxonomy(), profiles


def _items_by_company(
    model: type[Offer] | type[Need], edition: Edition
) -> dict[int, tuple[Item, ...]]:
    found: dict[int, list[Item]] = defaultdict(list)
    rows = (
        model.objects.filter(company__edition=edition)
        .order_by("id")
        .values_list("company_id", "category_id", "text")
    )
    for company_id, category_id, text in rows:
        found[company_id].append(Item(category_id=category_id, text=text))
    return {company_id: tuple(items) for company_id, items in found.items()}


@dataclass(frozen=True)
class ShownRecommendation:
    """A recommendation ready to show: the other participant (with user and company loaded)."""

    other: Participant
    score: float
    reasons: list[str]
    interpreter_needed: bool


def recommendations_for(participant: Participant, language: str) -> list[ShownRecommendation]:
    """The participant's stored recommendations, best first, reasons in `language` (2 queries)."""
    rows = (
        Recommendation.objects.filter(
            participant=participant, other__status=ParticipantStatus.VALIDATED
        )
        .select_related("other__user", "other__company")
        .order_by("-score", "other_id")
    )
    rows = list(rows)
    if not rows:
        return []
    labels = load_taxonomy()
    return [
        ShownRecommendation(
            other=row.other,
            score=row.score,
            reasons=render_reasons(row.reasons, labels, language),
            interpreter_needed=needs_interpreter(row.reasons),
        )
        for row in rows
    ]
