import pytest
from django.core.exceptions import ValidationError

from paddock.accounts.models import User
from paddock.core.models import AuditEntry
from paddock.participants import services
from paddock.participants.enums import ParticipantRole, ParticipantStatus, Sector
from paddock.participants.models import Company, Participant
from tests import factories

pytestmark = pytest.mark.integration


def _add(edition, organiser_user, company, **fields):
    values = {
        "by": organiser_user,
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Martin",
        "company": company,
        "job_title": "Buyer",
        "role": ParticipantRole.BUYER,
        "languages": ["fr", "en"],
    }
    values.update(fields)
    return services.add_participant(edition, **values)


def test_validate_participant_records_who_and_when(edition, organiser_user):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)

    services.validate_participant(participant, by=organiser_user)

    participant.refresh_from_db()
    entry = AuditEntry.objects.get()
    assert (
        participant.status,
        participant.validated_by,
        participant.validated_at is not None,
        entry.action,
        entry.actor,
        entry.edition,
    ) == (
        ParticipantStatus.VALIDATED,
        organiser_user,
        True,
        "participant.validate",
        organiser_user,
        edition,
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (ParticipantStatus.INVITED, "not_registered"),
        (ParticipantStatus.VALIDATED, "already_validated"),
        (ParticipantStatus.DECLINED, "declined"),
    ],
)
def test_validate_participant_refuses_other_statuses(edition, organiser_user, status, code):
    participant = factories.make_participant(edition, status=status)

    with pytest.raises(services.ParticipantError) as raised:
        services.validate_participant(participant, by=organiser_user)

    participant.refresh_from_db()
    assert (raised.value.code, participant.status, AuditEntry.objects.count()) == (code, status, 0)


def test_validate_participant_reads_the_status_from_the_database(edition, organiser_user):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    stale = Participant.objects.get(pk=participant.pk)
    services.validate_participant(participant, by=organiser_user)

    with pytest.raises(services.ParticipantError) as raised:
        services.validate_participant(stale, by=organiser_user)

    assert raised.value.code == "already_validated"


def test_withdraw_validation_goes_back_to_registered(edition, organiser_user):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    services.validate_participant(participant, by=organiser_user)

    services.withdraw_validation(participant, by=organiser_user)

    participant.refresh_from_db()
    assert (participant.status, participant.validated_at, participant.validated_by) == (
        ParticipantStatus.REGISTERED,
        None,
        None,
    )


def test_withdraw_validation_refuses_a_registered_participant(edition, organiser_user):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)

    with pytest.raises(services.ParticipantError) as raised:
        services.withdraw_validation(participant, by=organiser_user)

    assert raised.value.code == "not_validated"


def test_validate_participants_skips_others_and_ignores_other_editions(edition, organiser_user):
    registered = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    invited = factories.make_participant(edition, status=ParticipantStatus.INVITED)
    elsewhere = factories.make_participant(
        factories.make_edition(), status=ParticipantStatus.REGISTERED
    )

    validated, skipped = services.validate_participants(
        edition, by=organiser_user, participant_ids=[registered.pk, invited.pk, elsewhere.pk]
    )

    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert (validated, skipped, statuses) == (
        [registered],
        1,
        {
            registered.pk: ParticipantStatus.VALIDATED,
            invited.pk: ParticipantStatus.INVITED,
            elsewhere.pk: ParticipantStatus.REGISTERED,
        },
    )


def test_add_participant_creates_a_user_without_usable_password(edition, organiser_user):
    company = factories.make_company(edition)

    participant = _add(edition, organiser_user, company, email="Ada@Example.com ")

    user = participant.user
    assert (
        user.email,
        user.get_full_name(),
        user.has_usable_password(),
        participant.status,
        participant.validated_by,
        participant.languages,
    ) == ("ada@example.com", "Ada Martin", False, "validated", organiser_user, ["fr", "en"])


def test_add_participant_reuses_an_existing_account_whatever_the_case_unchanged(
    edition, organiser_user
):
    existing = factories.make_user(email="ada@example.com", first_name="Adélaïde", last_name="")
    company = factories.make_company(edition)

    participant = _add(
        edition, organiser_user, company, email="ADA@example.com", status="registered"
    )

    existing.refresh_from_db()
    assert (
        participant.user,
        User.objects.count(),
        existing.get_full_name(),
        existing.has_usable_password(),
        participant.validated_at,
    ) == (existing, 2, "Adélaïde", True, None)


def test_add_participant_refuses_a_person_already_participating(edition, organiser_user):
    company = factories.make_company(edition)
    _add(edition, organiser_user, company)

    with pytest.raises(services.ParticipantError) as raised:
        _add(edition, organiser_user, company, email="ADA@EXAMPLE.COM")

    assert (raised.value.code, raised.value.field, Participant.objects.count()) == (
        "already_participating",
        "email",
        1,
    )


def test_add_participant_accepts_the_same_person_in_another_edition(edition, organiser_user):
    first = _add(edition, organiser_user, factories.make_company(edition))
    other = factories.make_edition()

    second = _add(other, organiser_user, factories.make_company(other))

    assert (second.user, second.edition) == (first.user, other)


