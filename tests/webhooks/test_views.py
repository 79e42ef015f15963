"""The organiser's webhook pages: add an endpoint, its secret once, refusals, send again."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.webhooks import services
from paddock.webhooks.enums import DeliveryStatus, WebhookEvent
from paddock.webhooks.models import Attempt, Delivery, Endpoint
from tests import factories
from tests.edit_forms import opened_data, post_as_opened

pytestmark = pytest.mark.integration


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def in_production(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False


def list_url(edition) -> str:
    return reverse("webhooks:endpoint-list", args=[edition.slug])


def detail_url(endpoint) -> str:
    return reverse("webhooks:endpoint-detail", args=[endpoint.edition.slug, endpoint.pk])


def form_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_endpoint_added_on_the_page_shows_its_secret_once(edition, organiser_client, receiver):
    response = organiser_client.post(
        list_url(edition),
        {"url": receiver.url, "events": ["meeting.scheduled", "meeting.moved"], "active": "on"},
    )

    endpoint = Endpoint.objects.get()
    first = organiser_client.get(detail_url(endpoint))
    second = organiser_client.get(detail_url(endpoint))
    assert (response.status_code, response.url) == (302, detail_url(endpoint))
    assert (endpoint.url, endpoint.events, endpoint.active) == (
        receiver.url,
        ["meeting.scheduled", "meeting.moved"],
        True,
    )
    assert (first.context["secret"], second.context["secret"]) == (endpoint.secret, None)
    shown = [endpoint.secret in page.content.decode() for page in (first, second)]
    assert shown == [True, False]


def test_webhooks_page_says_how_to_check_a_signature_and_links_to_what_the_server_serves(
    edition, organiser_client
):
    response = organiser_client.get(list_url(edition))

    page = response.content.decode()
    links = re.findall(r'<a href="(/api/[^"]*)">', page)
    assert (links, [organiser_client.get(url).status_code for url in links]) == (
        [reverse("api:openapi-view")],
        [200],
    )
    assert ("docs/api.md" in page, "X-Paddock-Signature" in page) == (False, True)


PRIVATE = "https://169.254.169.254/latest"
PLAIN = "http://93.184.216.34/hook"


@pytest.mark.parametrize(
    ("url", "language", "message"),
    [
        (
            PRIVATE,
            "en",
            "This address is on a private, loopback or link-local network: Paddock only "
            "sends webhooks to public addresses.",
        ),
        (
            PRIVATE,
            "fr",
            "Cette adresse est sur un réseau privé, de bouclage ou local au lien\u00a0: Paddock "
            "n’envoie de webhooks qu’à des adresses publiques.",
        ),
        (PLAIN, "en", "Use an address that starts with https://."),
        (PLAIN, "fr", "Utilisez une adresse qui commence par https://."),
    ],
)
@pytest.mark.usefixtures("in_production")
def test_endpoint_form_in_production_refuses_a_private_or_plain_address_by_name(
    edition, organiser_client, url, language, message
):
    response = organiser_client.post(
        list_url(edition),
        {"url": url, "events": ["meeting.moved"]},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert (response.status_code, form_errors(response)) == (200, {"url": [message]})
    assert Endpoint.objects.count() == 0


def test_endpoint_form_without_an_event_says_so(edition, organiser_client, receiver):
    response = organiser_client.post(list_url(edition), {"url": receiver.url})

    assert form_errors(response) == {"events": ["Choose at least one event."]}
    assert Endpoint.objects.count() == 0


def test_endpoint_page_changes_the_settings(organiser_client, endpoint, receiver):
    response = post_as_opened(
        organiser_client,
        detail_url(endpoint),
        {"url": receiver.url + "/v2", "events": ["meeting.cancelled"]},
    )

    endpoint.refresh_from_db()
    assert (response.status_code, endpoint.url, endpoint.events, endpoint.active) == (
        302,
        receiver.url + "/v2",
        ["meeting.cancelled"],
        False,
    )


def test_rotated_secret_is_shown_once_and_signs_from_then_on(organiser_client, endpoint):
    old = endpoint.secret
    url = reverse("webhooks:endpoint-rotate", args=[endpoint.edition.slug, endpoint.pk])

    response = organiser_client.post(url)

    endpoint.refresh_from_db()
    shown = organiser_client.get(detail_url(endpoint)).context["secret"]
    assert (response.url, shown, shown != old) == (detail_url(endpoint), endpoint.secret, True)


def test_send_again_button_makes_a_new_attempt(
    organiser_client, endpoint, receiver, checked_in, committed
):
    receiver.answers = [500, 200]
    checked_in()
    delivery = Delivery.objects.get()
    url = reverse("webhooks:delivery-send-again", args=[endpoint.edition.slug, delivery.pk])

    with committed():
        response = organiser_client.post(url)

    page = organiser_client.get(detail_url(endpoint))
    (shown,) = page.context["deliveries"]
    assert response.url == detail_url(endpoint)
    assert (shown.status, [a.status_code for a in shown.attempts.all()]) == (
        DeliveryStatus.SUCCEEDED,
        [200, 500],
    )


def test_deliveries_and_attempts_are_shown_in_the_edition_time_zone(
    organiser_client, endpoint, receiver, checked_in
):
    receiver.answers = [500]
    checked_in()
    sent = dt.datetime(2026, 6, 10, 8, 5, tzinfo=dt.UTC)  # 10:05 in Paris (summer time)
    Delivery.objects.update(
        created_at=sent, status=DeliveryStatus.PENDING, next_attempt_at=sent + dt.timedelta(hours=1)
    )
    Attempt.objects.update(started_at=sent)

    page = organiser_client.get(detail_url(endpoint)).content.decode()

    assert (
        re.findall(r'<span class="muted">([^<]*) · ', page),
        re.findall(r"next attempt ([^<]*)</span>", page),
        re.findall(r"<li>([^<]*): HTTP 500", page),
    ) == (["10/06/2026 10:05"], ["10/06/2026 11:05"], ["10/06/2026 10:05"])


def test_send_again_to_a_switched_off_endpoint_is_refused(
    organiser_client, endpoint, organiser_user, checked_in
):
    checked_in()
    services.update_endpoint(
        endpoint, by=organiser_user, url=endpoint.url, events=endpoint.events, active=False
    )
    delivery = Delivery.objects.get()
    url = reverse("webhooks:delivery-send-again", args=[endpoint.edition.slug, delivery.pk])

    response = organiser_client.post(url, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This endpoint is switched off: switch it on to send to it."
    ]
    assert delivery.attempts.count() == 1


def test_endpoint_of_another_edition_is_not_found(
    edition, organiser_client, organiser_user, receiver
):
    elsewhere = services.create_endpoint(
        factories.make_edition(), by=organiser_user, url=receiver.url, events=["meeting.moved"]
    )

    response = organiser_client.get(
        reverse("webhooks:endpoint-detail", args=[edition.slug, elsewhere.pk])
    )

    assert response.status_code == 404


def test_endpoint_deleted_with_its_deliveries(organiser_client, endpoint, checked_in):
    checked_in()
    url = reverse("webhooks:endpoint-delete", args=[endpoint.edition.slug, endpoint.pk])

    response = organiser_client.post(url)

    assert (response.url, Endpoint.objects.count(), Delivery.objects.count()) == (
        list_url(endpoint.edition),
        0,
        0,
    )


def test_endpoint_page_keeps_the_events_changed_meanwhile(organiser_client, endpoint, receiver):
    opened = opened_data(organiser_client, detail_url(endpoint))
    services.update_endpoint(
        Endpoint.objects.get(pk=endpoint.pk), by=None, url=endpoint.url,
        events=[WebhookEvent.values[0]], active=True,
    )  # fmt: skip

    response = organiser_client.post(detail_url(endpoint), {**opened, "active": ""})

    endpoint.refresh_from_db()
    assert (response.status_code, endpoint.events, endpoint.active) == (
        302,
        [WebhookEvent.values[0]],
        False,
    )


def test_endpoint_form_offers_every_event_in_the_readers_language(edition, organiser_client):
    response = organiser_client.get(list_url(edition), HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    offered = re.findall(r'name="events" value="([^"]+)"[^>]*>\s*([^<]*?)\s*</label>', page)
    assert offered == [
        ("meeting.scheduled", "Rendez-vous planifié"),
        ("meeting.moved", "Rendez-vous déplacé"),
        ("meeting.cancelled", "Rendez-vous annulé"),
        ("meeting.missed", "Rendez-vous non honoré (absence)"),
        ("participant.checked_in", "Participant enregistré à l’accueil"),
    ]


def test_the_endpoint_page_says_why_a_held_delivery_waits(endpoint, organiser_client):
    delivery = Delivery.objects.create(
        endpoint=endpoint, event_type="x", body="{}", status=DeliveryStatus.HELD
    )

    page = organiser_client.get(detail_url(endpoint)).content.decode()

    row = re.search(rf'<tr id="delivery-{delivery.pk}">.*?</tr>', page, re.S).group()
    assert 'Held<br><span class="muted">pending in a backup restored on this server' in row


def test_a_held_delivery_is_not_sent_again_from_its_page(
    organiser_client, endpoint, receiver, committed
):
    # A copy restored from a backup holds it: only the operator's `held_outgoing --send`
    # knows whether this server may call the customer's endpoint.
    delivery = Delivery.objects.create(
        endpoint=endpoint, event_type="x", body="{}", status=DeliveryStatus.HELD
    )
    url = reverse("webhooks:delivery-send-again", args=[endpoint.edition.slug, delivery.pk])

    with committed():
        response = organiser_client.post(url, follow=True)

    delivery.refresh_from_db()
    page = response.content.decode()
    row = re.search(rf'<tr id="delivery-{delivery.pk}">.*?</tr>', page, re.S).group()
    assert (
        [str(m) for m in response.context["messages"]],
        delivery.status,
        receiver.received,
        "Send again</button>" in row,
    ) == (
        [
            "This delivery was pending in a backup restored on this server: whoever runs the "
            "server sends or drops the held deliveries."
        ],
        DeliveryStatus.HELD,
        [],
        False,
    )
