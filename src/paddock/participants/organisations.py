"""The organiser's directory of organisations: matching a name, creating, editing, linking an
edition's company, merging duplicates."""

import functools
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.prepared import Param, Prepared
from paddock.core.services import log_action, set_changed
from paddock.events.models import Edition, Organiser
from paddock.participants.models import Company, Organisation
from paddock.participants.text import fold


class OrganisationError(DomainError):
    code = "organisation_error"


def names_of(organisation: Organisation) -> list[str]:
    return [organisation.name, *organisation.former_names]


def organisations_matching(organiser: Organiser, name: str) -> list[Organisation]:
    """The organiser's organisations whose name or a former name is `name` up to case,
    accents and spacing (one query; compared in Python, the same on every database)."""
    key = fold(name)
    if not key:
        return []
    return [
        organisation
        for organisation in organiser.organisations.all()
        if key in {fold(known) for known in names_of(organisation)}
    ]


def search_organisations(organiser: Organiser, query: str) -> list[Organisation]:
    """The directory, or the organisations whose names contain every word of `query`."""
    organisations = list(organiser.organisations.all())
    words = fold(query).split()
    return [
        organisation
        for organisation in organisations
        if all(word in fold(" ".join(names_of(organisation))) for word in words)
    ]


def _check(organisation: Organisation) -> None:
    try:
        organisation.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise OrganisationError(messages[0], code="invalid", field=field) from error


@transaction.atomic
def create_organisation(organiser: Organiser, *, by: Any, name: str, **fields: Any) -> Organisation:
    """Add an organisation to the directory. Raises OrganisationError naming an invalid field."""
    organisation = Organisation(organiser=organiser, name=name.strip(), **fields)
    _check(organisation)
    organisation.save()
    log_action("organisation.create", by=by, obj=organisation, organiser=organiser.pk)
    return organisation


@transaction.atomic
def update_organisation(organisation: Organisation, *, by: Any, **fields: Any) -> Organisation:
    """Change an organisation; a changed name keeps the old one among its former names. Locks
    its row, and writes the fields that differ from `organisation` as the caller read it, and
    those only (`set_changed`): another organiser's change of another field saved meanwhile
    stays.

    Raises OrganisationError naming an invalid field, or (code="organisation_gone") when it was
    deleted meanwhile; nothing is changed then.
    """
    wanted = {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }
    wanted = {name: value for name, value in wanted.items() if getattr(organisation, name) != value}
    locked = Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if locked is None:
        raise OrganisationError(
            _("This organisation was deleted meanwhile."), code="organisation_gone"
        )
    old_name = locked.name
    changed = set_changed(locked, read=organisation, **wanted)
    if fold(locked.name) != fold(old_name) and old_name not in locked.former_names:
        locked.former_names = [*locked.former_names, old_name]
        changed.append("former_names")
    _check(locked)
    locked.save(update_fields=changed)
    log_action("organisation.update", by=by, obj=locked, fields=sorted(changed))
    return locked


def organisation_for_new_company(
    edition: Edition, name: str, *, always: bool = False, **fields: Any
) -> Organisation | None:
    """The organisation a company created without an explicit choice links to: a new one when
    `always` or when no organisation of the directory bears the name, else none (the organiser
    is shown the match as a suggestion and links it: a company never joins one silently)."""
    organiser = edition.series.organiser
    if not always and organisations_matching(organiser, name):
        return None
    return Organisation.objects.create(organiser=organiser, name=name, **fields)


@transaction.atomic
def link_company(company: Company, *, by: Any, organisation: Organisation) -> Company:
    """Link an edition's company to an organisation of its organiser's directory.

    Raises OrganisationError (field `organisation`) for another organiser's organisation.
    """
    if organisation.organiser_id != company.edition.series.organiser_id:
        raise OrganisationError(
            _("This organisation is not in your directory."),
            code="other_organiser",
            field="organisation",
        )
    company.organisation = organisation
    company.save(update_fields=["organisation"])
    log_action("company.link", by=by, edition=company.edition, obj=company, to=organisation.pk)
    return company


@dataclass(frozen=True)
class MergePreview:
    kept: Organisation
    merged: Organisation
    moved: list[Company]
    former_names: list[str]


def merge_preview(kept: Organisation, merged: Organisation) -> MergePreview:
    """What merging `merged` into `kept` would do: the companies that move (with their
    editions) and the former names `kept` will have. Raises OrganisationError for the same
    organisation twice or two organisers."""
    if kept.pk == merged.pk:
        raise OrganisationError(
            _("Choose two different organisations."), code="same_organisation", field="merged"
        )
    if kept.organiser_id != merged.organiser_id:
        raise OrganisationError(
            _("This organisation is not in your directory."),
            code="other_organiser",
            field="merged",
        )
    moved = list(merged.companies.select_related("edition").order_by("edition__start_date", "pk"))
    former = list(kept.former_names)
    for name in names_of(merged):
        if fold(name) not in {fold(known) for known in [kept.name, *former]}:
            former.append(name)
    return MergePreview(kept=kept, merged=merged, moved=moved, former_names=former)


@transaction.atomic
def merge_organisations(kept: Organisation, *, by: Any, merged: Organisation) -> Organisation:
    """Move every company of `merged` to `kept`, keep its names among `kept`'s former names,
    delete `merged`. Raises what `merge_preview` raises; then nothing changes."""
    locked = {
        organisation.pk: organisation
        for organisation in Organisation.objects.select_for_update().filter(
            pk__in=[kept.pk, merged.pk]
        )
    }
    kept, merged = locked[kept.pk], locked.get(merged.pk, merged)
    preview = merge_preview(kept, merged)
    merged.companies.update(organisation=kept)
    kept.former_names = preview.former_names
    kept.country = kept.country or merged.country
    kept.website = kept.website or merged.website
    kept.registration_number = kept.registration_number or merged.registration_number
    kept.save()
    log_action(
        "organisation.merge",
        by=by,
        obj=kept,
        merged=merged.pk,
        merged_name=merged.name,
        companies=[company.pk for company in preview.moved],
    )
    merged.delete()
    return kept


# Read at every load of the participants list: compiled once (paddock.core.prepared).
_DIRECTORY = Prepared(
    lambda: Organisation.objects.filter(organiser=Param("organiser", models.BigIntegerField()))
)


def organisation_suggestions(edition: Edition) -> list[tuple[Company, Organisation]]:
    """The edition's companies without an organisation whose name is one of the directory's
    (registered by a participant, never linked silently), with that organisation: two queries."""
    index: dict[str, Organisation] = {}
    for organisation in _DIRECTORY.all(organiser=edition.series.organiser_id):
        for name in names_of(organisation):
            index.setdefault(_folded(name), organisation)
    if not index:
        return []
    # Names only: a big edition has hundreds of unlinked companies and few suggestions.
    unlinked = edition.companies.filter(organisation__isnull=True).order_by("name")
    names = unlinked.values_list("pk", "name")
    matched = {pk: index[_folded(name)] for pk, name in names if _folded(name) in index}
    return [(company, matched[company.pk]) for company in unlinked.filter(pk__in=matched)]


@functools.lru_cache(maxsize=4096)
def _folded(name: str) -> str:
    """`fold`, remembered: company names come back on every load of the participants list."""
    return fold(name)
