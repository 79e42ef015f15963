"""Queries with a list of ids compiled once for each of a few lengths (issue 16): the rows of
the queryset they stand for, whatever the list's length."""

import pytest
from django.db import models

from paddock.core.prepared import Param
from paddock.core.prepared_in import PreparedIn
from paddock.participants.models import Company, Participant
from tests import factories
from tests.compilations import compiled_models

pytestmark = pytest.mark.integration

_ID = models.BigIntegerField()
_PEOPLE = PreparedIn(
    lambda ids: Participant.objects.filter(
        edition=Param("edition", _ID), company__id__in=ids
    ).values_list("pk", "company_id")
)


@pytest.mark.parametrize("count", [0, 1, 8, 9, 300])
def test_prepared_in_rows_are_the_querysets_rows(edition, count):
    companies = [factories.make_company(edition) for _index in range(3)]
    for company in companies:
        factories.make_participant(edition, company=company)
    factories.make_participant(factories.make_edition(), company=companies[0])
    # Two real companies among ids that no company has, up to `count`.
    ids = ([c.pk for c in companies[:2]] + [10**9 + n for n in range(count)])[:count]
    expected = Participant.objects.filter(edition=edition, company__in=ids).values_list(
        "pk", "company_id"
    )

    rows = _PEOPLE.rows(ids, edition=edition.pk)

    assert sorted(rows) == sorted(expected)


def test_prepared_in_compiles_once_for_lists_of_a_size(edition):
    companies = [factories.make_company(edition) for _index in range(3)]
    _PEOPLE.rows([companies[0].pk], edition=edition.pk)

    with compiled_models() as models_compiled:
        rows = _PEOPLE.rows([c.pk for c in companies], edition=edition.pk)

    assert (rows, models_compiled) == ([], [])


def test_prepared_in_refuses_what_is_not_an_id(edition):
    with pytest.raises(ValueError, match="invalid literal for int"):
        _PEOPLE.rows(["1 OR 1=1"], edition=edition.pk)


_COMPANIES = PreparedIn(
    lambda ids: Company.objects.filter(edition=Param("edition", _ID), id__in=ids).order_by("-pk")
)


@pytest.mark.parametrize("count", [0, 1, 9, 300])
def test_prepared_in_all_is_the_querysets_models(edition, count):
    companies = [factories.make_company(edition, name=f"Firm {n}") for n in range(3)]
    foreign = factories.make_company(factories.make_edition())
    ids = ([c.pk for c in companies[:2]] + [foreign.pk] + [10**9 + n for n in range(count)])[:count]
    expected = Company.objects.filter(edition=edition, pk__in=ids).order_by("-pk")

    found = _COMPANIES.all(ids, edition=edition.pk)

    assert [(c.pk, c.name, c.country, c._state.adding) for c in found] == [
        (c.pk, c.name, c.country, False) for c in expected
    ]
