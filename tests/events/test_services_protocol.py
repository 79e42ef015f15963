import pytest

from paddock.core.models import AuditEntry
from paddock.events import services
from paddock.events.exceptions import ProtocolError
from paddock.events.models import SanitaryProtocol

pytestmark = pytest.mark.integration


def test_update_protocol_saves_and_logs_the_changes(edition, organiser_user):
    services.update_protocol(
        edition,
        by=organiser_user,
        max_persons_per_room=15,
        health_pass_required=True,
        visits_allowed=True,
    )

    protocol = SanitaryProtocol.objects.get(edition=edition)
    entry = AuditEntry.objects.get()
    assert (
        protocol.max_persons_per_room,
        protocol.health_pass_required,
        protocol.visits_allowed,
    ) == (15, True, True)
    assert (entry.action, entry.actor, entry.data) == (
        "protocol.update",
        organiser_user,
        {"changes": {"max_persons_per_room": [None, 15], "health_pass_required": [False, True]}},
    )


def test_update_protocol_creates_a_missing_protocol(edition, organiser_user):
    SanitaryProtocol.objects.filter(edition=edition).delete()

    services.update_protocol(
        edition,
        by=organiser_user,
        max_persons_per_room=None,
        health_pass_required=False,
        visits_allowed=False,
    )

    assert SanitaryProtocol.objects.get(edition=edition).visits_allowed is False


def test_update_protocol_refuses_fewer_than_two_persons(edition, organiser_user):
    with pytest.raises(ProtocolError) as raised:
        services.update_protocol(
            edition,
            by=organiser_user,
            max_persons_per_room=1,
            health_pass_required=False,
            visits_allowed=True,
        )

    assert (raised.value.field, raised.value.message) == (
        "max_persons_per_room",
        "Allow at least 2 persons per room: a meeting seats two.",
    )
