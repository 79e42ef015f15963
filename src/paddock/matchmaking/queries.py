"""Reads for matchmaking: an edition as plain data for scoring, and a reader's recommendations."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models
from django.db.models import QuerySet

from paddock.accounts.models import display_name
from paddock.core.prepared import Param, Prepared
from paddock.core.prepared_in import PreparedIn
from paddock.events.models import Edition
from paddock.matchmaking.data import Category as CategoryData
from paddock.matchmaking.data import Item, Profile, Taxonomy
from paddock.matchmaking.enums import RepeatPairs
from paddock.matchmaking.models import MatchmakingSettings, Recommendation
from paddock.matchmaking.reasons import needs_interpreter, render_reasons
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Category, Need, Offer, Participant


def load_taxonomy() -> Taxonomy:
    """The whole capability taxonomy (one query; it does not grow with editions)."""
    return Taxonomy.of(CategoryData(*row) for row in _TAXONOMY.rows())


# Read on every recommendations page and feed: compiled once (paddock.core.prepared).
_TAXONOMY = Prepared(
    lambda: Category.objects.values_list("id", "parent_id", "label_en", "label_fr")
)


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
    """A recommendation ready to show, in plain values: who the other participant is, their
    company, and why. Reading them as models through two relations cost much of the page."""

    other_id: int
    name: str
    role: str
    company_id: int
    company: str
    score: float
    reasons: list[str]
    interpreter_needed: bool
    met_in: int | None = None


def recommendations_for(participant: Participant, language: str) -> list[ShownRecommendation]:
    """The participant's stored recommendations, best first, reasons in `language`, with the
    year each other person was met before (3 queries)."""
    rows = _RECOMMENDED.rows(participant=participant.pk)
    if not rows:
        return []
    labels = load_taxonomy()
    by_user = {row[1]: row[0] for row in rows}
    met = _latest_years(
        _MET_RECOMMENDED.rows(
            me=participant.user_id, participant=participant.pk, edition=participant.edition_id
        ),
        participant.user_id,
        by_user,
    )
    return [
        ShownRecommendation(
            other_id=other_id,
            name=display_name(first_name, last_name, email),
            role=role,
            company_id=company_id,
            company=company,
            score=score,
            reasons=render_reasons(reasons, labels, language),
            interpreter_needed=needs_interpreter(reasons),
            met_in=met.get(other_id),
        )
        for other_id, _user, first_name, last_name, email, role, company_id, company, score, reasons
        in rows
    ]  # fmt: skip


_SHOWN: tuple[str, ...] = (
    "other_id",
    "other__user_id",
    "other__user__first_name",
    "other__user__last_name",
)
_SHOWN += ("other__user__email", "other__role", "other__company_id", "other__company__name")
_SHOWN += ("score", "reasons")

# (first's user, second's user, start) of a meeting held in another edition
MetRow = tuple[int, int, dt.datetime]

_PARTICIPANT: "models.BigIntegerField[int, int]" = models.BigIntegerField()

# The page's three reads, compiled once (paddock.core.prepared): building them cost more than
# reading their rows.
_RECOMMENDED = Prepared(
    lambda: (
        Recommendation.objects.filter(
            participant_id=Param("participant", _PARTICIPANT),
            other__status=ParticipantStatus.VALIDATED,
        )
        .order_by("-score", "other_id")
        .values_list(*_SHOWN)
    )
)


def _met_recommended() -> "QuerySet[Meeting, MetRow]":
    """`_met_before`'s meetings for the people recommended to "participant" (any status: the
    caller keeps those it shows), by a subquery rather than a list of ids."""
    others = Recommendation.objects.filter(participant_id=Param("participant", _PARTICIPANT))
    return _met_with(others.values("other__user_id"))


def _met_with(users: Any) -> "QuerySet[Meeting, MetRow]":
    """The scheduled meetings of another edition than "edition" between "me" and `users` (a
    subquery of user ids, or a list of `Param`s), with the values `_latest_years` reads.
    `user__id`, not `user_id`: the lookup of a relation would prepare each `Param` as an id;
    the join to the user is trimmed all the same.

    Read from "me"'s places in other editions (the index of the participants' users, then those
    of the meetings' two people), one side at a time: a single query with the two sides joined
    by OR read every meeting of every edition (issue 16: 20,000 rows, 2-3 ms of the server's
    CPU, on each catalogue and recommendations page of the big edition)."""
    mine = (
        Participant.objects.filter(user_id=Param("me", _PARTICIPANT))
        .exclude(edition_id=Param("edition", _PARTICIPANT))
        .values("pk")
    )
    held = Meeting.objects.filter(status=MeetingStatus.SCHEDULED, slot__isnull=False).order_by()
    shown = ("first__user_id", "second__user_id", "slot__start")
    as_first = held.filter(first__in=mine, second__user__id__in=users).values_list(*shown)
    as_second = held.filter(second__in=mine, first__user__id__in=users).values_list(*shown)
    return as_first.union(as_second, all=True)


_MET_RECOMMENDED = Prepared(_met_recommended)


def _held_elsewhere(edition_id: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(status=MeetingStatus.SCHEDULED, slot__isnull=False).exclude(
        edition_id=edition_id
    )


class _Person(Protocol):
    """A participant, or a plain row standing for one (a catalogue card's person)."""

    @property
    def pk(self) -> Any: ...

    @property
    def user_id(self) -> int: ...


def met_before(participant: Participant, others: Sequence[_Person]) -> dict[int, int]:
    """The year (latest) `participant`'s person met each of `others`' people in another
    edition, by participant id of `others`; one query whatever their number."""
    return _met_before(participant, {other.user_id: other.pk for other in others})


def _met_before(participant: Participant, by_user: dict[int, int]) -> dict[int, int]:
    """As `met_before`, for the participants `by_user` (user id → participant id)."""
    me = participant.user_id
    rows = _MET_AMONG.rows(list(by_user), me=me, edition=participant.edition_id)
    return _latest_years(rows, me, by_user)


# Who met whom among a page's people (a catalogue page shows 20 companies, 0-100 people):
# compiled once for each of a few list sizes (paddock.core.prepared_in).
_MET_AMONG = PreparedIn(_met_with)


def _latest_years(
    rows: Iterable[MetRow], me: int | None, by_user: dict[int, int]
) -> dict[int, int]:
    """Participant id (of `by_user`'s people) → the latest year `me` met them, in `rows` of
    (first's user, second's user, start); people not in `by_user` are left out."""
    found: dict[int, int] = {}
    for first, second, start in rows:
        other = by_user.get(second if first == me else first)
        if other is not None:
            found[other] = max(found.get(other, 0), start.year)
    return found


def met_pairs(edition: Edition) -> set[frozenset[int]]:
    """The pairs of the edition's participants (by id) whose people met in another edition."""
    people = Participant.objects.filter(edition=edition).values_list("user_id", "pk")
    pids: dict[int, list[int]] = defaultdict(list)
    for user_id, pk in people:
        pids[user_id].append(pk)
    users = Participant.objects.filter(edition=edition).values("user_id")
    rows = (
        _held_elsewhere(edition.pk)
        .filter(first__user_id__in=users, second__user_id__in=users)
        .values_list("first__user_id", "second__user_id")
    )
    return {frozenset((a, b)) for first, second in rows for a in pids[first] for b in pids[second]}


def repeat_pairs_of(edition: Edition) -> str:
    """The edition's choice about pairs met before (neutral when never set)."""
    found = MatchmakingSettings.objects.filter(edition=edition).values_list(
        "repeat_pairs", flat=True
    )
    return str(found.first() or RepeatPairs.NEUTRAL)
