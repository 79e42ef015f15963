"""Reads about editions (`paddock.events.queries`)."""

import pytest

from paddock.events.models import SanitaryProtocol
from paddock.events.queries import protocol_of
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_protocol_of_reads_each_edition_s_own_protocol_as_it_is_now():
    first, second = factories.make_edition(), factories.make_edition()
    SanitaryProtocol.objects.filter(edition=second).update(max_persons_per_room=7)
    before = [protocol_of(first).max_persons_per_room, protocol_of(second).max_persons_per_room]

    SanitaryProtocol.objects.filter(edition=first).update(max_persons_per_room=3)
    SanitaryProtocol.objects.filter(edition=second).delete()

    assert before == [None, 7]
    assert [protocol_of(first).max_persons_per_room, protocol_of(second)] == [3, None]
