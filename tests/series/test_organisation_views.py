"""The organiser's pages of the directory: list and search, an organisation, edit, merge."""

import pytest
from django.urls import reverse

from paddock.core.models import AuditEntry
from paddock.participants.models import Company, Organisation
from tests import factories
from tests.edit_forms import post_as_opened, post_edit

pytestmark = pytest.mark.integration


@pytest.fixture
def returning(edition, organiser):
    """An organisation that came in 2019 and comes again, with one person each time."""
    organisation = Organisation.objects.create(
        organiser=organiser, name="Aéro Méca", former_names=["Méca Sud"], country="FR"
    )
    earlier = factories.make_edition(
        edition.series, name="IBD 2019", start_date=edition.start_date.replace(year=2019)
    )
    for year_edition, last_name in ((earlier, "Martin"), (edition, "Durand")):
        company = factories.make_company(year_edition, name="Aéro Méca", organisation=organisation)
        factories.make_participant(
            year_edition,
            company=company,
            user=factories.make_user(first_name="Jo", last_name=last_name),
        )
    return organisation


def test_organisation_list_finds_a_former_name_without_accents(
    organiser_client, organiser, returning
):
    Organisation.objects.create(organiser=organiser, name="Other")
    url = reverse("series:organisation-list", args=[organiser.pk])

    response = organiser_client.get(url, {"q": "meca sud"})

    assert [(o.name, o.editions) for o in response.context["organisations"]] == [("Aéro Méca", 2)]


def test_organisation_detail_lists_every_edition_and_its_people(
    organiser_client, edition, returning
):
    response = organiser_client.get(reverse("series:organisation-detail", args=[returning.pk]))

    rows = [
        (company.edition.name, [p.user.last_name for p in company.participants.all()])
        for company in response.context["companies"]
    ]
    assert rows == [(edition.name, ["Durand"]), ("IBD 2019", ["Martin"])]


def test_organisation_detail_names_an_invited_person_as_the_organisers_gave_the_name(
    organiser_client, edition, returning
):
    account = factories.make_user(first_name="Samuel", last_name="Secret")
    company = Company.objects.get(edition=edition)
    factories.make_participant(
        edition,
        company=company,
        user=account,
        status="invited",
        invited_first_name="Ada",
        invited_last_name="Martin",
    )

    page = organiser_client.get(
        reverse("series:organisation-detail", args=[returning.pk])
    ).content.decode()

    assert ("Jo Durand, Ada Martin" in page, "Secret" in page) == (True, False)


def test_organisation_update_keeps_the_old_name(organiser_client, returning):
    url = reverse("series:organisation-update", args=[returning.pk])

    response = post_as_opened(
        organiser_client,
        url,
        {"name": "AeroMeca Group", "country": "FR", "website": "", "registration_number": ""},
    )

    returning.refresh_from_db()
    assert (response.url, returning.name, returning.former_names) == (
        reverse("series:organisation-detail", args=[returning.pk]),
        "AeroMeca Group",
        ["Méca Sud", "Aéro Méca"],
    )


def test_organisation_update_logs_the_changed_fields_only(organiser_client, returning):
    url = reverse("series:organisation-update", args=[returning.pk])

    post_edit(organiser_client, url, {"website": "https://aero-meca.example"})

    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.data == {"fields": ["website"]}


def test_organisation_update_without_name_names_the_field(organiser_client, returning):
    url = reverse("series:organisation-update", args=[returning.pk])

    response = post_as_opened(organiser_client, url, {"name": "", "country": "FR"})

    returning.refresh_from_db()
    assert (response.context["form"].errors, returning.name) == (
        {"name": ["This field is required."]},
        "Aéro Méca",
    )


def test_organisation_merge_previews_then_merges(organiser_client, organiser, edition, returning):
    duplicate = Organisation.objects.create(organiser=organiser, name="AeroMeca SARL")
    moved = factories.make_company(
        factories.make_edition(edition.series, name="IBD 2023"),
        name="AeroMeca SARL",
        organisation=duplicate,
    )
    url = reverse("series:organisation-merge", args=[organiser.pk])
    choice = {"kept": returning.pk, "merged": duplicate.pk}

    preview = organiser_client.get(url, choice)
    unchanged = list(Company.objects.filter(organisation=returning).order_by("pk"))
    response = organiser_client.post(url, choice)

    returning.refresh_from_db()
    assert (
        [company.name for company in preview.context["preview"].moved],
        preview.context["preview"].former_names,
        len(unchanged),
        response.url,
        Company.objects.get(pk=moved.pk).organisation_id,
        returning.former_names,
        Organisation.objects.filter(pk=duplicate.pk).exists(),
    ) == (
        ["AeroMeca SARL"],
        ["Méca Sud", "AeroMeca SARL"],
        2,
        reverse("series:organisation-detail", args=[returning.pk]),
        returning.pk,
        ["Méca Sud", "AeroMeca SARL"],
        False,
    )


def test_organisation_merge_of_one_with_itself_is_refused(organiser_client, organiser, returning):
    url = reverse("series:organisation-merge", args=[organiser.pk])

    response = organiser_client.post(url, {"kept": returning.pk, "merged": returning.pk})

    assert (
        response.status_code,
        response.context["form"].errors,
        Organisation.objects.count(),
    ) == (
        200,
        {"merged": ["Choose two different organisations."]},
        1,
    )


def test_organisation_pages_refuse_another_organisers_member(client, returning):
    stranger = factories.make_user()
    factories.make_organiser(members=[stranger])
    client.force_login(stranger)

    answers = [
        client.get(reverse(name, args=[arg])).status_code
        for name, arg in (
            ("series:organisation-list", returning.organiser.pk),
            ("series:organisation-detail", returning.pk),
            ("series:organisation-update", returning.pk),
            ("series:organisation-merge", returning.organiser.pk),
        )
    ]

    assert answers == [403, 403, 403, 403]


def test_organisation_merge_refuses_an_organisation_of_another_organiser(
    organiser_client, organiser, returning
):
    foreign = Organisation.objects.create(organiser=factories.make_organiser(), name="Foreign")
    url = reverse("series:organisation-merge", args=[organiser.pk])

    response = organiser_client.post(url, {"kept": returning.pk, "merged": foreign.pk})

    assert (list(response.context["form"].errors), Organisation.objects.count()) == (["merged"], 2)
