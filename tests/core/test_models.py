import pytest

from paddock.core.models import AuditEntry
from paddock.core.services import log_action

pytestmark = pytest.mark.integration


def test_audit_entry_survives_the_deletion_of_its_edition(edition, organiser_user):
    log_action("edition.update", by=organiser_user, edition=edition, obj=edition)
    name = edition.name

    edition.delete()

    assert list(AuditEntry.objects.values_list("action", "edition", "edition_name")) == [
        ("edition.update", None, name)
    ]
