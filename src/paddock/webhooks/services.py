"""The organiser's writes on webhooks: endpoints, their secrets, sending a delivery again."""

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.services import lock_row, log_action, set_changed
from paddock.events.models import Edition
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
    endpoint.save(
        update_fields=set_changed(endpoint, read=endpoint, url=url, events=chosen, active=active)
    )
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

    Raises WebhookError (endpoint_inactive) when its endpoint is switched off, `held` when a
    restore holds it (`operations.held`): whether this server may call the endpoint is the
    operator's call (`held_outgoing`), not the organisers', whose accounts a copy holds too.
    """
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if delivery.scrubbed_at is not None:
        raise WebhookError(
            _(
                "A person named in this delivery had their data erased: it is kept in the "
                "history without their name and cannot be sent again."
            ),
            code="delivery_scrubbed",
        )
    if delivery.status == DeliveryStatus.HELD:
        raise WebhookError(
            _(
                "This delivery was pending in a backup restored on this server: whoever runs "
                "the server sends or drops the held deliveries."
            ),
            code="held",
        )
    if settings.WEBHOOKS_HOLD:
        raise WebhookError(
            _(
                "This server holds every webhook delivery (a staging or test copy): whoever "
                "runs it sends or drops them."
            ),
            code="held",
        )
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


def _without_people(value: Any, participant_ids: set[int]) -> tuple[Any, bool]:
    """The JSON value with the name of each of these people emptied, where the API writes a
    person (id, name, company: `api.serializers.meetings.person_data`), and whether any was."""
    if isinstance(value, dict):
        if {"id", "name", "company"} <= value.keys() and value["id"] in participant_ids:
            return {**value, "name": ""}, True
        pairs = [(key, *_without_people(item, participant_ids)) for key, item in value.items()]
        return {key: item for key, item, _found in pairs}, any(found for *_, found in pairs)
    if isinstance(value, list):
        items = [_without_people(item, participant_ids) for item in value]
        return [item for item, _found in items], any(found for _item, found in items)
    return value, False


def scrub_deliveries_about(participant_ids: Iterable[int], *, editions: Iterable[int]) -> int:
    """Empty the names of these participants in the bodies of the deliveries of `editions`,
    sent or not: the delivery history (event, time, status, URL, attempts) stays true, while an
    erased person's name is neither kept nor sent. A scrubbed delivery is never sent again (its
    body is no longer what its event id carried); one still pending is given up. Call inside
    the erasure's transaction. Returns how many were scrubbed."""
    people = set(participant_ids)
    if not people:
        return 0
    # Only bodies holding one of the ids (as `dispatch._record` writes JSON) are read whole.
    holding = Q()
    for pk in people:
        holding |= Q(body__contains=f'"id": {pk}')
    found = Delivery.objects.select_for_update().filter(
        holding, endpoint__edition__in=list(editions)
    )
    now, scrubbed = timezone.now(), []
    for delivery in found:
        body, named = _without_people(json.loads(delivery.body), people)
        if not named:
            continue
        delivery.body = json.dumps(body, ensure_ascii=False)
        delivery.scrubbed_at = now
        if delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.HELD):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        scrubbed.append(delivery)
    Delivery.objects.bulk_update(scrubbed, ["body", "scrubbed_at", "status", "next_attempt_at"])
    return len(scrubbed)