def test_add_participant_refuses_a_company_of_another_edition(edition, organiser_user):
    foreign = factories.make_company(factories.make_edition())

    with pytest.raises(services.ParticipantError) as raised:
        _add(edition, organiser_user, foreign)

    assert (raised.value.code, raised.value.field) == ("wrong_edition", "company")


def test_add_participant_refuses_an_unknown_language(edition, organiser_user):
    company = factories.make_company(edition)

    with pytest.raises(ValidationError) as raised:
        _add(edition, organiser_user, company, languages=["fr", "xx"])

    assert raised.value.message_dict == {"languages": ["Unknown language code: xx."]}


def test_create_company_refuses_a_name_taken_in_any_case(edition, organiser_user):
    factories.make_company(edition, name="Soudure Sarthoise")

    with pytest.raises(ValidationError) as raised:
        services.create_company(
            edition, by=organiser_user, name="soudure sarthoise", country="FR", sector="metalwork"
        )

    assert list(raised.value.message_dict) == ["name"]


def test_create_company_refuses_a_name_taken_with_other_spacing(edition, organiser_user):
    factories.make_company(edition, name="Soudure Sarthoise")

    with pytest.raises(ValidationError) as raised:
        services.create_company(
            edition, by=organiser_user, name="SOUDURE  sarthoise", country="FR", sector="metalwork"
        )

    assert (raised.value.message_dict, Company.objects.count()) == (
        {"name": ["A company named SOUDURE  sarthoise already takes part."]},
        1,
    )


def test_create_company_strips_control_characters_from_text(edition, organiser_user):
    company = services.create_company(
        edition,
        by=organiser_user,
        name="Racing\u202e Composites\r\n",
        country="GB",
        city="Silver\x00stone",
        sector=Sector.MOTORSPORT,
        description="Carbon\x1b parts.\r\nAutoclave.",
    )

    company.refresh_from_db()
    assert (company.name, company.city, company.description) == (
        "Racing Composites",
        "Silverstone",
        "Carbon parts.\nAutoclave.",
    )


def test_set_capabilities_strips_control_characters_from_imported_text(edition, organiser_user):
    company = factories.make_company(edition)

    services.set_capabilities(
        company, by=organiser_user, offers=[(None, "Small\u2066 series\x00")], needs=[]
    )

    assert list(company.offers.values_list("text", flat=True)) == ["Small series"]


def test_create_company_stores_every_field(edition, organiser_user):
    company = services.create_company(
        edition,
        by=organiser_user,
        name=" Racing Composites ",
        country="GB",
        city="Silverstone",
        sector=Sector.MOTORSPORT,
        size="small",
        website="https://racing-composites.example",
        description="Carbon parts.",
    )

    company.refresh_from_db()
    assert (
        company.edition,
        company.name,
        company.country.code,
        company.city,
        company.sector,
        company.size,
        company.website,
        company.description,
    ) == (
        edition,
        "Racing Composites",
        "GB",
        "Silverstone",
        "motorsport",
        "small",
        "https://racing-composites.example",
        "Carbon parts.",
    )


def test_add_participant_with_new_company_changes_nothing_on_failure(edition, organiser_user):
    _add(edition, organiser_user, factories.make_company(edition))

    with pytest.raises(services.ParticipantError):
        services.add_participant_with_new_company(
            edition,
            by=organiser_user,
            company_fields={"name": "New Co", "country": "FR", "sector": "other"},
            email="ada@example.com",
            first_name="Ada",
            last_name="Martin",
            role="buyer",
            languages=["fr"],
        )

    assert list(Company.objects.values_list("name", flat=True)) == [
        Participant.objects.get().company.name
    ]


def test_set_capabilities_replaces_offers_and_needs(edition, organiser_user):
    company = factories.make_company(edition)
    services.set_capabilities(company, by=organiser_user, offers=[(None, "old")], needs=[])

    services.set_capabilities(
        company,
        by=organiser_user,
        offers=[("laser-powder-bed-fusion", "Titanium parts"), (None, "Small series")],
        needs=[("five-axis-machining", "")],
    )

    offers = [(o.category.code if o.category else None, o.text) for o in company.offers.all()]
    needs = [(n.category.code, n.text) for n in company.needs.all()]
    assert (sorted(offers, key=str), needs) == (
        sorted([("laser-powder-bed-fusion", "Titanium parts"), (None, "Small series")], key=str),
        [("five-axis-machining", "")],
    )


@pytest.mark.parametrize(
    ("offers", "code"),
    [([("no-such-code", "")], "unknown_category"), ([(None, "  ")], "empty_capability")],
)
def test_set_capabilities_refuses_bad_items_and_keeps_the_old_ones(
    edition, organiser_user, offers, code
):
    company = factories.make_company(edition)
    services.set_capabilities(company, by=organiser_user, offers=[(None, "kept")], needs=[])

    with pytest.raises(services.CompanyError) as raised:
        services.set_capabilities(company, by=organiser_user, offers=offers, needs=[])

    assert (raised.value.code, list(company.offers.values_list("text", flat=True))) == (
        code,
        ["kept"],
    )
