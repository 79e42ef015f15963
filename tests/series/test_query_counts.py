"""The page inviting an earlier edition's people reads, and its sending writes, as many
queries for a small edition as for a bigger one (issue 16); the mails, which leave after the
commit, are not counted."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from tests.growth import before_and_after_growth, count_queries, page_before_and_after_growth

pytestmark = pytest.mark.integration


@pytest.fixture
def next_year(convention):
    """The convention's next edition, in its series, without anyone yet."""
    return factories.make_edition(convention.edition.series, start_date=dt.date(2032, 6, 12))


def test_past_invitation_page_queries_do_not_grow_with_the_earlier_edition(
    client, convention, next_year
):
    url = reverse("series:invite-past", args=[next_year.slug])

    small, big = page_before_and_after_growth(client, convention, convention.organiser, url)

    assert big == small


def test_past_invitation_sending_queries_do_not_grow_with_the_people_invited(
    client, convention, next_year
):
    url = reverse("series:invite-past", args=[next_year.slug])
    client.force_login(convention.organiser)

    def send_to_everyone() -> tuple[int, int]:
        # Everyone invited so far leaves first: each count invites the whole edition afresh.
        next_year.participants.all().delete()
        next_year.companies.all().delete()
        people = convention.edition.participants.values_list("pk", flat=True)
        data = {"source": convention.edition.pk, "people": ",".join(map(str, people))}
        return count_queries(client, "post", url, data)

    small, big = before_and_after_growth(convention, send_to_everyone)

    assert (big, next_year.participants.count()) == (
        small,
        convention.edition.participants.count(),
    )
