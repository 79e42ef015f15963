"""Participant and organiser pages run the same number of queries whatever the data size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.events.enums import EditionStatus
from paddock.events.models import TimeSlot
from paddock.meetings import services
from paddock.meetings.feed_services import agenda_feed_for
from paddock.participants.models import Offer
from tests import factories, growth
from tests.meetings.helpers import accepted_meeting, other_participant, place

pytestmark = pytest.mark.integration


@pytest.fixture
def grow(edition, buyer, printing, slot, table):
    """`grow(times)` adds `times` of each: received, sent, accepted-and-placed requests."""

    def add(times):
        for _ in range(times):
            _add_one_of_each(edition, buyer, printing, slot, table)

    return add


def _add_one_of_each(edition, buyer, printing, slot, table):
    asker = other_participant(edition)
    services.request_meeting(asker, recipient=buyer, by=asker.user)
    services.request_meeting(buyer, recipient=other_participant(edition), by=buyer.user)
    partner = other_participant(edition)
    Offer.objects.create(company=partner.company, category=printing)
    start = slot.start + dt.timedelta(hours=TimeSlot.objects.count())
    placed_slot = TimeSlot.objects.create(
        edition=edition, session=slot.session, start=start, end=start + dt.timedelta(minutes=30)
    )
    place(
        accepted_meeting(buyer, partner),
        slot=placed_slot,
        table=factories.make_table(table.room),
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["request-list", "agenda"])
def test_participant_page_queries_do_not_grow(client, edition, buyer, grow, name):
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    client.force_login(buyer.user)
    url = reverse(f"meetings-portal:{name}", args=[edition.slug])
    grow(1)
    client.get(url)  # creates the calendar feed once
    once = _count(client, url)

    grow(2)
    thrice = _count(client, url)

    assert once == thrice


def test_organiser_request_list_queries_do_not_grow(client, organiser_user, edition, grow):
    client.force_login(organiser_user)
    url = reverse("meetings:request-list", args=[edition.slug])
    grow(1)
    once = _count(client, url)

    grow(2)
    thrice = _count(client, url)

    assert once == thrice


def test_agenda_feed_queries_do_not_grow_with_the_edition(client, convention):
    feed = agenda_feed_for(convention.buyer)
    url = reverse("meetings-portal:agenda-feed", args=[convention.edition.slug, feed.token])

    small, big = growth.before_and_after_growth(
        convention, lambda: growth.count_queries(client, "get", url)
    )

    assert big == small


def test_sending_a_request_queries_do_not_grow_with_the_edition(client, convention):
    client.force_login(convention.buyer.user)

    def request_a_newcomer():
        newcomer = growth.supplier_of(convention)
        url = reverse("meetings-portal:request-create", args=[convention.edition.slug, newcomer.pk])
        return growth.count_queries(client, "post", url, {"message": "Hi", "priority": "should"})

    small, big = growth.before_and_after_growth(convention, request_a_newcomer)

    assert big == small
