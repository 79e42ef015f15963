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


def test_audit_entry_records_the_row_it_is_about_and_nothing_for_text(edition, organiser_user):
    log_action("edition.update", by=organiser_user, edition=edition, obj=edition)
    log_action("account.login", by=organiser_user, obj=organiser_user.email)
    log_action("edition.update", by=organiser_user, edition=edition)

    entries = AuditEntry.objects.order_by("pk").values_list(
        "object_repr", "object_model", "object_id"
    )

    assert list(entries) == [
        (edition.name, "events.edition", edition.pk),
        ("organiser@example.com", "", None),
        ("", "", None),
    ]
