"""Reusable reads about participants, companies and the capability taxonomy."""

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import models
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django_countries import countries

from paddock.core.prepared import Param, Prepared
from paddock.core.prepared_in import PreparedIn
from paddock.core.text import plain_words
from paddock.events.models import Edition, TimeSlot
from paddock.participants.enums import (
    AWAITING_CONSENT,
    CategoryKind,
    JoinRequestStatus,
    ParticipantRole,
    ParticipantStatus,
)
from paddock.participants.label_search import LabelSearch
from paddock.participants.models import (
    Attachment,
    CapabilityItem,
    Category,
    Company,
    JoinRequest,
    Need,
    Offer,
    Participant,
)
from paddock.participants.text import first_words, fold, look_alike, search_words


def name_for_organisers_sql(part: str) -> Case:
    """`Participant.names_for_organisers` in SQL: the name given at the invitation until the
    person accepts, the account's afterwards."""
    return Case(
        When(status__in=AWAITING_CONSENT, then=F(f"invited_{part}")),
        default=F(f"user__{part}"),
    )


def email_for_organisers_sql() -> Case:
    """`Participant.email_for_organisers` in SQL: the address typed at the invitation until
    the person accepts, the account's afterwards."""
    return Case(
        When(status__in=AWAITING_CONSENT, then=F("invited_email")), default=F("user__email")
    )


def participant_for(edition: Edition, pk: int) -> Participant:
    """The participant `pk` of this edition, with user and company; 404 for any other."""
    return get_object_or_404(
        Participant.objects.select_related("user", "company"), edition=edition, pk=pk
    )


def accepted_participant_for(edition: Edition, pk: int) -> Participant:
    """As `participant_for`, for a person who accepted (registered or validated): a badge or
    an agenda would print an account's names that its owner has not agreed to show (404)."""
    return get_object_or_404(
        Participant.objects.select_related("user", "company").exclude(status__in=AWAITING_CONSENT),
        edition=edition,
        pk=pk,
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
            # By the names organisers may see, as the list orders them.
            Participant.objects.select_related("user").order_by(
                name_for_organisers_sql("last_name"), "pk"
            ),
        ),
    )
    return get_object_or_404(queryset, edition=edition, pk=pk)


def filtered_participants(
    edition: Edition, *, role: str = "", country: str = "", search: str = ""
) -> QuerySet[Participant]:
    """The edition's participants narrowed by role, company country and a text search.

    The search looks in first and last name (as organisers may see them, like the order),
    email and company name.
    """
    queryset = _in_list_order(
        Participant.objects.select_related("user", "company"), edition=edition
    )
    if role:
        queryset = queryset.filter(role=role)
    if country:
        queryset = queryset.filter(company__country=country)
    for word in plain_words(search):
        queryset = queryset.filter(
            Q(shown_first_name__icontains=word)
            | Q(shown_last_name__icontains=word)
            | Q(shown_email__icontains=word)
            | Q(company__name__icontains=word)
        )
    return queryset


def _in_list_order(participants: QuerySet[Participant], *, edition: Any) -> QuerySet[Participant]:
    """The edition's participants with the names and address organisers may see (`shown_*`),
    ordered by company, then by those names.

    The companies are filtered by the edition too (a participant's company is always of its
    edition): PostgreSQL then reads them in name order from their unique index and stops after
    a page's people, instead of joining and sorting the whole edition (2,000 people and their
    users: 2.7 ms -> 0.2 ms for the list's first page, issue 16)."""
    return (
        participants.filter(edition=edition, company__edition=edition)
        .alias(
            shown_first_name=name_for_organisers_sql("first_name"),
            shown_last_name=name_for_organisers_sql("last_name"),
            shown_email=email_for_organisers_sql(),
        )
        .order_by("company__name", "shown_last_name", "shown_first_name", "pk")
    )


