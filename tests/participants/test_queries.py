import pytest
from django.utils import translation

from paddock.participants import queries
from paddock.participants.enums import (
    CategoryKind,
    JoinRequestStatus,
    ParticipantRole,
    ParticipantStatus,
)
from paddock.participants.models import Category, JoinRequest
from paddock.participants.taxonomy import flatten
from tests import factories

pytestmark = pytest.mark.integration


def test_category_tree_loads_everything_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        groups = queries.category_tree()
        ordered = [item.code for _group, items in queries.flat_tree(groups) for item in items]

    assert (
        [group.kind for group in groups],
        sorted(ordered),
        sum(group.count for group in groups),
    ) == (list(CategoryKind.values), sorted(row[0] for row in flatten()), len(flatten()))


def test_flat_tree_puts_parents_before_children_with_depths(db):
    groups = queries.category_tree()

    _group, items = queries.flat_tree(groups)[0]
    first = [(item.code, item.depth) for item in items[:3]]

    assert first == [("machining", 0), ("cnc-milling", 1), ("cnc-turning", 1)]


def test_descendant_ids_reach_every_depth(db):
    machining = Category.objects.get(code="machining")
    leaf = Category.objects.create(
        code="micro-milling",
        kind="process",
        label_en="M",
        label_fr="M",
        parent=Category.objects.get(code="cnc-milling"),
    )

    found = queries.descendant_ids(machining)

    expected = set(Category.objects.filter(parent=machining).values_list("pk", flat=True)) | {
        leaf.pk
    }
    assert found == expected


def test_filtered_participants_search_every_word_in_names_email_and_company(edition):
    company = factories.make_company(edition, name="Soudure Sarthoise")
    ada = factories.make_participant(
        edition, company=company, user=factories.make_user(first_name="Ada", last_name="Martin")
    )
    factories.make_participant(edition, user=factories.make_user(first_name="Ada"))

    found = list(queries.filtered_participants(edition, search="ada sarth"))

    assert found == [ada]


def test_status_counts_include_every_status(edition):
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    factories.make_participant(edition, status=ParticipantStatus.VALIDATED)

    counts = queries.status_counts(queries.filtered_participants(edition))

    assert counts == {
        "all": 3,
        "invited": 0,
        "registered": 2,
        "validated": 1,
        "declined": 0,
        "withdrawn": 0,
    }


def test_edition_status_counts_count_the_edition_only_every_status_included(edition):
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    factories.make_participant(edition, status=ParticipantStatus.VALIDATED)
    other = factories.make_edition(slug="other-edition")
    factories.make_participant(other, status=ParticipantStatus.INVITED)

    counts = queries.edition_status_counts(edition)

    assert counts == {
        "all": 3,
        "invited": 0,
        "registered": 2,
        "validated": 1,
        "declined": 0,
        "withdrawn": 0,
    }


def test_pending_join_requests_count_counts_the_edition_s_pending_requests_only(edition):
    company = factories.make_company(edition)
    other = factories.make_edition(slug="other-edition")
    for place, status in [
        (edition, JoinRequestStatus.PENDING),
        (edition, JoinRequestStatus.PENDING),
        (edition, JoinRequestStatus.UNCONFIRMED),
        (edition, JoinRequestStatus.DECLINED),
        (other, JoinRequestStatus.PENDING),
    ]:
        JoinRequest.objects.create(
            edition=place,
            company=company if place == edition else factories.make_company(other),
            user=factories.make_user(),
            role=ParticipantRole.BUYER,
            status=status,
        )

    assert queries.pending_join_requests_count(edition) == 2


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Laser powder-bed fusion"), ("fr", "Fusion laser sur lit de poudre")],
)
def test_catalogue_card_details_read_items_and_people_as_plain_values(edition, language, label):
    company = factories.make_company(edition, name="Additive Sarthe")
    other = factories.make_company(edition, name="Empty")
    fusion = Category.objects.get(code="laser-powder-bed-fusion")
    long_text = "Usinage de pièces en titane, inox et aluminium, laiton, cuivre"
    company.offers.create(category=fusion, text="titane")
    company.offers.create(text=long_text)
    company.needs.create(text="Tubes")
    zoe = factories.make_participant(
        edition,
        company=company,
        user=factories.make_user(email="zoe@example.com", first_name="Zoé", last_name="Zola"),
        role="buyer",
    )
    ada = factories.make_participant(
        edition,
        company=company,
        user=factories.make_user(email="ada@example.com", first_name="", last_name=""),
    )
    factories.make_participant(edition, company=company, status=ParticipantStatus.REGISTERED)

    with translation.override(language):
        details = queries.catalogue_card_details([company.pk, other.pk])

    assert details == {
        company.pk: queries.CardDetails(
            offers=[label, "Usinage de pièces en titane, inox et aluminium…"],
            needs=["Tubes"],
            people=[
                queries.CardPerson(ada.pk, ada.user_id, "ada@example.com", "supplier"),
                queries.CardPerson(zoe.pk, zoe.user_id, "Zoé Zola", "buyer"),
            ],
        ),
        other.pk: queries.CardDetails(),
    }


