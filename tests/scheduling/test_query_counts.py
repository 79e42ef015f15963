"""The organiser's schedule grid reads as many queries for a small edition as for a bigger
one (issue 16)."""

import pytest
from django.urls import reverse

from tests.growth import page_before_and_after_growth

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("query", ["", "?participant={buyer}", "?who=Buyer+Co", "?who=a"])
def test_schedule_grid_queries_do_not_grow_with_the_edition(client, convention, query):
    url = reverse("scheduling:grid", args=[convention.edition.slug])
    url += query.format(buyer=convention.buyer.pk)

    small, big = page_before_and_after_growth(client, convention, convention.organiser, url)

    assert big == small
