"""Erasure reaches what names the person outside the edition's pages: the admin site's
history, API keys, suggestions of whom to meet, and a logged-in session."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone

from paddock.api.models import ApiToken
from paddock.api.services import create_token
from paddock.matchmaking.models import Recommendation
from paddock.privacy import services
from paddock.privacy.enums import ErasureStatus
from paddock.privacy.models import ErasureRequest
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def person(edition):
    return factories.make_participant(
        edition,
        user=factories.make_user(email="ada@example.com", first_name="Ada", last_name="Byron"),
    )


def _erase(person, organiser_user) -> None:
    erasure = services.request_erasure(person.user, edition=person.edition, by=person.user)
    services.confirm_erasure(erasure, by=organiser_user)


def test_erasure_removes_the_name_from_the_admin_sites_history(person, organiser_user):
    admin = factories.make_user(is_staff=True, is_superuser=True)
    other = factories.make_participant(person.edition)
    for row in (person.user, person, other):
        LogEntry.objects.log_actions(
            user_id=admin.pk, queryset=[row], action_flag=CHANGE, change_message="Changed phone."
        )

    _erase(person, organiser_user)

    entries = LogEntry.objects.order_by("pk").values_list("object_repr", "change_message")
    assert list(entries) == [
        (f"user #{person.user.pk}", ""),
        (f"user #{person.user.pk}", ""),
        (str(other), "Changed phone."),
    ]


def test_erasure_deletes_the_persons_api_keys(person, organiser_user):
    create_token(person.user, by=person.user, name="Ada's script", editions=[person.edition])
    create_token(organiser_user, by=organiser_user, name="Export", editions=[person.edition])

    _erase(person, organiser_user)

    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Export"]


def test_erasure_deletes_the_suggestions_made_to_and_about_the_person(person, organiser_user):
    first, second = (factories.make_participant(person.edition) for _ in range(2))
    for participant, other in ((person, first), (first, person), (first, second)):
        Recommendation.objects.create(
            edition=person.edition,
            participant=participant,
            other=other,
            score=1.0,
            computed_at=timezone.now(),
        )

    _erase(person, organiser_user)

    pairs = Recommendation.objects.values_list("participant", "other")
    assert list(pairs) == [(first.pk, second.pk)]


def test_erasure_ends_the_persons_logged_in_session(client, person, organiser_user):
    client.force_login(person.user)
    page = reverse("privacy-portal:my-data", args=[person.edition.slug])
    before = client.get(page)

    _erase(person, organiser_user)
    after = client.get(page)

    assert (before.status_code, after.status_code, after["Location"].split("?")[0]) == (
        200,
        302,
        reverse("accounts:login"),
    )


def test_erasure_empties_the_reasons_given_for_declining_earlier_requests(person, organiser_user):
    first = services.request_erasure(person.user, edition=person.edition, by=person.user)
    services.decline_erasure(first, by=organiser_user, reason="Ada Byron owes us 2,000 euros.")

    _erase(person, organiser_user)

    rows = ErasureRequest.objects.order_by("pk").values_list("status", "decline_reason")
    assert list(rows) == [(ErasureStatus.DECLINED, ""), (ErasureStatus.DONE, "")]
