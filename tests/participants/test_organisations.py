"""The organiser's directory of organisations: matching, linking, renaming, merging."""

import importlib

import pytest
from django.apps import apps

from paddock.core.models import AuditEntry
from paddock.participants import organisations, services
from paddock.participants.models import Company, Organisation
from tests import factories

pytestmark = pytest.mark.integration

link_migration = importlib.import_module(
    "paddock.participants.migrations.0009_link_companies_to_organisations"
)


@pytest.fixture
def organiser(edition):
    return edition.series.organiser


def make_organisation(organiser, name, **fields):
    return Organisation.objects.create(organiser=organiser, name=name, **fields)


def test_organisations_matching_ignores_case_accents_and_spacing(organiser):
    aero = make_organisation(organiser, "Aéro  Méca", former_names=["Mécanique du Sud"])
    make_organisation(organiser, "Other")
    make_organisation(factories.make_organiser(), "Aero Meca")

    found = [
        organisations.organisations_matching(organiser, name)
        for name in ("aero meca", " AÉRO-MÉCA ", "mecanique du sud", "Aero")
    ]

    assert found == [[aero], [aero], [aero], []]


def test_create_company_links_a_new_organisation_when_none_matches(edition, organiser_user):
    company = services.create_company(
        edition, by=organiser_user, name="Fonderie Rhône", country="FR", sector="automotive"
    )

    organisation = company.organisation
    assert (organisation.organiser, organisation.name, organisation.country.code) == (
        edition.series.organiser,
        "Fonderie Rhône",
        "FR",
    )


def test_create_company_leaves_a_matching_name_unlinked(edition, organiser, organiser_user):
    make_organisation(organiser, "Fonderie Rhone")

    company = services.create_company(
        edition, by=organiser_user, name="FONDERIE RHÔNE", country="FR", sector="automotive"
    )

    assert (company.organisation, Organisation.objects.count()) == (None, 1)


def test_create_company_links_the_chosen_organisation(edition, organiser, organiser_user):
    chosen = make_organisation(organiser, "Fonderie Rhone")

    company = services.create_company(
        edition,
        by=organiser_user,
        name="Fonderie Rhône SAS",
        country="FR",
        sector="automotive",
        organisation=chosen,
    )

    assert Company.objects.get(pk=company.pk).organisation == chosen


def test_create_company_refuses_another_organisers_organisation(edition, organiser_user):
    foreign = make_organisation(factories.make_organiser(), "Elsewhere")

    with pytest.raises(organisations.OrganisationError) as caught:
        services.create_company(
            edition,
            by=organiser_user,
            name="Elsewhere",
            country="FR",
            sector="automotive",
            organisation=foreign,
        )

    assert (caught.value.code, caught.value.field, Company.objects.count()) == (
        "other_organiser",
        "organisation",
        0,
    )


def test_update_organisation_keeps_the_old_name_as_a_former_name(organiser, organiser_user):
    organisation = make_organisation(organiser, "Old Name", former_names=["Older Name"])

    organisations.update_organisation(organisation, by=organiser_user, name="New Name")

    organisation.refresh_from_db()
    assert (organisation.name, organisation.former_names) == (
        "New Name",
        ["Older Name", "Old Name"],
    )


def test_merge_organisations_moves_companies_and_keeps_names(edition, organiser, organiser_user):
    kept = make_organisation(organiser, "Aero Meca")
    merged = make_organisation(
        organiser, "AeroMeca SARL", former_names=["Aero Meca"], website="https://a.example"
    )
    earlier = factories.make_edition(
        edition.series, start_date=edition.start_date.replace(year=2019)
    )
    moved = [
        factories.make_company(earlier, name="AeroMeca SARL", organisation=merged),
        factories.make_company(edition, name="AeroMeca", organisation=merged),
    ]

    organisations.merge_organisations(kept, by=organiser_user, merged=merged)

    kept.refresh_from_db()
    assert (
        sorted(Company.objects.filter(organisation=kept).values_list("pk", flat=True)),
        kept.former_names,
        kept.website,
        Organisation.objects.filter(pk=merged.pk).exists(),
        list(AuditEntry.objects.filter(action="organisation.merge").values_list("data", flat=True)),
    ) == (
        sorted(company.pk for company in moved),
        ["AeroMeca SARL"],
        "https://a.example",
        False,
        [{"merged": merged.pk, "merged_name": "AeroMeca SARL", "companies": [c.pk for c in moved]}],
    )


def test_merge_organisations_refuses_the_same_one_twice(organiser, organiser_user):
    organisation = make_organisation(organiser, "Alone")

    with pytest.raises(organisations.OrganisationError) as caught:
        organisations.merge_organisations(organisation, by=organiser_user, merged=organisation)

    assert (caught.value.code, Organisation.objects.count()) == ("same_organisation", 1)


def test_link_migration_joins_companies_by_name_within_each_organiser(edition):
    other_edition = factories.make_edition()
    earlier = factories.make_edition(
        edition.series, start_date=edition.start_date.replace(year=2019)
    )
    factories.make_company(earlier, name="Usinage  Dupont")
    factories.make_company(edition, name="usinage dupont")
    factories.make_company(other_edition, name="Usinage Dupont")

    link_migration.link(apps, None)

    rows = Company.objects.order_by("pk").values_list(
        "organisation__organiser", "organisation__name"
    )
    organiser = edition.series.organiser.pk
    assert (list(rows), Organisation.objects.count()) == (
        [
            (organiser, "usinage dupont"),
            (organiser, "usinage dupont"),
            (other_edition.series.organiser.pk, "Usinage Dupont"),
        ],
        2,
    )
