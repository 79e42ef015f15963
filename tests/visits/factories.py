"""Builders of the visits tests: zones, sessions, people who book."""

import datetime as dt
from typing import Any

from paddock.events.models import Edition
from paddock.participants.models import Participant
from paddock.visits.enums import ZoneKind
from paddock.visits.models import VisitSession, Zone
from tests import factories

# The zone form's fields, as an organiser sends them.
ZONE_POST = {
    "name_en": "Technical centre",
    "name_fr": "Centre technique",
    "kind": "technical",
    "host_name": "ACO",
    "meeting_point": "Gate 2",
    "description": "",
    "allowed_roles": ["buyer", "both"],
    "safety_notes": "Closed shoes",
    "guide_languages": ["fr", "en"],
    "group_size": "10",
}

# 14:00 in Paris on the factories' edition day (12 June 2031).
TWO_PM = dt.datetime(2031, 6, 12, 12, 0, tzinfo=dt.UTC)


def make_zone(edition: Edition, **fields: Any) -> Zone:
    fields.setdefault("name_en", "Team Alpine paddock")
    fields.setdefault("name_fr", "Paddock de l’équipe Alpine")
    fields.setdefault("kind", ZoneKind.TEAM_PADDOCK)
    fields.setdefault("meeting_point", "Gate 4")
    fields.setdefault("group_size", 12)
    return Zone.objects.create(edition=edition, **fields)


def make_visit(zone: Zone, **fields: Any) -> VisitSession:
    fields.setdefault("start", TWO_PM)
    fields.setdefault("end", fields["start"] + dt.timedelta(hours=1))
    fields.setdefault("seats", zone.group_size)
    return VisitSession.objects.create(zone=zone, **fields)


def visitor(edition: Edition, name: str, **fields: Any) -> Participant:
    user_fields = {k: fields.pop(k) for k in ("preferred_language",) if k in fields}
    user = factories.make_user(
        email=f"{name.lower()}@example.com", first_name=name, last_name="Test", **user_fields
    )
    company = factories.make_company(edition, name=f"{name} SAS")
    return factories.make_participant(edition, user=user, company=company, **fields)