@dataclass(frozen=True)
class ParticipantRow:
    """What a row of the organiser's participants list shows, as plain values: reading 50
    participants with their users and companies as models cost some 14,000 Python calls
    (issue 16)."""

    pk: int
    first_name: str
    last_name: str
    email: str
    job_title: str
    company_name: str
    country_name: str
    role: str
    status: str
    languages: list[str]

    @classmethod
    def of(cls, participant: Participant) -> "ParticipantRow":
        """The row of one participant read as a model (with user and company)."""
        company = participant.company
        values: tuple[Any, ...] = (participant.pk, *participant.names_for_organisers())
        values += (participant.email_for_organisers(),)
        values += (participant.job_title, company.name, company.country.code, participant.role)
        return participant_rows([(*values, participant.status, participant.languages)])[0]


_ROW_FIELDS = (
    "pk",
    name_for_organisers_sql("first_name"),
    name_for_organisers_sql("last_name"),
    email_for_organisers_sql(),
    "job_title",
    "company__name",
    "company__country",
    "role",
    "status",
    "languages",
)


def participant_row_values(participants: QuerySet[Participant]) -> QuerySet[Any]:
    """The participants' rows as tuples, in their order, to paginate (`participant_rows`)."""
    return participants.values_list(*_ROW_FIELDS)


# The organiser's list as it opens, or one status tab of it, at every load: a page of its
# rows by a query compiled once. Building the list's query, with the names organisers may
# see, and compiling it cost Django some 3,500 calls a page (issue 16).
_LIST_PAGE = Prepared(
    lambda: _in_list_order(
        Participant.objects.all(), edition=Param("edition", models.BigIntegerField())
    ).values_list(*_ROW_FIELDS)
)
_LIST_PAGE_OF_STATUS = Prepared(
    lambda: _in_list_order(
        Participant.objects.filter(status=Param("status", models.CharField())),
        edition=Param("edition", models.BigIntegerField()),
    ).values_list(*_ROW_FIELDS)
)


@dataclass(frozen=True)
class ListedRowValues:
    """`participant_row_values(filtered_participants(edition))` of one status ('' for all)
    for a Paginator: `count` rows (the status counts know it), each slice one query."""

    edition: int
    status: str
    count: int

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, page: slice) -> list[tuple[Any, ...]]:
        offset, end = page.start or 0, page.stop
        if end <= offset:  # an empty slice: no query, as for a queryset
            return []
        if self.status:
            return _LIST_PAGE_OF_STATUS.page(
                offset, end - offset, edition=self.edition, status=self.status
            )
        return _LIST_PAGE.page(offset, end - offset, edition=self.edition)


def participant_rows(values: Iterable[tuple[Any, ...]]) -> list[ParticipantRow]:
    """Rows from `participant_row_values`."""
    rows, language = [], get_language()
    for pk, first, last, email, title, company, country, role, status, languages in values:
        rows.append(
            ParticipantRow(
                pk=pk,
                first_name=first,
                last_name=last,
                email=email,
                job_title=title,
                company_name=company,
                country_name=_country_name(language, country),
                role=role,
                status=status,
                languages=languages or [],
            )
        )
    return rows


def status_counts(participants: QuerySet[Participant]) -> dict[str, int]:
    """Number of participants per status (every status present, zero included) and `all`."""
    counts = participants.aggregate(
        all=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in ParticipantStatus.values},
    )
    return {key: value or 0 for key, value in counts.items()}


