"""Who may do what with visits. Views and templates ask these, nothing else."""

from typing import Any

from paddock.events.models import Edition
from paddock.events.rules import is_staff_member, is_zone_host
from paddock.visits.models import VisitSession


def can_manage_visits(user: Any, edition: Edition) -> bool:
    """Zones, sessions, cancelling: organisers and their staff."""
    return is_staff_member(user, edition)


def can_host_visits(user: Any, edition: Edition) -> bool:
    """The zone hosts' pages: zone hosts, and the team who may open any session."""
    return is_zone_host(user, edition) or is_staff_member(user, edition)


def can_guide_session(user: Any, session: VisitSession) -> bool:
    """A zone host sees the sessions they guide; the team sees every session."""
    edition = session.zone.edition
    return is_staff_member(user, edition) or (
        is_zone_host(user, edition) and session.guide_id == getattr(user, "pk", None)
    )
