"""Permission predicates of participants. Views, templates and the API ask these."""

from typing import Any

from django.db import models

from paddock.core.prepared import Param, Prepared
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant

# Read on every participant page: compiled once (paddock.core.prepared). One row at most: a
# person takes part once per edition.
PARTICIPATION = Prepared(
    lambda: (
        Participant.objects.select_related("company", "edition", "user")
        .filter(user=Param("user", models.BigIntegerField()))
        .filter(edition=Param("edition", models.BigIntegerField()))
        .order_by()
    )
)


# The portal's menu for someone who withdrew: the pages that still work for them (the people
# they met, their data); the others need a validated participant.
WITHDRAWN_MENU = ("outcomes-portal:network", "privacy-portal:my-data")


def portal_menu(participant: Any) -> tuple[str, ...] | None:
    """The URL names of the portal menu's tabs the participant sees; None for all of them."""
    if participant is not None and participant.status == ParticipantStatus.WITHDRAWN:
        return WITHDRAWN_MENU
    return None


def participation_of(user: Any, edition: Any) -> Any:
    """The user's participant row in this edition, with company and edition, or None."""
    if not getattr(user, "is_authenticated", False) or edition is None:
        return None
    return PARTICIPATION.first(user=user.pk, edition=edition.pk)


def is_validated_participant(user: Any, edition: Any) -> bool:
    """Whether the user takes part in the edition and the organiser validated them.

    Only validated participants may see other participants' private data.
    """
    if not getattr(user, "is_authenticated", False) or edition is None:
        return False
    return bool(
        user.participations.filter(edition=edition, status=ParticipantStatus.VALIDATED).exists()
    )


def can_edit_company(participant: Any) -> bool:
    """Whether this participant may change their company's profile, offers, needs and files.

    Validated participants may. A registered one may only while alone in the company (a new
    company they registered, described for the organiser to validate them): never a company
    that has another representative.
    """
    if participant.status == ParticipantStatus.VALIDATED:
        return True
    if participant.status != ParticipantStatus.REGISTERED:
        return False
    others = participant.company.participants.exclude(pk=participant.pk)
    return not others.exists()


def can_answer_join_requests(participant: Any) -> bool:
    """Validated representatives answer the requests to join their company."""
    return bool(participant is not None and participant.status == ParticipantStatus.VALIDATED)
