"""Who manages an edition's webhooks: its organisers (a secret to other tools is theirs)."""

from typing import Any

from paddock.events.models import Edition
from paddock.events.rules import is_organiser


def can_manage_webhooks(user: Any, edition: Edition) -> bool:
    return is_organiser(user, edition)
