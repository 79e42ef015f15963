"""Writes of the participant's own profile: company, person, offers and needs, attachments,
unavailability. Organiser-side writes stay in `services.py`."""

import math
from collections.abc import Callable, Iterable
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.services import lock_row, log_action, refuse_changed_meanwhile, set_changed
from paddock.core.text import clean_line, clean_text
from paddock.events.models import TimeSlot
from paddock.participants.enums import AWAITING_CONSENT
from paddock.participants.models import Attachment, Category, Company, Need, Offer, Participant
from paddock.participants.queries import company_named
from paddock.participants.search import refresh_search_text
from paddock.participants.services import CompanyError, request_recompute
from paddock.participants.validators import MEGABYTE, check_attachment, name_for_type

CapabilityKind = Literal["offer", "need"]
COMPANY_FIELDS = ("name", "country", "city", "sector", "size", "website", "description")
MAX_ATTACHMENTS_PER_ITEM = 10


def _clean_field(key: str, value: Any) -> Any:
    """Text without control or bidi characters (the API and imports skip the forms)."""
    if not isinstance(value, str):
        return value
    return (clean_text(value) if key == "description" else clean_line(value)).strip()


@transaction.atomic
def update_company(
    company: Company, *, by: Any, read: Company | None = None, **fields: Any
) -> Company:
    """Change the company's details; the views let its validated representatives do it (and
    the lone registered representative of a new company, `rules.can_edit_company`).

    Accepts the keys of COMPANY_FIELDS. Writes the fields that differ from `read`, the company
    as the caller's edit form read it, refusing one someone else changed since
    (ChangedMeanwhileError); without it (the API), those that differ from the row as saved now
    (`set_changed`). Raises ValidationError naming the field (`name` when another company of
    the edition has that name, any case, any spacing; any invalid field).
    """
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"unknown company fields: {sorted(unknown)}")
    fields = {key: _clean_field(key, value) for key, value in fields.items()}
    name = str(fields.get("name", company.name))
    namesake = company_named(company.edition, name)
    if namesake is not None and namesake.pk != company.pk:
        raise ValidationError(
            {"name": _("A company named %(name)s already takes part.") % {"name": name}},
            code="duplicate_company",
        )
    changed = set_changed(company, read=read, **fields)
    company.full_clean()
    # The changed fields only: an organiser may have linked the company to an organisation
    # since `company` was read, and a save of every field wrote the link back to none.
    company.save(update_fields=changed)
    refresh_search_text([company])
    edition = company.edition
    log_action("company.update", by=by, edition=edition, obj=company, fields=sorted(changed))
    request_recompute(company.edition)
    return company


@transaction.atomic
def update_participant_details(
    participant: Participant,
    *,
    by: Any,
    first_name: str,
    last_name: str,
    job_title: str,
    phone: str,
    languages: list[str],
    role: str,
    show_email: bool,
    show_phone: bool,
    show_job_title: bool,
    read: Participant | None = None,
) -> Participant:
    """Change the person's names, job, phone, languages, role and what others may see.

    Writes the fields that differ from `read`, the person as the caller's edit form read it,
    refusing one someone else changed since (ChangedMeanwhileError); without it (the API),
    those that differ from the rows as saved now (`set_changed`). Raises ValidationError
    naming the field for invalid values, and (`name_kept`) when someone else than the person
    changes a name the account has: the account and its name are the person's, shown in
    every edition, not one edition's to change. Until the person accepts an invitation,
    others change the names they gave (`Participant.invited_first_name`), not the account's.
    Nothing changes then.
    """
    user = participant.user
    given = {
        "first_name": clean_line(first_name).strip(),
        "last_name": clean_line(last_name).strip(),
    }
    names, invited_names = [], []
    if by != user and participant.status in AWAITING_CONSENT:
        # Before the person accepts, organisers change the names they gave, never the account.
        invited_names = set_changed(
            participant,
            read=read,
            invited_first_name=given["first_name"],
            invited_last_name=given["last_name"],
        )
    else:
        if by != user:
            _check_names_kept(user, given)
        names = set_changed(user, read=read.user if read is not None else None, **given)
        user.full_clean(validate_unique=False)
    changed = invited_names + set_changed(
        participant, read=read, job_title=clean_line(job_title).strip(),
        phone=clean_line(phone).strip(), languages=list(languages), role=role,
        show_email=show_email, show_phone=show_phone, show_job_title=show_job_title,
    )  # fmt: skip
    participant.full_clean()
    if names:  # a declined invitation may have no account left
        user.save(update_fields=names)
    # The profile's fields only: a save of every field wrote back the status as `participant`
    # was read, over a validation made meanwhile.
    participant.save(update_fields=changed)
    log_action("participant.update_profile", by=by, edition=participant.edition, obj=participant)
    request_recompute(participant.edition)
    return participant


