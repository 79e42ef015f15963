import pytest
from django.core.exceptions import ValidationError

from paddock.accounts.models import User
from paddock.participants import batch
from paddock.participants.models import Company, Participant
from paddock.participants.services import CompanyError, ParticipantError
from tests import factories

pytestmark = pytest.mark.integration


def _company(name, **fields):
    return {"name": name, "country": "FR", "sector": "energy", **fields}


def test_create_companies_with_capabilities_and_search_text(edition, organiser_user):
    factories.make_category(code="batch-milling")

    created = batch.create_companies(
        edition,
        by=organiser_user,
        companies=[
            _company("Éole  SA ", city=" Nantes", offers=["batch-milling"]),
            _company("Bêta", description="Soudure"),
        ],
    )

    assert [
        (c.name, c.city, c.search_text, list(c.offers.values_list("category__code", flat=True)))
        for c in created
    ] == [
        ("Éole  SA", "Nantes", "eole sa nantes", ["batch-milling"]),
        ("Bêta", "", "beta soudure", []),
    ]


def test_create_companies_name_taken_in_any_case_creates_none(edition, organiser_user):
    factories.make_company(edition, name="Acme Racing")

    with pytest.raises(ValidationError) as refused:
        batch.create_companies(
            edition,
            by=organiser_user,
            companies=[_company("New"), _company("ACME  racing")],
        )

    assert (refused.value.message_dict, list(Company.objects.values_list("name", flat=True))) == (
        {"name": ["A company named ACME  racing already takes part."]},
        ["Acme Racing"],
    )


def test_create_companies_unknown_capability_creates_none(edition, organiser_user):
    with pytest.raises(CompanyError) as refused:
        batch.create_companies(
            edition, by=organiser_user, companies=[_company("New", needs=["no-such-code"])]
        )

    assert (refused.value.code, Company.objects.count()) == ("unknown_category", 0)


def test_add_participants_reuses_accounts_unchanged_and_keeps_the_names_given(
    edition, organiser_user
):
    company = factories.make_company(edition)
    factories.make_user(email="known@example.com", first_name="", last_name="Kept")

    added = batch.add_participants(
        edition,
        by=organiser_user,
        status="invited",
        people=[
            {
                "email": "Known@Example.com",
                "first_name": "Kim",
                "last_name": "Other",
                "company": company,
                "role": "buyer",
                "languages": ["fr"],
            },
            {
                "email": "new@example.com",
                "first_name": "Nia",
                "last_name": "New",
                "company": company,
                "role": "supplier",
                "languages": ["en"],
                "phone": "+33 6",
            },
        ],
    )

    assert [
        (
            p.user.email,
            p.user.first_name,
            p.user.last_name,
            p.names_for_organisers(),
            p.status,
            p.phone,
            p.user.has_usable_password(),
        )
        for p in Participant.objects.filter(pk__in=[p.pk for p in added]).order_by("pk")
    ] == [
        ("known@example.com", "", "Kept", ("Kim", "Other"), "invited", "", True),
        ("new@example.com", "Nia", "New", ("Nia", "New"), "invited", "+33 6", False),
    ]


def test_add_participants_someone_already_taking_part_adds_nobody(edition, organiser_user):
    company = factories.make_company(edition)
    factories.make_participant(edition, user=factories.make_user(email="in@example.com"))
    people = [
        {"email": e, "company": company, "role": "buyer", "languages": ["fr"]}
        for e in ("fresh@example.com", "IN@example.com")
    ]
    before = (User.objects.count(), Participant.objects.count())

    with pytest.raises(ParticipantError) as refused:
        batch.add_participants(edition, by=organiser_user, status="invited", people=people)

    assert (refused.value.code, refused.value.message) == (
        "already_participating",
        "in@example.com already takes part in this edition.",
    )
    assert (User.objects.count(), Participant.objects.count()) == before


def test_add_participants_looks_emails_up_in_parts_and_finds_those_of_every_part(
    edition, organiser_user, monkeypatch
):
    # PostgreSQL takes at most 65,535 parameters a query: a 10 MB file's 170,000 emails are
    # looked up in parts. Here parts of two, so that the account and the participant to find
    # are in the last part.
    monkeypatch.setattr(batch, "_EMAILS_PER_QUERY", 2)
    company = factories.make_company(edition)
    known = factories.make_user(email="known@example.com")
    factories.make_participant(edition, user=factories.make_user(email="in@example.com"))
    emails = ["a@example.com", "b@example.com", "c@example.com", "known@example.com"]
    people = [
        {"email": e, "company": company, "role": "buyer", "languages": ["fr"]} for e in emails
    ]

    added = batch.add_participants(edition, by=organiser_user, status="invited", people=people)
    with pytest.raises(ParticipantError) as refused:
        batch.add_participants(
            edition,
            by=organiser_user,
            status="invited",
            people=[{**people[0], "email": e} for e in ("d@example.com", "IN@example.com")],
        )

    assert ([p.user.email for p in added], added[3].user == known) == (emails, True)
    assert refused.value.message == "in@example.com already takes part in this edition."
