import pytest
from django.urls import reverse

from paddock.events.models import SanitaryProtocol
from tests import factories
from tests.edit_forms import post_as_opened

pytestmark = pytest.mark.integration


def test_protocol_page_shows_the_meeting_cap_of_each_room(organiser_client, edition):
    room = factories.make_room(edition, name="Tent", capacity=30)
    for label in ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10"]:
        factories.make_table(room, label=label)

    post_as_opened(
        organiser_client,
        reverse("events:protocol", args=[edition.slug]),
        {"max_persons_per_room": "15", "health_pass_required": "on", "visits_allowed": ""},
    )

    response = organiser_client.get(reverse("events:protocol", args=[edition.slug]))
    protocol = SanitaryProtocol.objects.get(edition=edition)
    caps = [(room.name, room.meeting_cap_now) for room in response.context["rooms"]]
    assert (protocol.max_persons_per_room, protocol.health_pass_required) == (15, True)
    assert protocol.visits_allowed is False
    assert caps == [("Tent", 7)]
    assert response.context["form"].initial == {
        "max_persons_per_room": 15,
        "health_pass_required": True,
        "visits_allowed": False,
    }


def test_protocol_cap_below_two_is_shown_next_to_the_field(organiser_client, edition):
    response = post_as_opened(
        organiser_client,
        reverse("events:protocol", args=[edition.slug]),
        {"max_persons_per_room": "1"},
    )

    assert response.context["form"].errors == {
        "max_persons_per_room": ["Allow at least 2 persons per room: a meeting seats two."]
    }


@pytest.mark.parametrize(
    ("before", "after", "review"),
    [
        ({"max_persons_per_room": 20}, {"max_persons_per_room": "10"}, True),
        ({"max_persons_per_room": None}, {"max_persons_per_room": "10"}, True),
        ({"health_pass_required": False}, {"health_pass_required": "on"}, True),
        ({"max_persons_per_room": 10}, {"max_persons_per_room": "20"}, False),
        ({"max_persons_per_room": 10}, {"max_persons_per_room": ""}, False),
        ({"health_pass_required": True}, {"health_pass_required": ""}, False),
    ],
)
def test_protocol_stricter_leads_to_the_review_of_its_conflicts(
    organiser_client, edition, before, after, review
):
    SanitaryProtocol.objects.filter(edition=edition).update(**before)
    fields = {"max_persons_per_room": "", "health_pass_required": "", "visits_allowed": "on"}
    protocol = SanitaryProtocol.objects.get(edition=edition)
    if protocol.max_persons_per_room is not None:
        fields["max_persons_per_room"] = str(protocol.max_persons_per_room)
    if protocol.health_pass_required:
        fields["health_pass_required"] = "on"

    response = post_as_opened(
        organiser_client, reverse("events:protocol", args=[edition.slug]), {**fields, **after}
    )

    name = "scheduling:protocol-review" if review else "events:protocol"
    assert response.url == reverse(name, args=[edition.slug])
