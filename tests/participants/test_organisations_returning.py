"""Returning organisations and people: a self-registered company whose name is one of the
directory's is not linked silently (the participants page suggests the link, which the
organisers confirm); a returning person starts from last year's profile with one click."""

import pytest
from django.urls import reverse

from paddock.participants import services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Attachment, Company, Need, Offer, Organisation
from paddock.participants.profile import add_attachment
from tests import factories
from tests.participants.sample_files import PDF_BYTES, upload

pytestmark = pytest.mark.integration


@pytest.fixture
def returning(edition):
    return Organisation.objects.create(
        organiser=edition.series.organiser, name="Aéro Méca", former_names=["Meca Sud"]
    )


def test_participant_list_suggests_the_returning_organisation(
    client, organiser_user, edition, returning
):
    registered = services.create_company(
        edition, by=None, name="MÉCA SUD", country="FR", sector="automotive"
    )
    factories.make_company(edition, name="Linked", organisation=returning)
    client.force_login(organiser_user)

    response = client.get(reverse("participants:participant-list", args=[edition.slug]))

    assert [(c.name, o.name) for c, o in response.context["organisation_suggestions"]] == [
        (registered.name, "Aéro Méca")
    ]


def test_company_link_confirms_the_suggestion(client, organiser_user, edition, returning):
    company = factories.make_company(edition, name="Meca Sud")
    client.force_login(organiser_user)
    url = reverse("series:company-link", args=[edition.slug, company.pk])

    response = client.post(url, {"organisation": returning.pk})

    assert (response.url, Company.objects.get(pk=company.pk).organisation) == (
        reverse("participants:participant-list", args=[edition.slug]),
        returning,
    )


def test_company_link_refuses_another_organisers_organisation(client, organiser_user, edition):
    foreign = Organisation.objects.create(organiser=factories.make_organiser(), name="Meca Sud")
    company = factories.make_company(edition, name="Meca Sud")
    client.force_login(organiser_user)
    url = reverse("series:company-link", args=[edition.slug, company.pk])

    client.post(url, {"organisation": foreign.pk})

    assert Company.objects.get(pk=company.pk).organisation is None


def test_company_link_with_a_digit_python_cannot_read_is_refused(
    client, organiser_user, edition, returning
):
    company = factories.make_company(edition, name="Meca Sud")
    client.force_login(organiser_user)
    url = reverse("series:company-link", args=[edition.slug, company.pk])

    answers = [client.post(url, {"organisation": raw}) for raw in ("²", "9" * 30)]

    assert [a.status_code for a in answers] == [302, 302]
    assert Company.objects.get(pk=company.pk).organisation is None


@pytest.fixture
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def last_year(edition, _media_root):
    """The person of the `participant` fixture came in 2019 with a described company."""
    earlier = factories.make_edition(
        edition.series, slug="ibd-2019", start_date=edition.start_date.replace(year=2019)
    )
    company = factories.make_company(
        earlier, name="Fonderie", description="Castings up to 2 t.", website="https://f.example"
    )
    return earlier, company


def test_copy_previous_profile_copies_description_items_and_files(client, participant, last_year):
    earlier, old_company = last_year
    factories.make_participant(earlier, user=participant.user, company=old_company)
    category = factories.make_category()
    offer = Offer.objects.create(company=old_company, category=category, text="Sand casting")
    Need.objects.create(company=old_company, text="Machining")
    add_attachment(offer, by=participant.user, upload=upload("drawing.pdf", PDF_BYTES))
    client.force_login(participant.user)
    url = reverse("participants-portal:profile-copy-previous", args=[participant.edition.slug])

    response = client.post(url)

    company = Company.objects.get(pk=participant.company_id)
    new_file = Attachment.objects.get(company=company)
    old_file = Attachment.objects.get(company=old_company)
    assert (
        response.url,
        company.description,
        company.website,
        [(o.category, o.text) for o in company.offers.all()],
        [(n.category, n.text) for n in company.needs.all()],
        (new_file.offer.text, new_file.original_name, new_file.file.read()),
        new_file.file.name != old_file.file.name,
    ) == (
        reverse("participants-portal:profile", args=[participant.edition.slug]),
        "Castings up to 2 t.",
        "https://f.example",
        [(category, "Sand casting")],
        [(None, "Machining")],
        ("Sand casting", "drawing.pdf", PDF_BYTES),
        True,
    )


def test_copy_previous_profile_refused_to_a_newcomer_of_a_shared_company(
    client, edition, last_year
):
    earlier, old_company = last_year
    company = factories.make_company(edition, name="Shared")
    factories.make_participant(edition, company=company)
    newcomer = factories.make_participant(
        edition, company=company, status=ParticipantStatus.REGISTERED
    )
    factories.make_participant(earlier, user=newcomer.user, company=old_company)
    client.force_login(newcomer.user)
    url = reverse("participants-portal:profile-copy-previous", args=[edition.slug])

    response = client.post(url)

    assert (response.status_code, Company.objects.get(pk=company.pk).description) == (403, "")


def _add(client, edition, **extra):
    url = reverse("participants:participant-add", args=[edition.slug])
    data = {
        "email": "new@example.com",
        "first_name": "Nina",
        "last_name": "Roux",
        "new_company_name": "MECA SUD",
        "new_company_country": "FR",
        "new_company_sector": "automotive",
        "role": "supplier",
        "languages": ["fr"],
        "language": "en",
    }
    return client.post(url, data | extra)


def test_participant_add_offers_the_returning_organisation_first(
    client, organiser_user, edition, returning
):
    client.force_login(organiser_user)

    response = _add(client, edition)

    form = response.context["form"]
    assert (
        form.errors,
        list(form.fields["organisation"].choices),
        Company.objects.count(),
    ) == (
        {
            "organisation": [
                "MECA SUD may be the returning organisation Aéro Méca: link the new company "
                "to it, or choose a new organisation."
            ]
        },
        [(str(returning.pk), "Aéro Méca"), ("new", "A new organisation")],
        0,
    )


def test_participant_add_links_the_chosen_returning_organisation(
    client, organiser_user, edition, returning
):
    client.force_login(organiser_user)

    _add(client, edition, organisation=str(returning.pk))

    assert Company.objects.get(name="MECA SUD").organisation == returning


def test_participant_add_makes_a_new_organisation_when_asked(
    client, organiser_user, edition, returning
):
    client.force_login(organiser_user)

    _add(client, edition, organisation="new")

    organisation = Company.objects.get(name="MECA SUD").organisation
    assert (organisation.name, Organisation.objects.count()) == ("MECA SUD", 2)
