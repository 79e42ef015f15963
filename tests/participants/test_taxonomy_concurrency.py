"""Two organisers edit one branch of the taxonomy at once; on both databases."""

import threading

import pytest

from paddock.participants import taxonomy_services
from paddock.participants.models import Category
from tests import factories
from tests.concurrency import race, signalled, slowed

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_item_moved_under_a_top_item_whose_kind_changes_meanwhile_is_no_deadlock(monkeypatch):
    """One organiser changes the kind of a top-level item (its sub-items follow), another moves
    one of its grandchildren right under it. The first locked the item's row for update: the
    second's save, naming the item as its new parent, waited for it, while the first waited to
    give the grandchild the new kind (a deadlock on PostgreSQL, a server error for one of the
    two). The lock lets rows that refer to the item be written meanwhile, as an update does."""
    curator = factories.make_user(is_superuser=True)
    top = factories.make_category(label_en="Machining", label_fr="Usinage")
    middle = Category.objects.create(code="test-turning", kind="process", parent=top,
                                     label_en="Turning", label_fr="Tournage")  # fmt: skip
    bottom = Category.objects.create(code="test-cnc-turning", kind="process", parent=middle,
                                     label_en="CNC turning", label_fr="Tournage CN")  # fmt: skip
    locked = threading.Event()
    signalled(monkeypatch, taxonomy_services, "lock_row", locked)
    slowed(monkeypatch, taxonomy_services, "lock_row", seconds=1.5)

    def change_kind():
        taxonomy_services.update_category(
            Category.objects.get(pk=top.pk), by=curator, label_en="Machining",
            label_fr="Usinage", position=0, parent=None, kind="service",
        )  # fmt: skip
        return "kind changed"

    def move():
        locked.wait(10)
        taxonomy_services.update_category(
            Category.objects.get(pk=bottom.pk), by=curator, label_en="CNC turning",
            label_fr="Tournage CN", position=0, parent=Category.objects.get(pk=top.pk),
        )  # fmt: skip
        return "moved"

    outcomes = race(lambda job: job(), [(change_kind,), (move,)], Exception, str)

    assert sorted(outcomes) == ["kind changed", "moved"]
    bottom.refresh_from_db()
    assert (bottom.parent_id, bottom.kind) == (top.pk, "service")
