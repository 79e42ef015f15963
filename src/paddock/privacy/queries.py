import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from paddock.accounts.models import User
from paddock.events.models import Edition
from paddock.participants.enums import AWAITING_CONSENT
from paddock.participants.models import Participant
from paddock.privacy.enums import ErasureStatus
from paddock.privacy.models import ErasureRequest


def accepted_participations(user: User) -> QuerySet[Participant]:
    """The person's participations that an erasure anonymises and whose organisers are told:
    those the person accepted (an invitation unanswered or declined tells its organisers
    nothing of the account)."""
    return Participant.objects.filter(user=user).exclude(status__in=AWAITING_CONSENT)


def erasures_of_people_in(edition: Edition) -> QuerySet[ErasureRequest]:
    """Erasure requests of the people who took part in `edition` (having accepted), whichever
    of their editions they asked from: erasing anonymises them in every edition, so each of
    those editions' organisers sees the request and may answer it."""
    people = Participant.objects.filter(edition=edition).exclude(status__in=AWAITING_CONSENT)
    return ErasureRequest.objects.filter(user__in=people.values("user"))


def _with_participation(
    erasures: QuerySet[ErasureRequest], edition: Edition
) -> QuerySet[ErasureRequest]:
    """With the person's participation in `edition` as `user.here` (a list of one)."""
    here = Participant.objects.filter(edition=edition).select_related("company")
    return erasures.select_related("user", "edition__series").prefetch_related(
        Prefetch("user__participations", queryset=here, to_attr="here")
    )


def pending_erasures_for(edition: Edition) -> QuerySet[ErasureRequest]:
    """The pending requests an organiser of `edition` answers, with `user.here`."""
    pending = erasures_of_people_in(edition).filter(status=ErasureStatus.PENDING)
    return _with_participation(pending, edition).order_by("requested_at", "pk")


def erasure_for(edition: Edition, pk: int) -> ErasureRequest:
    """An erasure request of a person of `edition`, with `user.here`, or 404."""
    return get_object_or_404(_with_participation(erasures_of_people_in(edition), edition), pk=pk)


def pending_erasure_of(user: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).first()


def declined_erasure_of(user: User) -> ErasureRequest | None:
    """The person's latest request when the organisers declined it: its reason stays on "My
    data" until the person asks again."""
    latest = ErasureRequest.objects.filter(user=user).order_by("-requested_at", "-pk").first()
    return latest if latest is not None and latest.status == ErasureStatus.DECLINED else None


@dataclass(frozen=True)
class PendingErasures:
    count: int
    oldest: dt.datetime | None


def pending_erasures_summary(edition: Edition) -> PendingErasures:
    """How many requests of the edition's people wait, and since when the oldest: the
    organisers have a month to answer each."""
    figures = (
        erasures_of_people_in(edition)
        .filter(status=ErasureStatus.PENDING)
        .aggregate(count=Count("pk"), oldest=Min("requested_at"))
    )
    return PendingErasures(figures["count"], figures["oldest"])
