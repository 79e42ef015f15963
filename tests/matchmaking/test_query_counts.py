"""The recommendations page reads as many queries for a small edition as for a bigger one
(issue 16)."""

import pytest
from django.urls import reverse

from tests.growth import page_before_and_after_growth

pytestmark = pytest.mark.integration


def test_recommendations_queries_do_not_grow_with_the_edition(client, convention):
    url = reverse("matchmaking-portal:recommendations", args=[convention.edition.slug])

    small, big = page_before_and_after_growth(client, convention, convention.buyer.user, url)

    assert big == small
