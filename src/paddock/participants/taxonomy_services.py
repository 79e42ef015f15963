"""Writes on the capability taxonomy.

The shared items are changed only by site administrators; an organiser adds, changes and
deletes its own, as long as no edition of another organiser uses them. `by=None` is the
system (demo, imports) and may do anything.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.exceptions import DomainError
from paddock.core.services import lock_row, log_action, set_changed
from paddock.core.text import clean_line
from paddock.events.models import Organiser
from paddock.events.rules import is_organiser_member
from paddock.participants.models import Category, Need, Offer
from paddock.participants.queries import category_used_elsewhere, descendant_ids


class TaxonomyError(DomainError):
    code = "taxonomy_error"


def _next_position(parent: Category | None, kind: str) -> int:
    siblings = Category.objects.filter(parent=parent)
    if parent is None:
        siblings = siblings.filter(kind=kind)
    last = siblings.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _is_curator(user: Any) -> bool:
    """The system and site administrators, who may change every item."""
    return user is None or bool(user.is_superuser)


def check_may_change(category: Category, *, by: Any) -> None:
    """Raise TaxonomyError unless `by` may change or delete this item.

    Codes: `shared` (an item of all organisers), `other_organiser` (`by` is not a member of
    the item's organiser), `used_elsewhere` (editions of other organisers use it).
    """
    if _is_curator(by):
        return
    names = {"item": category.label}
    if category.organiser_id is None:
        message = _(
            "%(item)s is shared by all organisers: only site administrators may change or "
            "delete it."
        )
        raise TaxonomyError(message % names, code="shared")
    if not is_organiser_member(by, category.organiser):  # type: ignore[arg-type]
        message = _(
            "%(item)s belongs to another organiser: only its members may change or delete it."
        )
        raise TaxonomyError(message % names, code="other_organiser")
    if category_used_elsewhere(category):
        message = _(
            "%(item)s is used in editions of other organisers: only site administrators may "
            "change or delete it."
        )
        raise TaxonomyError(message % names, code="used_elsewhere")


def _check_owner(by: Any, organiser: Organiser | None, parent: Category | None) -> None:
    if not _is_curator(by) and (organiser is None or not is_organiser_member(by, organiser)):
        raise TaxonomyError(
            _("Choose one of your organisers: only site administrators add shared items."),
            code="not_your_organiser",
            field="organiser",
        )
    owner_id = organiser.pk if organiser is not None else None
    if parent is not None and parent.organiser_id not in {None, owner_id}:
        raise TaxonomyError(
            _("%(parent)s belongs to another organiser: choose a shared item or one of yours.")
            % {"parent": parent.label},
            code="other_parent",
            field="parent",
        )


@transaction.atomic
def create_category(
    *,
    by: Any,
    code: str,
    label_en: str,
    label_fr: str,
    kind: str | None = None,
    parent: Category | None = None,
    position: int | None = None,
    organiser: Organiser | None = None,
) -> Category:
    """Add an item to the taxonomy, last among its siblings unless `position` is given.

    The item belongs to `organiser`, or is shared by all when None. A child takes its parent's
    kind; a top-level item needs one. Raises TaxonomyError `not_your_organiser` (field
    `organiser`) when `by` may not add items for that organiser, `other_parent` (field
    `parent`) for a parent of another organiser; ValidationError naming the field (`code`
    already used, `kind` missing, labels empty).
    """
    _check_owner(by, organiser, parent)
    if parent is not None:
        kind = parent.kind
    if not kind:
        raise ValidationError(
            {"kind": _("Choose a kind for a top-level item.")}, code="kind_required"
        )
    category = Category(
        organiser=organiser,
        code=code,
        kind=kind,
        label_en=clean_line(label_en).strip(),
        label_fr=clean_line(label_fr).strip(),
        parent=parent,
        position=_next_position(parent, kind) if position is None else position,
    )
    category.full_clean()
    category.save()
    log_action("category.create", by=by, obj=category, code=category.code)
    return category


def _check_parent(category: Category, parent: Category | None) -> None:
    if parent is None:
        return
    if parent.pk == category.pk or parent.pk in descendant_ids(category):
        raise TaxonomyError(
            _("%(parent)s is %(item)s itself or one of its sub-items: choose another parent.")
            % {"parent": parent.label, "item": category.label},
            code="cycle",
            field="parent",
        )


@transaction.atomic
def update_category(
    category: Category,
    *,
    by: Any,
    label_en: str,
    label_fr: str,
    position: int,
    parent: Category | None,
    kind: str | None = None,
) -> Category:
    """Change an item's labels, position and parent (the code never changes: others use it).

    Under a parent, the item and all its sub-items take the parent's kind; a top-level item
    keeps its kind unless `kind` is given. Raises TaxonomyError as `check_may_change` does,
    `cycle` (field `parent`) when the parent is the item itself or one of its sub-items,
    `other_parent` for a parent of another organiser, `category_gone` when it was deleted
    meanwhile; ValidationError for invalid fields. Locks its row, and writes the fields that
    differ from `category` as the caller read it, and those only (`set_changed`).
    """
    check_may_change(category, by=by)
    if not lock_row(category):
        raise TaxonomyError(
            _("%(item)s was deleted meanwhile.") % {"item": category.label}, code="category_gone"
        )
    _check_parent(category, parent)
    _check_owner(None, category.organiser, parent)  # the owner stays: only the parent is new
    new_kind = parent.kind if parent is not None else (kind or category.kind)
    changed = set_changed(
        category,
        read=category,
        label_en=clean_line(label_en).strip(),
        label_fr=clean_line(label_fr).strip(),
        position=position,
        parent_id=parent.pk if parent is not None else None,
        kind=new_kind,
    )
    if "parent_id" in changed:
        category.parent = parent
    category.full_clean()
    category.save(update_fields=changed)
    Category.objects.filter(pk__in=descendant_ids(category)).exclude(kind=new_kind).update(
        kind=new_kind
    )
    log_action("category.update", by=by, obj=category, code=category.code)
    return category


@transaction.atomic
def delete_category(category: Category, *, by: Any) -> None:
    """Remove an unused leaf of the taxonomy.

    Raises TaxonomyError as `check_may_change` does, `has_children` when it has sub-items and
    `in_use` when an offer or a need refers to it.
    """
    check_may_change(category, by=by)
    if category.children.exists():
        raise TaxonomyError(
            _("%(item)s has sub-items: move or delete them first.") % {"item": category.label},
            code="has_children",
        )
    uses = Offer.objects.filter(category=category).count()
    uses += Need.objects.filter(category=category).count()
    if uses:
        raise TaxonomyError(
            ngettext(
                "%(item)s is used by %(count)d offer or need: it cannot be deleted, "
                "but you may rename or move it.",
                "%(item)s is used by %(count)d offers or needs: it cannot be deleted, "
                "but you may rename or move it.",
                uses,
            )
            % {"item": category.label, "count": uses},
            code="in_use",
        )
    log_action("category.delete", by=by, obj=category, code=category.code)
    category.delete()
