"""Writes of an edition's privacy notice: each change is a new version."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.exceptions import PrivacyNoticeError
from paddock.events.models import Edition, PrivacyNotice
from paddock.events.privacy import latest_privacy_notice
from paddock.events.services.locking import lock_edition


@transaction.atomic
def change_privacy_notice(
    edition: Edition, *, by: Any, text_en: str, text_fr: str
) -> PrivacyNotice:
    """Store the edition's privacy notice as a new version, the earlier ones kept as they were.

    Locks the edition's row, so that two changes at once get two numbers. Returns the version
    in force, unchanged when both texts are the same as its. Raises PrivacyNoticeError
    `privacy_text_missing` naming the empty field.
    """
    texts = {"text_en": text_en.strip(), "text_fr": text_fr.strip()}
    for field, text in texts.items():
        if not text:
            raise PrivacyNoticeError(
                _("Write the text in both languages: participants read it in theirs."),
                code="privacy_text_missing",
                field=field,
            )
    lock_edition(edition)
    latest = latest_privacy_notice(edition)
    if latest is not None and (latest.text_en, latest.text_fr) == tuple(texts.values()):
        return latest
    notice = PrivacyNotice.objects.create(
        edition=edition,
        version=(latest.version + 1) if latest is not None else 1,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **texts,
    )
    log_action("privacy_notice.change", by=by, edition=edition, obj=notice, version=notice.version)
    return notice