def _check_names_kept(user: Any, given: dict[str, str]) -> None:
    """Others may fill in a blank name, as adding the person does, not replace one."""
    errors = {
        field: _("Only the person changes the name of their account.")
        for field, value in given.items()
        if getattr(user, field) and value != getattr(user, field)
    }
    if errors:
        raise ValidationError(errors, code="name_kept")


def _clean_capability(
    company: Company, category: Category | None, text: str, kind: CapabilityKind
) -> str:
    if category is not None and category.organiser_id not in {
        None,
        company.edition.series.organiser_id,
    }:
        raise CompanyError(
            _("%(item)s is not a capability of this edition.") % {"item": category.label},
            code="unknown_category",
            field="category",
        )
    text = clean_text(text).strip()
    if category is None and not text:
        message = (
            _("Each offer must name a capability, describe it in words, or both.")
            if kind == "offer"
            else _("Each need must name a capability, describe it in words, or both.")
        )
        raise CompanyError(message, code="empty_capability", field="text")
    return text


@transaction.atomic
def add_capability(
    company: Company, *, by: Any, kind: CapabilityKind, category: Category | None, text: str
) -> Offer | Need:
    """Add one offer or need to the company.

    Raises CompanyError `empty_capability`, `unknown_category` for an item of another organiser.
    """
    text = _clean_capability(company, category, text, kind)
    model = Offer if kind == "offer" else Need
    item = model.objects.create(company=company, category=category, text=text)
    refresh_search_text([company])
    log_action(f"company.add_{kind}", by=by, edition=company.edition, obj=item)
    request_recompute(company.edition)
    return item


@transaction.atomic
def update_capability(
    item: Offer | Need, *, by: Any, category: Category | None, text: str
) -> Offer | Need:
    """Change an offer's or need's category and text; its attachments stay.

    Raises CompanyError `empty_capability`, `unknown_category` for an item of another organiser.
    """
    kind: CapabilityKind = "offer" if isinstance(item, Offer) else "need"
    text = _clean_capability(item.company, category, text, kind)
    # The changed fields only: words a colleague saved since `item` was read stay when the
    # form kept them (`core.opened`).
    item.save(update_fields=set_changed(item, read=item, category=category, text=text))
    refresh_search_text([item.company])
    log_action(f"company.update_{kind}", by=by, edition=item.company.edition, obj=item)
    request_recompute(item.company.edition)
    return item


@transaction.atomic
def remove_capability(item: Offer | Need, *, by: Any) -> None:
    """Delete an offer or need with its attachments (their files go once the rows are gone)."""
    company = item.company
    files = [attachment.file for attachment in item.attachments.all()]
    kind = "offer" if isinstance(item, Offer) else "need"
    log_action(f"company.remove_{kind}", by=by, edition=company.edition, obj=item)
    item.delete()
    refresh_search_text([company])
    _delete_files_on_commit(files)
    request_recompute(company.edition)


