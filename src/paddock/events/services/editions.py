"""Every write about editions, their venue, time grid and protocol."""

from typing import Any

from django.db import transaction

from paddock.core.services import log_action
from paddock.events.models import Edition, EventSeries, SanitaryProtocol


@transaction.atomic
def create_edition(series: EventSeries, *, by: Any, **fields: Any) -> Edition:
    """Create an edition with an empty protocol. The caller checked `can_create_edition`."""
    edition = Edition(series=series, **fields)
    edition.full_clean()
    edition.save()
    SanitaryProtocol.objects.create(edition=edition)
    log_action("edition.create", by=by, edition=edition, obj=edition)
    return edition


@transaction.atomic
def update_edition(edition: Edition, *, by: Any, **fields: Any) -> Edition:
    changed = {name: value for name, value in fields.items() if getattr(edition, name) != value}
    for name, value in changed.items():
        setattr(edition, name, value)
    edition.full_clean()
    edition.save()
    log_action("edition.update", by=by, edition=edition, obj=edition, fields=sorted(changed))
    return edition
