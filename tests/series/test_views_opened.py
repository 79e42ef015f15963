"""The directory's and the history's edit forms keep what another organiser saved since the
page was opened (`core.opened`): an organisation, an edition before Paddock."""

import pytest
from django.urls import reverse

from paddock.participants import organisations
from paddock.participants.models import Organisation
from paddock.series import services
from paddock.series.models import PastEdition
from tests.edit_forms import opened_data

pytestmark = pytest.mark.integration


def _save_after(client, url, colleague, changes):
    opened = opened_data(client, url)
    colleague()
    return client.post(url, {**opened, **changes})


def test_organisation_renamed_keeps_the_registration_number_set_meanwhile(
    organiser_client, organiser
):
    aero = Organisation.objects.create(organiser=organiser, name="Aéro Méca", country="FR")
    url = reverse("series:organisation-update", args=[aero.pk])

    def colleague():
        read = Organisation.objects.get(pk=aero.pk)
        organisations.update_organisation(read, by=None, registration_number="123 456 789")

    response = _save_after(organiser_client, url, colleague, {"name": "Aéro Méca Sud"})

    aero.refresh_from_db()
    assert (response.status_code, aero.name, aero.registration_number, aero.former_names) == (
        302,
        "Aéro Méca Sud",
        "123 456 789",
        ["Aéro Méca"],
    )


def test_update_organisation_writes_only_the_changed_fields(organiser):
    aero = Organisation.objects.create(organiser=organiser, name="Aéro Méca", country="FR")
    first_read, second_read = (Organisation.objects.get(pk=aero.pk) for _ in range(2))

    organisations.update_organisation(first_read, by=None, name="Aéro Méca", country="DE")
    organisations.update_organisation(second_read, by=None, name="Aéro", country="FR")

    aero.refresh_from_db()
    assert (aero.name, aero.country, aero.former_names) == ("Aéro", "DE", ["Aéro Méca"])


def test_past_edition_keeps_the_figure_changed_meanwhile(organiser_client, edition):
    past = PastEdition.objects.create(series=edition.series, year=2012, participants=80)
    url = reverse("series:past-update", args=[edition.series.pk, past.pk])

    def colleague():
        read = PastEdition.objects.get(pk=past.pk)
        services.save_past_edition(edition.series, by=None, past=read, year=2012, companies=60)

    response = _save_after(organiser_client, url, colleague, {"participants": "95"})

    past.refresh_from_db()
    assert (response.status_code, past.participants, past.companies) == (302, 95, 60)