def test_participant_rows_are_the_rows_of_the_models_in_the_list_order(edition):
    ada = factories.make_participant(
        edition,
        user=factories.make_user(email="ada@example.com", first_name="Ada", last_name="Lovelace"),
        company=factories.make_company(edition, name="Zeta", country="DE"),
        job_title="Buyer",
        languages=["fr", "en"],
    )
    bob = factories.make_participant(
        edition,
        user=factories.make_user(email="bob@example.com", first_name="", last_name=""),
        company=factories.make_company(edition, name="Alpha", country="FR"),
        languages=[],
    )
    selected = queries.filtered_participants(edition, role="", country="", search="")

    with translation.override("fr"):
        rows = queries.participant_rows(queries.participant_row_values(selected))

    assert rows == [
        queries.ParticipantRow(
            pk=bob.pk,
            first_name="",
            last_name="",
            email="bob@example.com",
            job_title="",
            company_name="Alpha",
            country_name="France",
            role=bob.role,
            status=bob.status,
            languages=[],
        ),
        queries.ParticipantRow(
            pk=ada.pk,
            first_name="Ada",
            last_name="Lovelace",
            email="ada@example.com",
            job_title="Buyer",
            company_name="Zeta",
            country_name="Allemagne",
            role=ada.role,
            status=ada.status,
            languages=["fr", "en"],
        ),
    ]
    with translation.override("fr"):
        assert [queries.ParticipantRow.of(p) for p in selected] == rows


def test_country_name_follows_the_active_language_each_time():
    names = []

    for language in ["en", "fr", "en", "de", "fr"]:
        with translation.override(language):
            names.append(queries.country_name("DE"))

    assert names == ["Germany", "Allemagne", "Germany", "Deutschland", "Allemagne"]


def test_category_options_are_the_tree_of_the_items_in_each_language(edition):
    other = factories.make_organiser()
    metal = factories.make_category(label_en="Metal", label_fr="Métal", position=2)
    steel = factories.make_category(parent=metal, label_en="Steel", label_fr="Acier")
    factories.make_category(parent=steel, label_en="Inox", label_fr="Inox")
    wood = factories.make_category(label_en="Wood", label_fr="Bois", position=1)
    factories.make_category(other, label_en="Hidden", label_fr="Caché")
    usable = queries.categories_for_edition(edition)

    with translation.override("fr"):
        options = queries.category_options(usable)
        tree = [
            (group.label, [(str(c.pk), "— " * c.depth + c.label) for c in items])
            for group, items in queries.flat_tree(queries.category_tree(usable))
        ]

    inox = steel.pk + 1
    mine = {str(pk) for pk in (wood.pk, metal.pk, steel.pk, inox)}
    assert options == tree
    label, items = options[0]
    assert (label, [option for option in items if option[0] in mine]) == (
        "Procédé",
        [
            (str(wood.pk), "Bois"),
            (str(metal.pk), "Métal"),
            (str(steel.pk), "— Acier"),
            (str(inox), "— — Inox"),
        ],
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_edition_category_options_are_the_options_of_the_editions_items(edition, language):
    other = factories.make_organiser()
    metal = factories.make_category(label_en="Metal", label_fr="Métal", position=2)
    factories.make_category(parent=metal, label_en="Steel", label_fr="Acier")
    factories.make_category(edition.series.organiser, label_en="Ours", label_fr="Les nôtres")
    factories.make_category(other, label_en="Hidden", label_fr="Caché")

    with translation.override(language):
        options = queries.edition_category_options(edition)
        expected = queries.category_options(queries.categories_for_edition(edition))

    assert options == expected


def test_catalogue_companies_in_order_leave_out_a_company_deleted_since_its_id_was_read(
    edition,
):
    first, second, third = [factories.make_company(edition) for _index in range(3)]
    third.city, third.country = "Lyon", ""
    third.save()
    ids = [third.pk, first.pk, second.pk]
    second.delete()

    assert queries.catalogue_companies_in_order(ids) == [
        queries.CatalogueCompany(c.pk, c.name, c.country.code or "", c.sector, c.city)
        for c in (third, first)
    ]


@pytest.mark.parametrize("status", ["", ParticipantStatus.INVITED, ParticipantStatus.VALIDATED])
def test_listed_row_values_are_the_pages_of_the_filtered_list(edition, status):
    # Invited people sort by the names the organisers gave, the others by their account's.
    company = factories.make_company(edition, name="Same Co")
    for first, last, given, invited in (
        ("Zoe", "Adams", "Yann", True),
        ("Ann", "Zorn", "Bea", True),
        ("Max", "Brun", "", False),
        ("Eva", "Brun", "", False),
        ("Hal", "Moss", "", False),
    ):
        user = factories.make_user(first_name=first, last_name=last)
        factories.make_participant(
            edition,
            user=user,
            company=company,
            status=ParticipantStatus.INVITED if invited else ParticipantStatus.VALIDATED,
            invited_first_name=given or first,
            invited_last_name=given or last,
        )
    factories.make_participant(factories.make_edition())  # another edition's: never listed
    selected = queries.filtered_participants(edition)
    if status:
        selected = selected.filter(status=status)
    expected = list(queries.participant_row_values(selected))

    listed = queries.ListedRowValues(edition.pk, status, len(expected))
    pages = [listed[start : start + 2] for start in range(0, 6, 2)]

    assert (pages, listed[2:2], [row[1] for row in expected]) == (
        [expected[0:2], expected[2:4], expected[4:6]],
        [],
        {
            "": ["Bea", "Eva", "Max", "Hal", "Yann"],
            "invited": ["Bea", "Yann"],
            "validated": ["Eva", "Max", "Hal"],
        }[status],
    )
