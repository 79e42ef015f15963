"""Company names that only look different (issue 16): letters of other scripts that pass for
Latin ones ("RivalCo \u0410" with a Cyrillic "\u0410") name the company they look like, for
every path that makes a company; real names of other scripts stay their own."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from paddock.exchange.imports import import_participants
from paddock.participants import batch, services
from paddock.participants.bulk_invitations import invite_participants_in_bulk
from paddock.participants.models import Company, Participant, PendingRegistration
from paddock.participants.profile import update_company
from paddock.participants.queries import company_named
from tests import factories
from tests.exchange.conftest import table_and_mapping
from tests.participants.registration_helpers import open_form_data, register_url

pytestmark = pytest.mark.integration

LOOK_ALIKES = [
    "RivalCo \u0410",  # Cyrillic capital A
    "Rival\u0421o A",  # Cyrillic capital Es for the C
    "RivalC\u03bf A",  # Greek small omicron
    "RIVALC\u039f A",  # Greek capital Omicron, in capitals
    "R\u0399VALCO A",  # Greek capital Iota for the I, in capitals
    "rivalco \u0430",  # Cyrillic small a, in lower case
    "Riva\u13deCo A",  # Cherokee capital that looks like an "L", for the "l"
]


def _create(edition, by, name):
    return services.create_company(edition, by=by, name=name, country="FR", sector="metalwork")


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_an_organiser_cannot_make_a_company_that_looks_like_another(
    look_alike, edition, organiser_user
):
    factories.make_company(edition, name="RivalCo A")

    with pytest.raises(ValidationError) as raised:
        _create(edition, organiser_user, look_alike)

    assert (list(raised.value.message_dict), Company.objects.count()) == (["name"], 1)


@pytest.mark.parametrize("look_alike", LOOK_ALIKES[:2])
def test_the_open_form_answers_a_look_alike_name_as_the_company_it_looks_like(
    look_alike, open_edition, django_capture_on_commit_callbacks
):
    """As for a name in another case: the form offers to ask to join RivalCo A."""
    factories.make_company(open_edition, name="RivalCo A")

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            register_url(open_edition), open_form_data(company_name=look_alike)
        )

    assert (
        response.status_code,
        list(response.context["form"].errors),
        PendingRegistration.objects.count(),
    ) == (200, ["company_name"], 0)


def test_an_import_or_a_list_of_companies_refuses_a_look_alike(edition, organiser_user):
    factories.make_company(edition, name="RivalCo A")

    with pytest.raises(ValidationError):
        batch.create_companies(
            edition,
            by=organiser_user,
            companies=[{"name": "RivalCo \u0410", "country": "FR", "sector": "metalwork"}],
        )
    with pytest.raises(ValidationError):
        batch.check_companies(
            edition,
            [
                {"name": "Acme", "country": "FR", "sector": "metalwork"},
                {"name": "\u0410\u0421\u041c\u0415", "country": "RU", "sector": "metalwork"},
            ],
        )

    assert list(Company.objects.values_list("name", flat=True)) == ["RivalCo A"]


def test_names_written_in_other_scripts_are_their_own_companies(edition, organiser_user):
    """A Russian supplier named wholly in Cyrillic, a Japanese one, "C1" beside "CL", Greek
    names one letter apart ("\u0398" is no "O"): each is made, and each is found by its own
    name, in any case."""
    names = ("RivalCo A", "Газпром", "株式会社トヨタ", "C1 Tech", "CL Tech", "Θεός", "Οεός")
    for name in names:
        _create(edition, organiser_user, name)

    found = [
        company_named(edition, name).name
        for name in ("ГАЗПРОМ", "газпром", "株式会社トヨタ", "c1 tech", "ΘΕΟΣ")
    ]

    assert (Company.objects.count(), found) == (
        7,
        ["Газпром", "Газпром", "株式会社トヨタ", "C1 Tech", "Θεός"],
    )


@pytest.mark.parametrize(
    ("taken", "same"),
    [("Müller GmbH", "Muller GmbH"), ("Straße AG", "Strasse AG"), ("Газпром", "ГАЗПРОМ")],
)
def test_the_same_name_in_another_spelling_is_still_taken(taken, same, edition, organiser_user):
    _create(edition, organiser_user, taken)

    with pytest.raises(ValidationError):
        _create(edition, organiser_user, same)


def test_two_companies_made_before_look_alikes_counted_each_keep_their_page(
    edition, organiser_user
):
    """Both exist (made by an earlier version): each is found by its own name, and each can
    save its profile; neither can take the other's name."""
    latin = factories.make_company(edition, name="RivalCo A")
    cyrillic = factories.make_company(edition, name="RivalCo \u0410")

    update_company(cyrillic, by=organiser_user, description="Castings.")
    update_company(latin, by=organiser_user, description="Forgings.")
    with pytest.raises(ValidationError):
        update_company(cyrillic, by=organiser_user, name="RivalCo A")

    assert (
        company_named(edition, "RivalCo \u0410"),
        company_named(edition, "RivalCo A"),
        sorted(Company.objects.values_list("description", flat=True)),
    ) == (cyrillic, latin, ["Castings.", "Forgings."])


def test_an_import_and_a_list_of_invitations_take_the_company_named_exactly(
    edition, organiser_user, django_capture_on_commit_callbacks
):
    """Of two companies made before look-alike letters counted, a line naming one exactly
    takes that one, never its look-alike (which a stranger may have registered)."""
    factories.make_company(edition, name="RivalCo A")
    factories.make_company(edition, name="RivalCo \u0410")
    table, mapping = table_and_mapping(
        b"Email;Company;Country;Sector;Role\nada@example.com;RivalCo A;;;buyer\n"
    )

    imported = import_participants(edition, by=organiser_user, table=table, mapping=mapping)
    with django_capture_on_commit_callbacks(execute=True):
        invite_participants_in_bulk(
            edition,
            by=organiser_user,
            text="bob@example.com; Bob; Martin; RivalCo A",
            role="buyer",
            languages=["en"],
            language="en",
        )

    assert (
        imported.errors,
        sorted(Participant.objects.values_list("user__email", "company__name")),
    ) == ([], [("ada@example.com", "RivalCo A"), ("bob@example.com", "RivalCo A")])
