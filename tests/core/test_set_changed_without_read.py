"""A program (the demo's build, publishing, an API request) passes no `read` to the edit
services: it means "set this value now", over what other code saved through another read of
the row since its own, without the edit form's conflict (`core.services.set_changed`)."""

import pytest

from paddock.core.services import ChangedMeanwhileError
from paddock.events import services
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Table
from tests import factories

pytestmark = pytest.mark.integration


def _saved_elsewhere(edition, status):
    services.update_edition(Edition.objects.get(pk=edition.pk), by=None, status=status)


@pytest.mark.parametrize("wanted", [EditionStatus.CLOSED, EditionStatus.REGISTRATION])
def test_update_edition_without_read_sets_the_status_saved_elsewhere_since(edition, wanted):
    _saved_elsewhere(edition, EditionStatus.LIVE)  # `edition` still holds "registration"

    services.update_edition(edition, by=None, status=wanted)

    assert (Edition.objects.get(pk=edition.pk).status, edition.status) == (wanted, wanted)


def test_update_edition_with_read_refuses_a_status_saved_elsewhere_since(edition):
    _saved_elsewhere(edition, EditionStatus.LIVE)

    with pytest.raises(ChangedMeanwhileError) as refused:
        services.update_edition(edition, by=None, read=edition, status=EditionStatus.CLOSED)

    assert (refused.value.field, Edition.objects.get(pk=edition.pk).status) == (
        "status",
        EditionStatus.LIVE,
    )


def test_update_table_without_read_sets_the_label_over_one_saved_elsewhere_since(edition):
    table = factories.make_table(factories.make_room(edition), label="A1")
    Table.objects.filter(pk=table.pk).update(label="B1")

    services.update_table(table, by=None, label="A1", home_participant=None)

    assert Table.objects.get(pk=table.pk).label == "A1"
