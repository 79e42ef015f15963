import pytest
from django.core.exceptions import ValidationError

from paddock.participants import services, taxonomy_services
from paddock.participants.models import Category
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def curator(db):
    return factories.make_user(is_superuser=True)


def _category(code):
    return Category.objects.get(code=code)


def test_create_category_under_a_parent_takes_its_kind_and_goes_last(curator):
    parent = _category("welding")

    category = taxonomy_services.create_category(
        by=curator,
        code="friction-stir-welding",
        label_en="Friction stir welding",
        label_fr="Soudage par friction-malaxage",
        kind="material",
        parent=parent,
    )

    assert (category.kind, category.parent, category.position) == ("process", parent, 5)


def test_create_category_at_top_level_needs_a_kind(curator):
    with pytest.raises(ValidationError) as raised:
        taxonomy_services.create_category(by=curator, code="x", label_en="X", label_fr="X")

    assert list(raised.value.message_dict) == ["kind"]


def test_create_category_refuses_a_used_code_and_empty_labels(curator):
    with pytest.raises(ValidationError) as raised:
        taxonomy_services.create_category(
            by=curator, code="welding", label_en=" ", label_fr="Soudage", kind="process"
        )

    assert sorted(raised.value.message_dict) == ["code", "label_en"]


@pytest.mark.parametrize("parent_code", ["machining", "cnc-milling"])
def test_update_category_refuses_a_cycle(curator, parent_code):
    category = _category("machining")

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        taxonomy_services.update_category(
            category,
            by=curator,
            label_en="Machining",
            label_fr="Usinage",
            position=0,
            parent=_category(parent_code),
        )

    category.refresh_from_db()
    assert (raised.value.code, raised.value.field, category.parent) == ("cycle", "parent", None)


def test_update_category_moves_the_subtree_to_the_parents_kind(curator):
    metals = _category("metals")

    taxonomy_services.update_category(
        metals,
        by=curator,
        label_en="Metal parts",
        label_fr="Pièces métalliques",
        position=3,
        parent=_category("casting"),
    )

    titanium = _category("titanium")
    metals.refresh_from_db()
    assert (metals.kind, metals.label_en, metals.position, titanium.kind) == (
        "process",
        "Metal parts",
        3,
        "process",
    )


def test_delete_category_refuses_an_item_with_children(curator):
    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        taxonomy_services.delete_category(_category("machining"), by=curator)

    assert (raised.value.code, Category.objects.filter(code="machining").exists()) == (
        "has_children",
        True,
    )


def test_delete_category_refuses_an_item_in_use(curator, edition):
    company = factories.make_company(edition)
    services.set_capabilities(company, by=curator, offers=[], needs=[("grinding", "")])

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        taxonomy_services.delete_category(_category("grinding"), by=curator)

    assert (raised.value.code, raised.value.message) == (
        "in_use",
        "Grinding is used by 1 offer or need: it cannot be deleted, but you may rename or move it.",
    )


def test_delete_category_removes_an_unused_leaf(curator):
    taxonomy_services.delete_category(_category("grinding"), by=curator)

    assert Category.objects.filter(code="grinding").exists() is False


@pytest.fixture
def rival(db):
    """A member of an organiser that runs none of the fixture edition's series."""
    user = factories.make_user(email="rival@example.com")
    factories.make_organiser(members=[user])
    return user


def _rename(category, by):
    return taxonomy_services.update_category(
        category, by=by, label_en="Renamed", label_fr="Renommé", position=0, parent=None
    )


def test_update_category_refuses_an_organiser_changing_a_shared_item(edition, rival):
    services.set_capabilities(
        factories.make_company(edition), by=None, offers=[("grinding", "")], needs=[]
    )

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        _rename(_category("grinding"), rival)

    assert (raised.value.code, raised.value.message, _category("grinding").label_en) == (
        "shared",
        "Grinding is shared by all organisers: only site administrators may change or delete it.",
        "Grinding",
    )


def test_delete_category_refuses_an_organiser_deleting_a_shared_item(rival):
    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        taxonomy_services.delete_category(_category("grinding"), by=rival)

    assert (raised.value.code, Category.objects.filter(code="grinding").exists()) == (
        "shared",
        True,
    )


def test_update_category_refuses_an_item_of_another_organiser(edition, rival):
    own = factories.make_category(edition.series.organiser, label_en="Paddock welding")

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        _rename(own, rival)

    assert (raised.value.code, raised.value.message, Category.objects.get(pk=own.pk).label_en) == (
        "other_organiser",
        "Paddock welding belongs to another organiser: only its members may change or delete it.",
        "Paddock welding",
    )


def test_update_category_refuses_an_own_item_used_by_another_organisers_edition(edition, rival):
    own = factories.make_category(rival.organisers.get(), label_en="Rival casting")
    company = factories.make_company(edition)
    company.offers.create(category=own)

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        _rename(own, rival)

    assert (raised.value.code, raised.value.message) == (
        "used_elsewhere",
        "Rival casting is used in editions of other organisers: only site administrators may "
        "change or delete it.",
    )


def test_create_category_by_an_organiser_belongs_to_it_and_it_may_rename_it(rival):
    organiser = rival.organisers.get()
    own = taxonomy_services.create_category(
        by=rival,
        organiser=organiser,
        code="rival-casting",
        label_en="Rival casting",
        label_fr="Fonderie rivale",
        parent=_category("casting"),
    )

    renamed = _rename(own, rival)

    assert (renamed.organiser, renamed.label_en, renamed.kind) == (organiser, "Renamed", "process")


@pytest.mark.parametrize("organiser", ["none", "other"])
def test_create_category_refuses_an_organiser_writing_outside_its_own(edition, rival, organiser):
    owner = None if organiser == "none" else edition.series.organiser

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        taxonomy_services.create_category(
            by=rival, organiser=owner, code="x-ray", label_en="X", label_fr="X", kind="process"
        )

    assert (
        raised.value.code,
        raised.value.field,
        Category.objects.filter(code="x-ray").exists(),
    ) == (
        "not_your_organiser",
        "organiser",
        False,
    )


def test_create_category_refuses_a_parent_of_another_organiser(edition, rival):
    theirs = factories.make_category(edition.series.organiser)

    with pytest.raises(taxonomy_services.TaxonomyError) as raised:
        taxonomy_services.create_category(
            by=rival,
            organiser=rival.organisers.get(),
            code="mine",
            label_en="Mine",
            label_fr="À moi",
            parent=theirs,
        )

    assert (raised.value.code, raised.value.field) == ("other_parent", "parent")
