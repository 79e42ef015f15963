"""The catalogue and the participants list read as many queries for a small edition as for a
bigger one (issue 16)."""

import pytest
from django.urls import reverse

from tests.growth import page_before_and_after_growth

pytestmark = pytest.mark.integration


def test_catalogue_queries_do_not_grow_with_the_edition(client, convention):
    url = reverse("participants-portal:catalogue", args=[convention.edition.slug])

    small, big = page_before_and_after_growth(client, convention, convention.buyer.user, url)

    assert big == small


def test_participant_list_queries_do_not_grow_with_the_edition(client, convention):
    url = reverse("participants:participant-list", args=[convention.edition.slug])

    small, big = page_before_and_after_growth(client, convention, convention.organiser, url)

    assert big == small


@pytest.mark.parametrize("query", ["?status=validated", "?q=co", "?status=registered&role=buyer"])
def test_participant_list_tabs_and_filters_queries_do_not_grow_with_the_edition(
    client, convention, query
):
    # A status tab reads the list through its own compiled queries, a filter through the ORM.
    url = reverse("participants:participant-list", args=[convention.edition.slug]) + query

    small, big = page_before_and_after_growth(client, convention, convention.organiser, url)

    assert big == small