# The status tabs of the organiser's list without a filter, at every load: compiled once.
_EDITION_STATUS_COUNTS = Prepared(
    lambda: (
        Participant.objects.filter(edition=Param("edition", models.BigIntegerField()))
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
)


def edition_status_counts(edition: Edition) -> dict[str, int]:
    """`status_counts` of all the edition's participants."""
    found = dict(_EDITION_STATUS_COUNTS.rows(edition=edition.pk))
    counts = {status: found.get(status, 0) for status in ParticipantStatus.values}
    return {"all": sum(found.values()), **counts}


# The catalogue's filters, on every page of it: compiled once (paddock.core.prepared).
_EDITION_COUNTRIES = Prepared(
    lambda: (
        Company.objects.filter(edition=Param("edition", models.BigIntegerField()))
        .order_by()
        .values_list("country")
        .distinct()
    )
)


def edition_countries(edition: Edition) -> list[tuple[str, str]]:
    """(code, name) of the countries of the edition's companies, sorted by name."""
    names = country_names(code for (code,) in _EDITION_COUNTRIES.rows(edition=edition.pk))
    return sorted(names.items(), key=lambda pair: pair[1])


def country_name(code: str) -> str:
    """The country's name in the active language ('' for an unknown code). Remembered for each
    language and code: django-countries looks a name up in some 40 Python calls, and the
    participants list names up to 50 countries a page (issue 16)."""
    return _country_name(get_language(), code)


def country_names(codes: Iterable[str]) -> dict[str, str]:
    """`country_name` of each code, the language read once for them all: 20 calls apiece."""
    language = get_language()
    return {code: _country_name(language, code) for code in codes}


@lru_cache(maxsize=4096)
def _country_name(language: str | None, code: str) -> str:
    # `language` is the active one, passed as part of the key only.
    return str(countries.name(code))


def companies_of(edition: Edition) -> QuerySet[Company]:
    return edition.companies.order_by("name")


# Typed, curly and modifier apostrophes: "l'Huisne" from a keyboard, "l\u2019Huisne" from a word
# processor.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc`\u00b4", "'"))


def name_key(name: str) -> str:
    """A company name as compared for sameness: any case, any spacing, any accent, any
    apostrophe ("rivalco  a" is "RivalCo A", "mecanique de l'huisne" is "Mécanique de
    l\u2019Huisne", with a curly apostrophe), any invisible character (a zero-width space
    or joiner, a soft hyphen): "Rival\u200bCo A" reads as "RivalCo A", and is it; and any
    letter of another script that looks like a Latin one: "RivalCo \u0410", with a Cyrillic
    "\u0410", is RivalCo A too (issue 16; `text.look_alike`). Plain ASCII stays as typed: "C1"
    and "CL" are two names."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    bare = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    if not bare.isascii():
        bare = "".join(char if char.isascii() else look_alike(char) for char in bare)
    return "".join(bare.split()).casefold()


def company_named(edition: Edition, name: str) -> Company | None:
    """The edition's company whose name is `name` as `name_key` compares names, or None; one
    named exactly so first: two companies made before look-alike letters counted may share a
    key, and each is still found by its own name (its profile saved without a refusal).

    Compared in Python (one query over the edition's names) so that it works the same on
    SQLite and PostgreSQL.
    """
    key = name_key(name)
    alike = None
    for pk, existing in edition.companies.values_list("pk", "name"):
        if existing == name:
            alike = pk
            break
        if alike is None and name_key(existing) == key:
            alike = pk
    return None if alike is None else edition.companies.get(pk=alike)


class CompaniesByName:
    """Companies found by name as `company_named` finds them, from one read: one named exactly
    so first, else the first (in the order given) whose `name_key` is the name's. For the
    imports and invitations that look up many names: two companies made before look-alike
    letters counted may share a key, and a line naming one exactly must not take the other."""

    def __init__(self, companies: Iterable[Company] = ()) -> None:
        self._exact: dict[str, Company] = {}
        self._alike: dict[str, Company] = {}
        for company in companies:
            self.add(company)

    def add(self, company: Company) -> None:
        self._exact.setdefault(company.name, company)
        self._alike.setdefault(name_key(company.name), company)

    def find(self, name: str) -> Company | None:
        return self._exact.get(name) or self._alike.get(name_key(name))


# Requests to join a company.


def pending_join_requests(
    edition: Edition, *, company: Company | None = None
) -> QuerySet[JoinRequest]:
    """Confirmed requests waiting for an answer, oldest first, with user and company."""
    queryset = edition.join_requests.filter(status=JoinRequestStatus.PENDING)
    if company is not None:
        queryset = queryset.filter(company=company)
    return queryset.select_related("user", "company").order_by("created_at", "pk")


def _pending_join_count(**narrower: Any) -> QuerySet[JoinRequest, Any]:
    """The number of the edition's confirmed requests waiting for an answer (`narrower`: of
    one company), one row, none when there are none."""
    return (
        JoinRequest.objects.filter(
            edition=Param("edition", models.BigIntegerField()),
            status=JoinRequestStatus.PENDING,
            **narrower,
        )
        .order_by()
        .values("edition")
        .annotate(pending=Count("pk"))
        .values_list("pending")
    )


# Counted on every visit of the portal's home and of the participants list: compiled once
# (paddock.core.prepared).
_PENDING_JOIN_COUNT = Prepared(
    lambda: _pending_join_count(company=Param("company", models.BigIntegerField()))
)
_PENDING_JOINS = Prepared(_pending_join_count)


def pending_join_requests_count(edition: Edition) -> int:
    """How many confirmed requests to join a company of the edition wait for an answer (at
    every load of the participants list: compiled once)."""
    rows = _PENDING_JOINS.rows(edition=edition.pk)
    return int(rows[0][0]) if rows else 0


def pending_join_request_count(participant: Participant) -> int:
    """How many confirmed requests to join the participant's company wait for an answer."""
    rows = _PENDING_JOIN_COUNT.rows(edition=participant.edition_id, company=participant.company_id)
    return int(rows[0][0]) if rows else 0


def join_request_for(edition: Edition, pk: int, *, company: Company | None = None) -> JoinRequest:
    """The join request `pk` of this edition (of `company` when given); 404 for any other."""
    queryset = edition.join_requests.select_related("user", "company", "edition")
    if company is not None:
        queryset = queryset.filter(company=company)
    return get_object_or_404(queryset, pk=pk)


@dataclass
class KindGroup:
    """The top-level items of one kind of capability, each carrying `tree_children`."""

    kind: str
    label: str
    roots: list[Category] = field(default_factory=list)
    count: int = 0


def categories_for_edition(edition: Edition) -> QuerySet[Category]:
    """The items an edition's companies may use: the shared ones and its organiser's own."""
    return Category.objects.filter(
        Q(organiser__isnull=True) | Q(organiser_id=edition.series.organiser_id)
    )


def categories_for_user(user: Any) -> QuerySet[Category]:
    """The items a user sees in the taxonomy screens: all for a site administrator, the
    shared ones and those of the user's organisers for anyone else."""
    if user.is_superuser:
        return Category.objects.all()
    return Category.objects.filter(
        Q(organiser__isnull=True) | Q(organiser__in=user.organisers.all())
    )


def category_used_elsewhere(category: Category) -> bool:
    """Whether offers or needs of editions run by another organiser than the item's use it."""
    return any(
        model.objects.filter(category=category)
        # None (a category every organiser shares) reads as IS NULL, which no series matches.
        .exclude(company__edition__series__organiser_id=category.organiser_id)  # type: ignore[misc]
        .exists()
        for model in (Offer, Need)
    )


def category_tree(categories: QuerySet[Category] | None = None) -> list[KindGroup]:
    """The taxonomy (or these items of it) in one query, as one group per kind in the order
    of CategoryKind.

    Each category gets `tree_children` (ordered) and `depth` (0 for top-level items).
    """
    queryset = Category.objects.all() if categories is None else categories
    nodes = list(queryset.select_related("organiser").order_by("position", "label_en", "pk"))
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


def category_options(categories: QuerySet[Category]) -> list[tuple[str, list[tuple[str, str]]]]:
    """As `flat_tree(category_tree(categories))` for a select, from plain values: each kind's
    label with its items' (pk, label indented by depth), in tree order. Building the items
    as models cost the catalogue's filter some 6,500 Python calls a page (issue 16)."""
    french = (get_language() or "en").startswith("fr")
    return _options_of(categories.order_by(*_TREE_ORDER).values_list(*_option_values(french)))


_TREE_ORDER = ("position", "label_en", "pk")


def _option_values(french: bool) -> tuple[str, ...]:
    return ("pk", "parent_id", "kind", "label_fr" if french else "label_en")


def _edition_category_rows(french: bool) -> Prepared[Category]:
    organiser = Param("organiser", models.BigIntegerField())
    return Prepared(
        lambda: (
            Category.objects.filter(Q(organiser__isnull=True) | Q(organiser_id=organiser))
            .order_by(*_TREE_ORDER)
            .values_list(*_option_values(french))
        )
    )


# The items of `categories_for_edition`, in either language: compiled once.
_EDITION_CATEGORY_ROWS = {french: _edition_category_rows(french) for french in (False, True)}


def edition_category_options(edition: Edition) -> list[tuple[str, list[tuple[str, str]]]]:
    """`category_options(categories_for_edition(edition))`, by a query compiled once: the
    catalogue's capability filter, on every page of it."""
    language = get_language()
    french = (language or "en").startswith("fr")
    rows = _EDITION_CATEGORY_ROWS[french].rows(organiser=edition.series.organiser_id)
    return _remembered_options(tuple(rows), language)


@lru_cache(maxsize=64)
def _remembered_options(
    rows: tuple[tuple[int, int | None, str, str], ...], language: str | None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """`_options_of(rows)` remembered for the rows, every value of the items read (a change
    of the taxonomy makes other rows), and the language of the kinds' labels (the active one,
    passed as part of the key only): some 600 calls a page of the catalogue (issue 16). The
    lists are shared: not to be changed."""
    return _options_of(rows)


def _options_of(
    rows: Iterable[tuple[int, int | None, str, str]],
) -> list[tuple[str, list[tuple[str, str]]]]:
    children: dict[int | None, list[tuple[int, str, str]]] = defaultdict(list)
    for pk, parent_id, kind, label in rows:
        children[parent_id].append((pk, kind, label))
    groups: dict[str, list[tuple[str, str]]] = {kind: [] for kind in CategoryKind.values}

    def walk(items: list[tuple[int, str, str]], kind: str, depth: int) -> None:
        for pk, _kind, label in items:
            groups[kind].append((str(pk), "— " * depth + label))
            walk(children.get(pk, []), kind, depth + 1)

    for root in children.get(None, []):
        walk([root], root[1], 0)
    return [(str(label), groups[kind]) for kind, label in CategoryKind.choices]


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


# The participant's portal: catalogue, company pages, attachments, the profile editor.


def own_participant_for(user: Any, edition: Edition) -> Participant:
    """The user's own registered or validated participation in this edition; 404 otherwise."""
    return get_object_or_404(
        Participant.objects.select_related("user", "company", "edition"),
        edition=edition,
        user_id=getattr(user, "pk", None),
        status__in=[ParticipantStatus.REGISTERED, ParticipantStatus.VALIDATED],
    )


def capability_item_for(company: Company, kind: str, pk: int) -> CapabilityItem:
    """The company's own offer or need `pk`; 404 for any other company's."""
    model = Offer if kind == "offer" else Need
    return get_object_or_404(
        model.objects.select_related("company__edition"), company=company, pk=pk
    )


def own_attachment_for(company: Company, pk: int) -> Attachment:
    """An attachment of this company, for its representatives to remove; 404 otherwise."""
    return get_object_or_404(
        Attachment.objects.select_related("company__edition"), company=company, pk=pk
    )


def profile_items(company: Company) -> tuple[list[Offer], list[Need]]:
    """The company's offers and needs with their categories and attachments, in four queries."""
    attachments = Prefetch("attachments", Attachment.objects.order_by("uploaded_at", "pk"))
    offers = company.offers.select_related("category").prefetch_related(attachments).order_by("pk")
    needs = company.needs.select_related("category").prefetch_related(attachments).order_by("pk")
    return list(offers), list(needs)


def categories_matching(edition: Edition, query: str, *, limit: int = 30) -> list[Category]:
    """Taxonomy items whose label holds every folded word of `query`.

    Items whose label in the active language matches come first, then those matching in the
    other language only (someone may type "soudage" on the English pages). The taxonomy has a
    few hundred items: one query, then folding in Python works the same on every database.
    An empty query gives every item the edition may use (the plain select's list).
    """
    words = search_words(query)
    nodes = list(categories_for_edition(edition).order_by("kind", "position", "label_en", "pk"))
    if not words:
        return nodes

    def matches(label: str) -> bool:
        folded = fold(label)
        return all(word in folded for word in words)

    active = [node for node in nodes if matches(node.label)]
    other = [
        node for node in nodes if node not in active and matches(f"{node.label_en} {node.label_fr}")
    ]
    return [*active, *other][:limit]


def _label_search() -> LabelSearch:
    return LabelSearch(Category.objects.values_list("pk", "parent_id", "label_en", "label_fr"))


def _search_word(word: str, labels: LabelSearch) -> Q:
    """Companies whose texts hold `word` or its translation, or whose items' labels hold it."""
    found = Q(search_text__contains=word)
    for translation in sorted(labels.translated(word)):
        found |= Q(search_text__contains=translation)
    return found | _capability_company_ids(labels.categories(word))


def listed_company_ids(edition: Edition) -> QuerySet[Participant, Any]:
    """Company ids with at least one validated participant: what the catalogue lists."""
    return edition.participants.filter(status=ParticipantStatus.VALIDATED).values("company_id")


def _capability_company_ids(category_ids: Iterable[int]) -> Q:
    ids = list(category_ids)
    return Q(pk__in=Offer.objects.filter(category_id__in=ids).values("company_id")) | Q(
        pk__in=Need.objects.filter(category_id__in=ids).values("company_id")
    )


def catalogue_companies(
    edition: Edition,
    *,
    search: str = "",
    country: str = "",
    sector: str = "",
    capability: Category | None = None,
    role: str = "",
    language: str = "",
) -> QuerySet[Company]:
    """The edition's listed companies narrowed by the catalogue's filters, by name.

    Each search word must appear (folded) in the company's name, city, description, offer or
    need texts, or its translation learnt from the taxonomy's labels ("cuivre", "copper"), or
    in the label (English or French) of one of its offers' or needs' categories or of an item
    above them (see `label_search.py`).
    A capability matches its sub-items too. Role and language look at validated participants.
    """
    companies = edition.companies.filter(pk__in=listed_company_ids(edition))
    words = search_words(search)
    if words:
        labels = _label_search()
        for word in words:
            companies = companies.filter(_search_word(word, labels))
    if country:
        companies = companies.filter(country=country)
    if sector:
        companies = companies.filter(sector=sector)
    if capability is not None:
        companies = companies.filter(
            _capability_company_ids({capability.pk, *descendant_ids(capability)})
        )
    people = edition.participants.filter(status=ParticipantStatus.VALIDATED)
    if role:
        roles = [role, ParticipantRole.BOTH] if role != ParticipantRole.BOTH else [role]
        people = people.filter(role__in=roles)
    if language:
        # A JSON list of codes: matching the quoted code works on SQLite and PostgreSQL alike.
        people = people.filter(languages__icontains=f'"{language}"')
    if role or language:
        companies = companies.filter(pk__in=people.values("company_id"))
    return companies.order_by("name", "pk")


# The catalogue as it opens, without filters (its most asked page): the listed companies'
# ids by name, then a page's companies by their ids, each by a query compiled once
# (paddock.core.prepared), as `catalogue_companies(edition)` lists them (issue 16).
_LISTED_IDS = Prepared(
    lambda: (
        Company.objects.filter(
            edition=Param("edition", models.BigIntegerField()),
            pk__in=Participant.objects.filter(
                edition=Param("edition", models.BigIntegerField()),
                status=ParticipantStatus.VALIDATED,
            ).values("company_id"),
        )
        .order_by("name", "pk")
        .values_list("pk")
    )
)


@dataclass(slots=True)
class CatalogueCompany:
    """What a catalogue card shows of a company, read as plain values: a Company and its
    country as models cost some 60 Python calls apiece (issue 16). The view adds the lines of
    the card and the year the viewer met its people."""

    pk: int
    name: str
    country: str  # the code, '' for none
    sector: str
    city: str
    offer_line: str = ""
    need_line: str = ""
    people_line: str = ""
    met_in: int | None = None


_CARD_FIELDS = ("pk", "name", "country", "sector", "city")
_CARD_COMPANIES_BY_ID = PreparedIn(
    lambda ids: Company.objects.filter(id__in=ids).values_list(*_CARD_FIELDS)
)


def catalogue_company_values(companies: QuerySet[Company]) -> QuerySet[Any]:
    """The companies' card values, in their order, to paginate (`CatalogueCompany(*row)`)."""
    return companies.values_list(*_CARD_FIELDS)


def listed_company_ids_by_name(edition: Edition) -> list[int]:
    """The ids of the companies the catalogue lists without filters, in its order."""
    return [pk for (pk,) in _LISTED_IDS.rows(edition=edition.pk)]


def catalogue_companies_in_order(ids: list[int]) -> list[CatalogueCompany]:
    """The companies of these ids still there, in their order (one deleted between the two
    reads of the catalogue is left out)."""
    found = {row[0]: row for row in _CARD_COMPANIES_BY_ID.rows(ids)}
    return [CatalogueCompany(*found[pk]) for pk in ids if pk in found]


def with_catalogue_details(
    companies: QuerySet[Company], *, attachments: bool = True
) -> QuerySet[Company]:
    """Prefetch what the catalogue and company pages show: items, files (unless
    `attachments` is False, as in the list), validated people."""
    offers = Offer.objects.select_related("category").order_by("pk")
    needs = Need.objects.select_related("category").order_by("pk")
    if attachments:
        files = Prefetch("attachments", Attachment.objects.order_by("uploaded_at", "pk"))
        offers, needs = offers.prefetch_related(files), needs.prefetch_related(files)
    return companies.prefetch_related(
        Prefetch("offers", offers),
        Prefetch("needs", needs),
        Prefetch(
            "participants",
            Participant.objects.filter(status=ParticipantStatus.VALIDATED)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk"),
            to_attr="listed_people",
        ),
    )


class CardPerson(NamedTuple):
    """A validated representative on a catalogue card."""

    pk: int
    user_id: int
    name: str
    role: str


@dataclass
class CardDetails:
    """What a catalogue card lists of its company: each offer's and need's words (the
    category's label in the active language, else the first words of the text) and the
    validated people, by name."""

    offers: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    people: list[CardPerson] = field(default_factory=list)


def _items_of(model: type[Offer | Need], label: str) -> PreparedIn:
    return PreparedIn(
        lambda ids: (
            model.objects.filter(company__id__in=ids)
            .order_by("pk")
            .values_list("company_id", label, "text")
        )
    )


# The cards' reads, compiled once for each of a few numbers of companies
# (paddock.core.prepared_in), the labels in either language.
_CARD_ITEMS = {
    (model, french): _items_of(model, "category__label_fr" if french else "category__label_en")
    for model in (Offer, Need)
    for french in (False, True)
}
_CARD_PEOPLE = PreparedIn(
    lambda ids: (
        Participant.objects.filter(company__id__in=ids, status=ParticipantStatus.VALIDATED)
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list(
            "company_id",
            "pk",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__email",
            "role",
        )
    )
)


def catalogue_card_details(company_ids: list[int]) -> dict[int, CardDetails]:
    """The cards' details of these companies, in three queries of plain values: a page of
    twenty cards lists hundreds of items, and building models cost more than the rest of
    the page (issue 16)."""
    details = {pk: CardDetails() for pk in company_ids}
    french = (get_language() or "en").startswith("fr")
    for model, name in ((Offer, "offers"), (Need, "needs")):
        for company_id, label, text in _CARD_ITEMS[model, french].rows(company_ids):
            getattr(details[company_id], name).append(label or first_words(text, 8))
    for company_id, pk, user_id, first, last, email, role in _CARD_PEOPLE.rows(company_ids):
        name = f"{first} {last}".strip() or email
        details[company_id].people.append(CardPerson(pk, user_id, name, role))
    return details


def catalogue_company_for(edition: Edition, pk: int) -> Company:
    """A listed company of this edition with its details; 404 for any other."""
    queryset = with_catalogue_details(edition.companies.filter(pk__in=listed_company_ids(edition)))
    return get_object_or_404(queryset, pk=pk)


def attachment_for_viewer(edition: Edition, pk: int) -> Attachment:
    """An attachment of a listed company of this edition; 404 for any other."""
    return get_object_or_404(
        Attachment.objects.select_related("company"),
        company__edition=edition,
        company__in=listed_company_ids(edition),
        pk=pk,
    )


def edition_slots_by_session(edition: Edition) -> list[tuple[Any, list[TimeSlot]]]:
    """The edition's time grid as (session, its slots), in time order, in one query."""
    slots = edition.slots.select_related("session").order_by("start")
    grouped: dict[int, tuple[Any, list[TimeSlot]]] = {}
    for slot in slots:
        grouped.setdefault(slot.session_id, (slot.session, []))[1].append(slot)
    return sorted(
        grouped.values(), key=lambda pair: (pair[0].date, pair[0].position, pair[1][0].start)
    )
