"""Writes on the capability taxonomy, shared by all editions and curated by organisers."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.participants.models import Category, Need, Offer
from paddock.participants.queries import descendant_ids


class TaxonomyError(DomainError):
    code = "taxonomy_error"


def _next_position(parent: Category | None, kind: str) -> int:
    siblings = Category.objects.filter(parent=parent)
    if parent is None:
        siblings = siblings.filter(kind=kind)
    last = siblings.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


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
) -> Category:
    """Add an item to the taxonomy, last among its siblings unless `position` is given.

    A child takes its parent's kind; a top-level item needs one. Raises ValidationError naming
    the field (`code` already used, `kind` missing, labels empty).
    """
    if parent is not None:
        kind = parent.kind
    if not kind:
        raise ValidationError(
            {"kind": _("Choose a kind for a top-level item.")}, code="kind_required"
        )
    category = Category(
        code=code,
        kind=kind,
        label_en=label_en.strip(),
        label_fr=label_fr.strip(),
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
    keeps its kind unless `kind` is given. Raises TaxonomyError `cycle` (field `parent`) when
    the parent is the item itself or one of its sub-items, ValidationError for invalid fields.
    """
    _check_parent(category, parent)
    new_kind = parent.kind if parent is not None else (kind or category.kind)
    category.label_en = label_en.strip()
    category.label_fr = label_fr.strip()
    category.position = position
    category.parent = parent
    category.kind = new_kind
    category.full_clean()
    category.save()
    Category.objects.filter(pk__in=descendant_ids(category)).exclude(kind=new_kind).update(
        kind=new_kind
    )
    log_action("category.update", by=by, obj=category, code=category.code)
    return category


@transaction.atomic
def delete_category(category: Category, *, by: Any) -> None:
    """Remove an unused leaf of the taxonomy.

    Raises TaxonomyError `has_children` when it has sub-items and `in_use` when an offer or a
    need refers to it.
    """
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
