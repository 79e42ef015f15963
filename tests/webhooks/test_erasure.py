"""Erasing a person empties their name in the stored deliveries that name them: the delivery
history stays, nothing of theirs is kept or sent again."""

import json
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


def test_erasure_scrubs_the_name_from_the_deliveries_and_keeps_their_history(
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
    before = {d.pk: (d.event_id, d.event_type, d.status) for d in Delivery.objects.all()}
    attempts = sorted(Attempt.objects.values_list("pk", flat=True))
    naming_ada = set(
        Delivery.objects.filter(body__contains="Ada Test").values_list("pk", flat=True)
    )

    with committed():
        privacy.erase_person(ada.user, by=organiser_user, edition=edition, origin="request")

    url = reverse("webhooks:endpoint-detail", args=[edition.slug, endpoint.pk])
    page = organiser_client.get(url).content.decode()
    after = {d.pk: d for d in Delivery.objects.all()}
    assert {
        "history": {pk: (d.event_id, d.event_type, d.status) for pk, d in after.items()},
        "attempts": sorted(Attempt.objects.values_list("pk", flat=True)),
        "named": [pk for pk, d in after.items() if "Ada Test" in d.body],
        "scrubbed": {pk for pk, d in after.items() if d.scrubbed_at is not None},
        "others keep names": all("Carl Test" in after[pk].body for pk in after),
        "shown": {int(pk) for pk in re.findall(r'id="delivery-(\d+)"', page)},
    } == {
        "history": before,
        "attempts": attempts,
        "named": [],
        "scrubbed": naming_ada,
        "others keep names": False,
        "shown": set(before),
    }


def test_a_scrubbed_delivery_is_not_sent_again(
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
        reverse("webhooks:delivery-send-again", args=[edition.slug, delivery.pk]), follow=True
    )
    delivery.refresh_from_db()

    assert (
        [str(m) for m in response.context["messages"]],
        delivery.attempts.count(),
        json.loads(delivery.body)["data"]["checkin"]["participant"]["name"],
    ) == (
        [
            "A person named in this delivery had their data erased: it is kept in the history "
            "without their name and cannot be sent again."
        ],
        1,
        "",
    )
