"""Every way in of a participant's address refuses one longer than an account holds (254
characters), naming the field: it was a 500 on PostgreSQL (value too long)."""

import pytest
from django.urls import reverse

from paddock.accounts.models import User
from paddock.participants.bulk_invitations import parse_invitation_lines
from paddock.participants.models import Participant
from tests import factories
from tests.participants.registration_helpers import add_form_data

pytestmark = pytest.mark.integration

TOO_LONG = "a" * 243 + "@example.com"  # 255 characters, one past an account's address
TOO_LONG_ERROR = {"email": ["Ensure this value has at most 254 characters (it has 255)."]}
PASSWORD = "paddock-tent-1957"


def _nothing_made():
    return (list(Participant.objects.all()), User.objects.filter(email=TOO_LONG).exists())


def test_participant_add_with_a_too_long_address_names_the_field(organiser_client, edition):
    url = reverse("participants:participant-add", args=[edition.slug])

    response = organiser_client.post(url, add_form_data(email=TOO_LONG))

    assert (response.status_code, response.context["form"].errors) == (200, TOO_LONG_ERROR)
    assert _nothing_made() == ([], False)


def test_invitation_with_a_too_long_address_names_the_field(organiser_client, edition):
    company = factories.make_company(edition)
    url = reverse("participants:invite", args=[edition.slug])
    data = add_form_data(
        email=TOO_LONG,
        company=company.pk,
        new_company_name="",
        new_company_country="",
        new_company_sector="",
    )

    response = organiser_client.post(url, data)

    assert (response.status_code, response.context["form"].errors) == (200, TOO_LONG_ERROR)
    assert _nothing_made() == ([], False)


def test_bulk_invitation_line_with_a_too_long_address_is_named():
    lines, errors = parse_invitation_lines(f"{TOO_LONG}; Ada; Martin; Soudure Sarthoise")

    assert (lines, errors) == ([], ["Line 1: the address has more than 254 characters."])


def _open_form(**overrides):
    return {
        "email": TOO_LONG,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "first_name": "Ana",
        "last_name": "Costa",
        "company_name": "Moldes Lda",
        "company_country": "PT",
        "company_sector": "plastics",
        "role": "supplier",
        "languages": ["pt"],
        "consent": "on",
        "consent_version": "default",
        **overrides,
    }


@pytest.mark.parametrize("join_company", [False, True], ids=["registration", "join request"])
def test_open_form_with_a_too_long_address_names_the_field(client, edition, join_company):
    edition.registration_open = True
    edition.save()
    factories.make_participant(edition, company=factories.make_company(edition, name="Moldes Lda"))
    data = _open_form(join_company="on") if join_company else _open_form(company_name="Newco")
    url = reverse("participants-portal:register", args=[edition.slug])

    response = client.post(url, data)

    assert (response.status_code, response.context["form"].errors) == (200, TOO_LONG_ERROR)
    assert User.objects.filter(email=TOO_LONG).exists() is False
