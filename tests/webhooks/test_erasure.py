"""Erasing a person drops the stored deliveries that name them: nothing of theirs can be read
on the endpoint page or sent again."""

import re

import pytest
from django.urls import reverse

from paddock.checkin.services import check_in
from paddock.privacy import services as privacy
from paddock.webhooks import dispatch
from paddock.webhooks.enums import WebhookEvent
from paddock.webhooks.models import Attempt, Delivery
from tests.scheduling.helpers import make_meeting, person

pytestmark = pytest.mark.integration


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


def test_erasure_drops_the_deliveries_that_name_the_person_and_keeps_the_others(
    endpoint, organiser_client, organiser_user, checkin_user, committed
):
    edition = endpoint.edition
    ada, bert, carl = (person(edition, name) for name in ("Ada", "Bert", "Carl"))
    with committed():
        for someone in (ada, bert):
            check_in(edition, by=checkin_user, participant=someone)
        dispatch.meetings_changed(
            edition,
            WebhookEvent.MEETING_SCHEDULED,
            [make_meeting(ada, carl).pk, make_meeting(bert, carl).pk],
        )
    stored = Delivery.objects.count()
    kept = set(Delivery.objects.exclude(body__contains="Ada Test").values_list("pk", flat=True))

    with committed():
        privacy.erase_person(ada.user, by=organiser_user, edition=edition, origin="request")

    url = reverse("webhooks:endpoint-detail", args=[edition.slug, endpoint.pk])
    page = organiser_client.get(url)
    assert (stored, len(kept)) == (4, 2)
    assert set(Delivery.objects.values_list("pk", flat=True)) == kept
    assert set(Attempt.objects.values_list("delivery", flat=True)) == kept
    shown = {int(pk) for pk in re.findall(r'id="delivery-(\d+)"', page.content.decode())}
    assert shown == kept


def test_send_again_of_a_delivery_dropped_by_an_erasure_is_not_found(
    endpoint, organiser_client, organiser_user, checkin_user, committed
):
    edition = endpoint.edition
    ada = person(edition, "Ada")
    with committed():
        check_in(edition, by=checkin_user, participant=ada)
    delivery = Delivery.objects.get()
    with committed():
        privacy.erase_person(ada.user, by=organiser_user, edition=edition, origin="request")

    response = organiser_client.post(
        reverse("webhooks:delivery-send-again", args=[edition.slug, delivery.pk])
    )

    assert (response.status_code, Delivery.objects.count()) == (404, 0)
