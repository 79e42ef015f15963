"""A returning person starts from last year's profile: the description, website, offers, needs
and attachments of their company at the series' previous edition they came to."""

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.participants import rules
from paddock.participants.models import Attachment, Company, Need, Offer, Participant
from paddock.participants.queries import categories_for_edition
from paddock.participants.search import refresh_search_text
from paddock.participants.services import CompanyError


def previous_participation(participant: Participant) -> Participant | None:
    """The same person's latest participation in an earlier edition of the series."""
    if participant.user_id is None:  # a declined row without account: no one to match
        return None
    return (
        Participant.objects.filter(
            user_id=participant.user_id,
            edition__series_id=participant.edition.series_id,
            edition__start_date__lt=participant.edition.start_date,
        )
        .select_related("company", "edition")
        .order_by("-edition__start_date")
        .first()
    )


def _copy_items(old: Company, new: Company, usable: set[int]) -> dict[int, Any]:
    """Copy the offers and needs; returns the new item of each old one, by kind and pk."""
    copies: dict[Any, Any] = {}
    for model in (Offer, Need):
        for item in model.objects.filter(company=old).order_by("pk"):
            category = item.category_id if item.category_id in usable else None
            if category is None and not item.text:
                continue
            copies[(model, item.pk)] = model.objects.create(
                company=new, category_id=category, text=item.text
            )
    return copies


def _copy_files(old: Company, copies: dict[Any, Any], *, by: Any) -> list[Attachment]:
    made = []
    for attachment in Attachment.objects.filter(company=old).order_by("pk"):
        key = (Offer, attachment.offer_id) if attachment.offer_id else (Need, attachment.need_id)
        if key not in copies:
            continue
        item = copies[key]
        copy = Attachment(
            company=item.company,
            offer=item if isinstance(item, Offer) else None,
            need=item if isinstance(item, Need) else None,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=by,
        )
        with attachment.file.open("rb") as source:
            copy.file.save(attachment.original_name, ContentFile(source.read()), save=False)
        copy.save()
        made.append(copy)
    return made


@transaction.atomic
def copy_previous_profile(participant: Participant, *, by: Any) -> Company:
    """Fill the participant's company with last year's profile (see the module): files are
    copied, not shared, so that deleting one leaves the other.

    Raises CompanyError: `cannot_edit_company` when the participant may not edit the company
    (`rules.can_edit_company`), `no_previous_profile`, `profile_not_empty` when the company
    already has offers or needs (nothing is overwritten).
    """
    company = Company.objects.select_for_update().get(pk=participant.company_id)
    if not rules.can_edit_company(participant):
        raise CompanyError(_("You may not edit this company."), code="cannot_edit_company")
    previous = previous_participation(participant)
    if previous is None:
        raise CompanyError(
            _("You took part in no earlier edition of this series."), code="no_previous_profile"
        )
    if company.offers.exists() or company.needs.exists():
        raise CompanyError(
            _("Your company already lists offers or needs: nothing was copied."),
            code="profile_not_empty",
        )
    old = previous.company
    company.description, company.website = old.description, old.website or company.website
    company.save(update_fields=["description", "website"])
    usable = set(categories_for_edition(participant.edition).values_list("pk", flat=True))
    files = _copy_files(old, _copy_items(old, company, usable), by=by)
    refresh_search_text([company])
    log_action(
        "company.copy_previous_profile",
        by=by,
        edition=participant.edition,
        obj=company,
        source=old.pk,
        files=len(files),
    )
    return company
