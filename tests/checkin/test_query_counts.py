"""The check-in desk and a scan read as many queries for a small edition as for a bigger one
(issue 16)."""

import pytest
from django.urls import reverse

from paddock.checkin.services import issue_badges
from tests.growth import (
    before_and_after_growth,
    count_queries,
    page_before_and_after_growth,
    supplier_of,
)

pytestmark = pytest.mark.integration


def test_desk_queries_do_not_grow_with_the_edition(client, convention):
    url = reverse("checkin:desk", args=[convention.edition.slug])

    small, big = page_before_and_after_growth(client, convention, convention.agent, url)

    assert big == small


def test_scan_queries_do_not_grow_with_the_edition(client, convention):
    url = reverse("checkin:desk", args=[convention.edition.slug])
    client.force_login(convention.agent)

    def scan_a_newcomer():
        newcomer = supplier_of(convention)
        code = issue_badges(convention.edition, by=None, participants=[newcomer])[0].code
        return count_queries(client, "post", url, {"code": code, "place": ""})

    small, big = before_and_after_growth(convention, scan_a_newcomer)

    assert big == small
