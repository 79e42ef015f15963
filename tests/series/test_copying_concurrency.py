"""A copy confirmed twice at once (a double click): one edition is created, the second click is
told the short name is taken."""

import datetime as dt

import pytest

from paddock.events.models import Edition
from paddock.series import copying
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_a_copy_confirmed_twice_at_once_creates_one_edition(monkeypatch, edition, organiser_user):
    source = factories.make_edition(
        edition.series, slug="ibd-2026", start_date=dt.date(2026, 6, 11)
    )
    slowed(monkeypatch, copying, "_check_dates")  # between reading the original and creating
    slowed(monkeypatch, copying, "_copy_venue")  # between creating and committing

    def copy():
        return copying.copy_edition(
            source,
            by=organiser_user,
            name="IBD 2027",
            slug="ibd-2027",
            start_date=dt.date(2027, 6, 10),
            end_date=dt.date(2027, 6, 10),
        ).slug

    outcomes = race(copy, [(), ()], copying.CopyError, lambda error: error.field)

    assert (sorted(outcomes), Edition.objects.filter(slug="ibd-2027").count()) == (
        ["ibd-2027", "slug"],
        1,
    )
