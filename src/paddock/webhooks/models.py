"""Webhook endpoints of an edition, the deliveries of events to them and each attempt."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition
from paddock.webhooks.enums import DeliveryStatus


class Endpoint(models.Model):
    """A URL of another tool that Paddock POSTs the chosen events of one edition to.

    The secret signs every body (HMAC-SHA256); it is kept as is, since signing needs it, and
    shown only when it is created or rotated.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="webhook_endpoints",
        verbose_name=_("edition"),
    )  # fmt: skip
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(
        _("events"), default=list, help_text=_("The event types sent to this URL.")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive endpoints receive nothing.")
    )
    secret = models.CharField(_("secret"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    secret_rotated_at = models.DateTimeField(_("secret rotated"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one endpoint. The body is kept as sent, so that every attempt (and a
    retry weeks later) signs and sends the same bytes."""

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    event_type = models.CharField(_("event"), max_length=40)
    body = models.TextField(_("body"), help_text=_("The JSON sent, byte for byte."))
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    failures = models.PositiveIntegerField(
        _("failures"), default=0, help_text=_("Failed attempts since the last send request.")
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    scrubbed_at = models.DateTimeField(
        _("personal data removed"),
        null=True,
        blank=True,
        help_text=_(
            "When an erasure removed a person's name from the body: the delivery stays in the "
            "history and is never sent again."
        ),
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class Attempt(models.Model):
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("delivery")
    )
    started_at = models.DateTimeField(_("sent at"))
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
