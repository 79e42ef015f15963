"""The webhook pages read as many queries with one row as with three."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.webhooks import services
from paddock.webhooks.enums import WebhookEvent
from paddock.webhooks.models import Attempt, Delivery
from tests.growth import count_queries

pytestmark = pytest.mark.integration


def add_endpoints(edition, by, url, count):
    for _ in range(count):
        services.create_endpoint(edition, by=by, url=url, events=[WebhookEvent.MEETING_MOVED])


def add_deliveries(endpoint, count):
    for _ in range(count):
        delivery = Delivery.objects.create(endpoint=endpoint, event_type="x", body="{}")
        for code in (500, 200):
            Attempt.objects.create(
                delivery=delivery, started_at=timezone.now(), status_code=code, duration_ms=3
            )


def test_endpoint_list_queries_do_not_grow_with_rows(client, edition, organiser_user, receiver):
    client.force_login(organiser_user)
    url = reverse("webhooks:endpoint-list", args=[edition.slug])
    add_endpoints(edition, organiser_user, receiver.url, 1)
    one = count_queries(client, "get", url)
    add_endpoints(edition, organiser_user, receiver.url, 2)

    three = count_queries(client, "get", url)

    assert three == one


def test_endpoint_page_queries_do_not_grow_with_deliveries(client, organiser_user, endpoint):
    client.force_login(organiser_user)
    url = reverse("webhooks:endpoint-detail", args=[endpoint.edition.slug, endpoint.pk])
    add_deliveries(endpoint, 1)
    one = count_queries(client, "get", url)
    add_deliveries(endpoint, 2)

    three = count_queries(client, "get", url)

    assert three == one
