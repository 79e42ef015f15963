"""Files uploaded for an import, kept between the steps of the wizard."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition

# An uploaded file not imported within a day is deleted by `python -m paddock periodic`.
UPLOAD_LIFETIME = dt.timedelta(days=1)


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants and companies")
    MEETINGS = "meetings", _("Meeting wishes or fixed meetings")


class ImportFile(models.Model):
    """An uploaded file with the organiser's choices, until it is imported or a day old.

    Its random id is in the wizard's pages; only the person who uploaded it, in its edition,
    reaches it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    mapping = models.JSONField(
        _("mapping"),
        default=list,
        blank=True,
        help_text=_("The field of each column of the file, empty for an ignored column."),
    )
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_("Default values (role, country, sector) or the kind of meetings."),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("file to import")
        verbose_name_plural = _("files to import")

    def __str__(self) -> str:
        return self.name
