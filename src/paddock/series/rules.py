"""Permission predicates of the series' pages: the organiser's members (and superusers) only."""

from typing import Any

from paddock.events.models import Edition, Organiser
from paddock.events.rules import can_create_edition, is_organiser_member


def can_manage_directory(user: Any, organiser: Organiser) -> bool:
    """The directory of organisations, the series' history and copies of editions."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or is_organiser_member(user, organiser)


def can_copy_edition(user: Any, edition: Edition) -> bool:
    """A new edition from this one: whoever may create editions of its series."""
    return can_create_edition(user, edition.series)


def can_invite_from_past_editions(user: Any, edition: Edition) -> bool:
    """See the people of the series' earlier editions and invite them to this one: the
    series' organisers only, not the edition's staff (who see only their own edition's
    people): those who may create the series' editions. The invitation pages ask it to show
    their link (`templatetags.series_tags`)."""
    return can_create_edition(user, edition.series)