def _delete_files_on_commit(files: Iterable[Any]) -> None:
    # Only once the rows are surely gone: a rolled-back delete must keep its files.
    names = [(file.storage, file.name) for file in files if file.name]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _megabytes(size: int, rounding: Callable[[float], float]) -> str:
    """A size in MB (1024 * 1024 bytes, as the upload limit), one decimal at most, rounded
    with `rounding` (math.ceil for what is used, math.floor for what is left)."""
    tenths = int(rounding(size * 10 / MEGABYTE))
    return number_format(tenths // 10) if tenths % 10 == 0 else number_format(tenths / 10, 1)


def _check_quota(company: Company, *, name: str, size: int) -> None:
    """Refuse a file that would take the company past its quota; locks the company's row so
    that two uploads at once count each other."""
    Company.objects.select_for_update().filter(pk=company.pk).first()
    totals = company.attachments.aggregate(files=Count("pk"), used=Sum("size"))
    used, files = totals["used"] or 0, totals["files"]
    if files >= settings.ATTACHMENT_QUOTA_FILES:
        raise CompanyError(
            ngettext(
                "Your company already stores %(count)d file, the most it may: "
                "remove it to add %(name)s.",
                "Your company already stores %(count)d files, the most it may: "
                "remove one to add %(name)s.",
                files,
            )
            % {"count": files, "name": name},
            code="attachment_quota_files",
            field="file",
        )
    quota = settings.ATTACHMENT_QUOTA_MB * MEGABYTE
    if used + size > quota:
        raise CompanyError(
            _(
                "%(name)s (%(size)s MB) does not fit: your company’s files take %(used)s MB "
                "of its %(quota)s MB, %(left)s MB left."
            )
            % {
                "name": name,
                "size": _megabytes(size, math.ceil),
                "used": _megabytes(used, math.ceil),
                "quota": number_format(settings.ATTACHMENT_QUOTA_MB),
                "left": _megabytes(max(quota - used, 0), math.floor),
            },
            code="attachment_quota",
            field="file",
        )


@transaction.atomic
def add_attachment(item: Offer | Need, *, by: Any, upload: UploadedFile) -> Attachment:
    """Attach a drawing or specification (PDF, PNG or JPEG, at most 10 MB) to an offer or need.

    The type comes from the file's first bytes, and the stored name ends with its extension.
    Locks the company's row for the quota. Raises ValidationError (field `file`) for a wrong
    type or size; CompanyError (field `file`) `too_many_attachments` past
    MAX_ATTACHMENTS_PER_ITEM, `attachment_quota` and `attachment_quota_files` past the
    company's quota (settings ATTACHMENT_QUOTA_MB and ATTACHMENT_QUOTA_FILES).
    """
    try:
        content_type = check_attachment(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code=error.code) from error
    name = name_for_type(upload.name or "", content_type)
    if item.attachments.count() >= MAX_ATTACHMENTS_PER_ITEM:
        raise CompanyError(
            _("At most %(count)d files may be attached to one item.")
            % {"count": MAX_ATTACHMENTS_PER_ITEM},
            code="too_many_attachments",
            field="file",
        )
    _check_quota(item.company, name=name, size=upload.size or 0)
    attachment = Attachment(
        company=item.company,
        offer=item if isinstance(item, Offer) else None,
        need=item if isinstance(item, Need) else None,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=by,
    )
    attachment.file.save(attachment.original_name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no row, so no file either
        raise
    log_action("company.add_attachment", by=by, edition=item.company.edition, obj=attachment)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: Any) -> None:
    """Delete an attachment and, once committed, its file."""
    log_action(
        "company.remove_attachment", by=by, edition=attachment.company.edition, obj=attachment
    )
    _delete_files_on_commit([attachment.file])
    attachment.delete()


@transaction.atomic
def set_unavailable_slots(
    participant: Participant,
    *,
    by: Any,
    slots: Iterable[TimeSlot],
    read: Iterable[int] | None = None,
) -> set[int]:
    """Replace the slots when the participant cannot meet; returns their ids.

    `read`: the ids as the caller read them (its form's initial value); the slots saved now
    are compared with them under the participant's lock, as `set_changed` does for a field.
    Raises ValidationError (field `slots`) for a slot of another edition, ChangedMeanwhileError
    (field `slots`) when another tab saved other slots since that read.
    """
    chosen = list(slots)
    if any(slot.edition_id != participant.edition_id for slot in chosen):
        raise ValidationError(
            {"slots": _("These slots are not part of this edition's time grid.")},
            code="wrong_edition",
        )
    if read is not None:
        lock_row(participant)
        now = set(participant.unavailable_slots.values_list("pk", flat=True))
        wanted = {slot.pk for slot in chosen}
        refuse_changed_meanwhile("slots", read=set(read), now=now, wanted=wanted)
    participant.unavailable_slots.set(chosen)
    ids = {slot.pk for slot in chosen}
    log_action(
        "participant.set_unavailability",
        by=by,
        edition=participant.edition,
        obj=participant,
        slots=len(ids),
    )
    return ids
