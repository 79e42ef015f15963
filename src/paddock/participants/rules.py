"""Permission predicates of participants. Views, templates and the API ask these."""

from typing import Any

from paddock.participants.enums import ParticipantStatus


def participation_of(user: Any, edition: Any) -> Any:
    """The user's participant row in this edition, with company and edition, or None."""
    if not getattr(user, "is_authenticated", False) or edition is None:
        return None
    return (
        user.participations.select_related("company", "edition", "user")
        .filter(edition=edition)
        .first()
    )


def is_validated_participant(user: Any, edition: Any) -> bool:
    """Whether the user takes part in the edition and the organiser validated them.

    Only validated participants may see other participants' private data.
    """
    if not getattr(user, "is_authenticated", False) or edition is None:
        return False
    return bool(
        user.participations.filter(edition=edition, status=ParticipantStatus.VALIDATED).exists()
    )
