"""Reusable reads about participants, companies and the capability taxonomy."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django_countries import countries

from paddock.events.models import Edition
from paddock.participants.enums import CategoryKind, ParticipantStatus
from paddock.participants.models import Category, Company, Need, Offer, Participant


def participant_for(edition: Edition, pk: int) -> Participant:
    """The participant `pk` of this edition, with user and company; 404 for any other."""
    return get_object_or_404(
        Participant.objects.select_related("user", "company"), edition=edition, pk=pk
    )


def participant_detail_for(edition: Edition, pk: int) -> Participant:
    """As `participant_for`, with the company's offers, needs and representatives loaded."""
    queryset = Participant.objects.select_related(
        "user", "company", "validated_by"
    ).prefetch_related(
        Prefetch("company__offers", Offer.objects.select_related("category")),
        Prefetch("company__needs", Need.objects.select_related("category")),
        Prefetch(
            "company__participants",
            Participant.objects.select_related("user").order_by("user__last_name"),
        ),
    )
    return get_object_or_404(queryset, edition=edition, pk=pk)


def filtered_participants(
    edition: Edition, *, role: str = "", country: str = "", search: str = ""
) -> QuerySet[Participant]:
    """The edition's participants narrowed by role, company country and a text search.

    The search looks in first and last name, email and company name.
    """
    queryset = edition.participants.select_related("user", "company")
    if role:
        queryset = queryset.filter(role=role)
    if country:
        queryset = queryset.filter(company__country=country)
    for word in search.split():
        queryset = queryset.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(company__name__icontains=word)
        )
    return queryset.order_by("company__name", "user__last_name", "user__first_name", "pk")


def status_counts(participants: QuerySet[Participant]) -> dict[str, int]:
    """Number of participants per status (every status present, zero included) and `all`."""
    counts = participants.aggregate(
        all=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in ParticipantStatus.values},
    )
    return {key: value or 0 for key, value in counts.items()}


def edition_countries(edition: Edition) -> list[tuple[str, str]]:
    """(code, name) of the countries of the edition's companies, sorted by name."""
    codes = edition.companies.order_by().values_list("country", flat=True).distinct()
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def companies_of(edition: Edition) -> QuerySet[Company]:
    return edition.companies.order_by("name")


@dataclass
class KindGroup:
    """The top-level items of one kind of capability, each carrying `tree_children`."""

    kind: str
    label: str
    roots: list[Category] = field(default_factory=list)
    count: int = 0


def category_tree() -> list[KindGroup]:
    """The whole taxonomy in one query, as one group per kind in the order of CategoryKind.

    Each category gets `tree_children` (ordered) and `depth` (0 for top-level items).
    """
    nodes = list(Category.objects.order_by("position", "label_en", "pk"))
    children: dict[int | None, list[Category]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    for node in nodes:
        node.tree_children = children.get(node.pk, [])  # type: ignore[attr-defined]
    groups = {kind: KindGroup(kind=kind, label=str(label)) for kind, label in CategoryKind.choices}
    for root in children.get(None, []):
        groups[root.kind].roots.append(root)
    for node in nodes:
        groups[node.kind].count += 1

    def set_depth(items: list[Category], depth: int) -> None:
        for item in items:
            item.depth = depth  # type: ignore[attr-defined]
            set_depth(item.tree_children, depth + 1)  # type: ignore[attr-defined]

    for group in groups.values():
        set_depth(group.roots, 0)
    return list(groups.values())


def flat_tree(groups: list[KindGroup]) -> list[tuple[KindGroup, list[Category]]]:
    """Each kind with its items in tree order (parents before their children)."""

    def walk(items: list[Category]) -> list[Category]:
        ordered = []
        for item in items:
            ordered.append(item)
            ordered.extend(walk(item.tree_children))  # type: ignore[attr-defined]
        return ordered

    return [(group, walk(group.roots)) for group in groups]


def descendant_ids(category: Category) -> set[int]:
    """Ids of every sub-item of `category`, at any depth, in one query."""
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(pk)
    found: set[int] = set()
    pending = list(children.get(category.pk, []))
    while pending:
        pk = pending.pop()
        if pk not in found:
            found.add(pk)
            pending.extend(children.get(pk, []))
    return found


def category_usage() -> Counter[int]:
    """Number of offers and needs (all editions) per category id, in two queries."""
    usage: Counter[int] = Counter()
    for model in (Offer, Need):
        rows = (
            model.objects.filter(category__isnull=False).values("category").annotate(n=Count("pk"))
        )
        for row in rows.order_by():
            usage[row["category"]] += row["n"]
    return usage
