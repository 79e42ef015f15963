"""Forms list choices in the reader's language, not in the language active at import."""

import pytest
from django.utils import translation

from paddock.participants.forms import ParticipantAddForm
from paddock.participants.registration_forms import BulkInvitationForm, RegistrationForm

pytestmark = pytest.mark.unit

COUNTRY_FIELDS = [
    (ParticipantAddForm, "new_company_country"),
    (BulkInvitationForm, "new_company_country"),
    (RegistrationForm, "company_country"),
]


@pytest.mark.parametrize(("form", "field"), COUNTRY_FIELDS)
def test_country_choices_are_named_in_the_active_language(form, field):
    names = {}
    for language in ("en", "fr"):
        with translation.override(language):
            choices = list(form.base_fields[field].choices)
            names[language] = (choices[0], dict(choices)["DE"])

    assert names == {"en": (("", "---------"), "Germany"), "fr": (("", "---------"), "Allemagne")}


def test_country_choices_use_the_names_people_write():
    codes = ["BS", "NR", "FK", "FM", "PS", "SZ", "VG", "VI"]
    names = {}
    for language in ("en", "fr"):
        with translation.override(language):
            choices = dict(RegistrationForm.base_fields["company_country"].choices)
            names[language] = [choices[code] for code in codes]

    assert names == {
        "en": [
            "Bahamas",
            "Nauru",
            "Falkland Islands",
            "Micronesia",
            "Palestine",
            "Eswatini",
            "British Virgin Islands",
            "U.S. Virgin Islands",
        ],
        "fr": [
            "Bahamas",
            "Nauru",
            "Îles Malouines",
            "Micronésie",
            "Palestine",
            "Eswatini",
            "Îles Vierges britanniques",
            "Îles Vierges des États-Unis",
        ],
    }
