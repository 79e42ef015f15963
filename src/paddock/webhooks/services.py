"""The organiser's writes on webhooks: endpoints, their secrets, sending a delivery again."""

import json
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.services import lock_row, log_action, set_changed
from paddock.events.models import Edition
from paddock.participants.models import Participant
from paddock.webhooks.enums import DeliveryStatus, WebhookEvent
from paddock.webhooks.models import Delivery, Endpoint
from paddock.webhooks.sending import enqueue
from paddock.webhooks.signing import new_secret
from paddock.webhooks.validators import check_webhook_url


class WebhookError(DomainError):
    code = "webhook_refused"


def _check(url: str, events: list[str]) -> list[str]:
    try:
        check_webhook_url(url)
    except ValidationError as error:
        raise WebhookError(" ".join(error.messages), code=error.code, field="url") from error
    chosen = [event for event in WebhookEvent.values if event in events]
    if not chosen or len(chosen) != len(set(events)):
        raise WebhookError(_("Choose at least one event."), code="no_event", field="events")
    return chosen


@transaction.atomic
def create_endpoint(
    edition: Edition, *, by: Any, url: str, events: list[str], active: bool = True
) -> Endpoint:
    """A new endpoint with a new secret (`endpoint.secret`, to show once).

    Raises WebhookError (field url: https_only, unknown_host, private_address; field events:
    no_event). Resolves the URL's host name.
    """
    chosen = _check(url, events)
    endpoint = Endpoint.objects.create(
        edition=edition, url=url, events=chosen, active=active, secret=new_secret()
    )
    log_action("webhook.create", by=by, edition=edition, obj=endpoint, events=chosen)
    return endpoint


@transaction.atomic
def update_endpoint(
    endpoint: Endpoint, *, by: Any, url: str, events: list[str], active: bool
) -> Endpoint:
    """Change the URL, the events or switch the endpoint on or off; raises as create_endpoint,
    and WebhookError(code="endpoint_gone") when it was deleted meanwhile. Switching it on again
    sends the deliveries that fell due meanwhile (periodic job). Locks its row, and writes the
    fields that differ from `endpoint` as the caller read it, and those only (`set_changed`)."""
    chosen = _check(url, events)
    if not lock_row(endpoint):
        raise WebhookError(_("This endpoint was deleted meanwhile."), code="endpoint_gone")
    endpoint.save(update_fields=set_changed(endpoint, url=url, events=chosen, active=active))
    log_action("webhook.update", by=by, edition=endpoint.edition, obj=endpoint, events=chosen,
               active=active)  # fmt: skip
    return endpoint


@transaction.atomic
def rotate_secret(endpoint: Endpoint, *, by: Any) -> Endpoint:
    """A new secret, in force at once (to show once); attempts after this are signed with it."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.secret, endpoint.secret_rotated_at = new_secret(), timezone.now()
    endpoint.save(update_fields=["secret", "secret_rotated_at"])
    log_action("webhook.rotate_secret", by=by, edition=endpoint.edition, obj=endpoint)
    return endpoint


@transaction.atomic
def delete_endpoint(endpoint: Endpoint, *, by: Any) -> None:
    """Delete the endpoint with its deliveries and their attempts."""
    log_action("webhook.delete", by=by, edition=endpoint.edition, obj=endpoint)
    endpoint.delete()


@transaction.atomic
def send_again(delivery: Delivery, *, by: Any) -> Delivery:
    """Send a delivery again now, whatever became of it, with a fresh count of attempts (same
    event id and body, so that receivers can tell it is the same event). Locks the delivery.

    Raises WebhookError (endpoint_inactive) when its endpoint is switched off.
    """
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if not delivery.endpoint.active:
        raise WebhookError(
            _("This endpoint is switched off: switch it on to send to it."),
            code="endpoint_inactive",
        )
    delivery.status, delivery.failures = DeliveryStatus.PENDING, 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "failures", "next_attempt_at"])
    log_action("webhook.send_again", by=by, edition=delivery.endpoint.edition, obj=delivery,
               endpoint=delivery.endpoint_id)  # fmt: skip
    transaction.on_commit(lambda: enqueue([delivery.pk]))
    return delivery


# Where the bodies (dispatch.py) name a participant: a meeting's two people, a check-in's one.
_PEOPLE_IN_BODY = ("first", "second", "participant")


def _people_in(body: str) -> set[int]:
    objects = json.loads(body).get("data", {}).values()
    return {
        person["id"]
        for data in objects
        if isinstance(data, dict)
        for key in _PEOPLE_IN_BODY
        if isinstance(person := data.get(key), dict) and "id" in person
    }


def forget_deliveries_about(participant_pks: Collection[int]) -> int:
    """Delete, with their attempts, the stored deliveries whose body names one of these
    participants, whatever their status: once a person is erased, nothing of theirs may be
    read on the endpoint page or sent again. Call inside the erasure's transaction. A body is
    the signed record of what was sent, so it is dropped rather than rewritten. Returns how
    many were deleted."""
    if not participant_pks:
        return 0
    wanted = set(participant_pks)
    editions = Participant.objects.filter(pk__in=wanted).values("edition")
    stored = Delivery.objects.filter(endpoint__edition__in=editions).only("pk", "body")
    doomed = [d.pk for d in stored.iterator() if _people_in(d.body) & wanted]
    return Delivery.objects.filter(pk__in=doomed).delete()[1].get("webhooks.Delivery", 0)
