"""Two paths making a company of one name at once (issue 16): an organiser's form, an
invitation, an import. Each takes the edition's lock before it reads the names, so the second
sees the first's company and is refused. On PostgreSQL and SQLite."""

import pytest
from django.core.exceptions import ValidationError

from paddock.participants import batch, services
from paddock.participants.models import Company
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _refusal(error):
    return "refused: " + " ".join(error.messages).split(" named ")[0]


def _by_form(edition, by, name):
    services.create_company(edition, by=by, name=name, country="FR", sector="metalwork")
    return "created"


def _by_import(edition, by, name, checked):
    fields = [{"name": name, "country": "FR", "sector": "metalwork"}]
    batch.create_companies(edition, by=by, companies=fields, checked=checked)
    return "created"


@pytest.mark.django_db(transaction=True)
def test_two_organisers_making_one_company_at_once_make_it_once(monkeypatch):
    """The organiser's form and an invitation of a new company's person both call
    `create_company`: "RivalCo A" and "rivalco  a" at once make one company."""
    edition = factories.make_edition()
    by = factories.make_user()
    # Between reading the edition's names and saving: as under load.
    slowed(monkeypatch, Company, "full_clean")

    outcomes = race(
        _by_form,
        [(edition, by, "RivalCo A"), (edition, by, "rivalco  a")],
        ValidationError,
        _refusal,
    )

    assert (sorted(outcomes), Company.objects.count()) == (["created", "refused: A company"], 1)


@pytest.mark.django_db(transaction=True)
def test_an_import_and_an_organiser_making_one_company_at_once_make_it_once(monkeypatch):
    edition = factories.make_edition()
    by = factories.make_user()
    # The import's fields are checked before its transaction, as `plan_participants` does.
    checked = batch.check_companies(
        edition, [{"name": "RIVALCO A", "country": "FR", "sector": "metalwork"}]
    )
    slowed(monkeypatch, Company, "full_clean")
    slowed(monkeypatch, batch, "refresh_search_text")

    outcomes = race(
        lambda kind, *args: _by_form(*args) if kind == "form" else _by_import(*args, checked),
        [("form", edition, by, "RivalCo A"), ("import", edition, by, "RIVALCO A")],
        ValidationError,
        _refusal,
    )

    assert (sorted(outcomes), Company.objects.count()) == (["created", "refused: A company"], 1)
