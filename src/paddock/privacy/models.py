"""Erasure requests: a person's wish to be erased, then the record that it was done."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paddock.privacy.enums import ErasureOrigin, ErasureStatus


class ErasureRequest(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_requests",
        verbose_name=_("edition"),
        help_text=_("Where the person asked, or the edition whose retention period ended."),
    )
    origin = models.CharField(
        _("origin"), max_length=12, choices=ErasureOrigin.choices, default=ErasureOrigin.REQUEST
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    done_at = models.DateTimeField(
        _("answered"),
        null=True,
        blank=True,
        help_text=_("When the data was erased, or the request withdrawn or declined."),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        max_length=1000,
        blank=True,
        help_text=_("Emailed to the person when the organisers decline the request."),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=ErasureStatus.PENDING),
                name="erasure_one_pending_per_person",
            )
        ]

    def __str__(self) -> str:
        # No personal data: the audit log copies this.
        return f"erasure request #{self.pk}"
