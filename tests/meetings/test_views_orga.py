"""The organiser's list of requests and the suggestion form."""

import pytest
from django.urls import reverse

from paddock.meetings import services
from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from tests import factories
from tests.meetings.helpers import other_participant

pytestmark = pytest.mark.integration


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


def _url(edition):
    return reverse("meetings:request-list", args=[edition.slug])


def test_list_filters_by_status_and_name(organiser_client, edition, buyer, supplier):
    wanted = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    other = other_participant(edition)
    declined = services.request_meeting(other, recipient=supplier, by=other.user)
    services.decline_request(declined, by=supplier.user, reason="No")

    pending = organiser_client.get(_url(edition), {"status": "pending"}).context["requests"]
    by_name = organiser_client.get(_url(edition), {"q": "soudure"}).context["requests"]

    assert (list(pending), list(by_name)) == ([wanted], [wanted])


def test_list_cuts_a_long_message_with_a_single_ellipsis(
    organiser_client, edition, buyer, supplier
):
    words = [f"word{n}" for n in range(29)]
    message = " ".join([*words, "steel,", "and", "more", "after", "the", "cut"])
    services.request_meeting(buyer, recipient=supplier, by=buyer.user, message=message)

    page = organiser_client.get(_url(edition)).content.decode()

    assert f'<td data-label="Message or reason">{" ".join(words)} steel…</td>' in page


def test_list_shows_only_this_editions_requests(organiser_client, edition, buyer, supplier):
    services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    elsewhere = factories.make_edition(series=edition.series)
    first, second = (factories.make_participant(elsewhere) for _ in range(2))
    services.request_meeting(first, recipient=second, by=first.user)

    listed = organiser_client.get(_url(edition)).context["requests"]

    assert [item.requester for item in listed] == [buyer]


def test_suggest_creates_a_suggested_request(
    organiser_client, organiser_user, edition, buyer, supplier
):
    response = organiser_client.post(
        _url(edition), {"first": buyer.pk, "second": supplier.pk, "message": "Meet!"}
    )

    assert (response.status_code, response.url) == (302, _url(edition))
    assert list(
        MeetingRequest.objects.values_list("requester", "recipient", "status", "suggested_by")
    ) == [(buyer.pk, supplier.pk, RequestStatus.PENDING, organiser_user.pk)]


def test_suggest_two_colleagues_is_refused_next_to_the_field(organiser_client, edition, buyer):
    colleague = factories.make_participant(edition, company=buyer.company)

    response = organiser_client.post(_url(edition), {"first": buyer.pk, "second": colleague.pk})

    assert response.context["form"].errors == {
        "second": [
            f"{buyer.user} and {colleague.user} work for the same company: "
            "meetings are between companies."
        ]
    }


def test_suggest_with_a_participant_of_another_edition_is_refused(organiser_client, edition, buyer):
    stranger = factories.make_participant(factories.make_edition())

    response = organiser_client.post(_url(edition), {"first": buyer.pk, "second": stranger.pk})

    assert list(response.context["form"].errors) == ["second"]
    assert MeetingRequest.objects.count() == 0


def test_a_participant_cannot_open_the_organiser_list(client, edition, buyer):
    client.force_login(buyer.user)

    assert client.get(_url(edition)).status_code == 403


@pytest.mark.parametrize("model", ["meetingrequest", "meeting", "agendafeed"])
def test_admin_lists_meetings_read_only(client, edition, placed_meeting, model):
    client.force_login(factories.make_user(is_superuser=True, is_staff=True))

    listing = client.get(reverse(f"admin:meetings_{model}_changelist"))
    adding = client.get(reverse(f"admin:meetings_{model}_add"))

    assert (listing.status_code, adding.status_code) == (200, 403)


def test_arrange_from_the_form_creates_the_meeting(organiser_client, edition, buyer, supplier):
    organiser_client.post(
        _url(edition), {"first": buyer.pk, "second": supplier.pk, "arrange": "on"}
    )

    assert list(Meeting.objects.values_list("first", "second", "request")) == [
        (buyer.pk, supplier.pk, None)
    ]
