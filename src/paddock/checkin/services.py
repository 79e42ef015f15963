"""Writes of check-in: issuing badges, checking people in at the desk."""

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from paddock.checkin.models import Badge, CheckIn
from paddock.checkin.queries import day_of, passed_entrance_on
from paddock.core.exceptions import DomainError
from paddock.core.prepared import Param, Prepared
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Room
from paddock.events.queries import protocol_of
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.webhooks import dispatch as webhooks

# Capitals and digits without look-alikes (0/O, 1/I/L): short QR codes in alphanumeric mode,
# and a code a person can read out or type. 12 characters give about 59 random bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_badge_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_badges(
    edition: Edition, *, by: Any, participants: Iterable[Participant] | None = None
) -> list[Badge]:
    """The badges of `participants` (default: every validated one), creating those missing.

    Issuing again returns the same badges with the same codes, so a reprint matches what the
    desk already knows.
    """
    with transaction.atomic():
        people = Participant.objects.filter(edition=edition)
        if participants is None:
            people = people.filter(status=ParticipantStatus.VALIDATED)
        else:
            people = people.filter(pk__in=[p.pk for p in participants])
        missing = list(people.filter(badge__isnull=True).select_for_update(of=("self",)))
        if missing:
            Badge.objects.bulk_create(
                [Badge(participant=p, code=new_badge_code()) for p in missing]
            )
            log_action("checkin.badges_issued", by=by, edition=edition, count=len(missing))
        return list(
            Badge.objects.filter(participant__in=people)
            .select_related("participant__user", "participant__company")
            .order_by("participant__company__name", "participant__user__last_name", "pk")
        )


class CheckInError(DomainError):
    """A refused check-in; `previous` is the earlier check-in when the person is already in."""

    code = "checkin_refused"

    def __init__(
        self,
        message: str,
        *,
        code: str,
        participant: Participant | None = None,
        previous: CheckIn | None = None,
    ) -> None:
        super().__init__(message, code=code, field="code")
        self.participant = participant
        self.previous = previous


def check_in(
    edition: Edition,
    *,
    by: Any,
    code: str | None = None,
    participant: Participant | None = None,
    room: Room | None = None,
    health_pass_checked: bool = False,
) -> CheckIn:
    """Checks a participant in at `room` (None: the entrance), found by badge `code` or given.

    Runs in its own transaction and locks the participant's row, so two scans of the same
    badge at the same place at once make one check-in. Raises CheckInError for an unknown
    code (or a participant or room of another edition), a closed edition, a participant not
    validated, a participant already checked in at this place, or, when the protocol requires
    a health pass, a missing check at the entrance or a room before the entrance. "Already"
    means since the start of the edition's local day: each day people come in again.
    """
    if room is not None and room.edition_id != edition.pk:
        raise CheckInError(gettext("This room is not part of the edition."), code="unknown_room")
    if edition.status == EditionStatus.CLOSED:
        # Its figures are final: a stray scan would add someone to its attendance.
        raise CheckInError(
            gettext("The edition is closed: check-ins are no longer recorded."),
            code="edition_closed",
        )
    health_pass_required = _health_pass_required(edition)
    if health_pass_required and room is None and not health_pass_checked:
        raise CheckInError(
            gettext("A health pass check is required at the entrance: tick “Health pass checked”."),
            code="health_pass_required",
        )
    with transaction.atomic():
        person = _locked_participant(edition, code=code, participant=participant)
        if person.status != ParticipantStatus.VALIDATED:
            raise CheckInError(
                gettext("This participant's registration is not validated."),
                code="not_validated",
                participant=person,
            )
        if health_pass_required and room is not None:
            _require_entrance_check(person)
        now = timezone.now()
        # Today's only: someone who came yesterday comes in again today, as the no-show rule
        # and the presence count read today's check-ins.
        latest = _LATEST_CHECKIN.first(participant=person.pk, since=day_of(edition, now)[0])
        # Someone who came in before the rule gets their pass checked at the entrance now,
        # though their latest check-in is the entrance.
        pass_due = health_pass_required and room is None
        if pass_due and not passed_entrance_on(person, now):
            latest = None
        if latest is not None and latest.room_id == (room.pk if room else None):
            raise CheckInError(
                gettext("Already checked in here."),
                code="already_checked_in",
                participant=person,
                previous=latest,
            )
        checkin = CheckIn.objects.create(
            edition=edition,
            participant=person,
            room=room,
            by=by if getattr(by, "is_authenticated", False) else None,
            health_pass_checked=health_pass_checked,
        )
        log_action(
            "checkin.check_in",
            by=by,
            edition=edition,
            obj=person,
            room=room.name if room else None,
            health_pass_checked=health_pass_checked,
        )
        webhooks.participant_checked_in(checkin)
    return checkin


def _health_pass_required(edition: Edition) -> bool:
    protocol = protocol_of(edition)
    return bool(protocol and protocol.health_pass_required)


def _require_entrance_check(person: Participant) -> None:
    """A room comes after the entrance, where the health pass is checked that day."""
    if not passed_entrance_on(person, timezone.now()):
        raise CheckInError(
            gettext(
                "%(name)s has not been checked in at the entrance with a health pass today: "
                "check them in at the entrance first."
            )
            % {"name": person.user},
            code="entrance_first",
            participant=person,
        )


def locked_participant(
    edition: Edition, *, code: str | None = None, participant: Participant | None = None
) -> Participant:
    """The participant found by badge code or given, as the desk finds them, its row locked
    until the end of the transaction; CheckInError for an unknown code. For the other
    check-ins (a zone's meeting point)."""
    return _locked_participant(edition, code=code, participant=participant)


def _locked_people() -> QuerySet[Participant]:
    # of=("self",): lock the participant only, not the joined user and company rows.
    return Participant.objects.select_for_update(of=("self",)).select_related("user", "company")


_EDITION = Param("edition", models.BigIntegerField())
# Read at every scan: compiled once (paddock.core.prepared), always run inside the check-in's
# transaction, as select_for_update requires.
_PERSON_BY_PK = Prepared(
    lambda: _locked_people().filter(edition=_EDITION, pk=Param("pk", models.BigIntegerField()))
)
_PERSON_BY_BADGE = Prepared(
    lambda: _locked_people().filter(
        edition=_EDITION,
        pk__in=Badge.objects.filter(
            code=Param("code", models.CharField()), participant__edition=_EDITION
        ).values("participant"),
    )
)


_LATEST_CHECKIN = Prepared(
    lambda: CheckIn.objects.filter(
        participant=Param("participant", models.BigIntegerField()),
        checked_in_at__gte=Param("since", models.DateTimeField()),
    ).order_by("-checked_in_at", "-pk")
)


def _locked_participant(
    edition: Edition, *, code: str | None, participant: Participant | None
) -> Participant:
    """The participant of the edition named by the badge code or given, its row locked."""
    if participant is not None:
        found = _PERSON_BY_PK.first(edition=edition.pk, pk=participant.pk)
    else:
        found = _PERSON_BY_BADGE.first(edition=edition.pk, code=(code or "").strip().upper())
    if found is None:
        raise CheckInError(gettext("Unknown badge code."), code="unknown_code")
    return found
