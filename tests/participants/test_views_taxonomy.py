import re

import pytest
from django.urls import reverse

from paddock.events.enums import EditionRole
from paddock.participants import services
from paddock.participants.models import Category
from paddock.participants.taxonomy import flatten
from tests import factories
from tests.edit_forms import post_as_opened

pytestmark = pytest.mark.integration

LIST_URL = "/orga/taxonomy/"


def _update_url(category):
    return reverse("participants:category-update", args=[category.pk])


def _delete_url(category):
    return reverse("participants:category-delete", args=[category.pk])


@pytest.fixture
def curator_client(client, db):
    """Logged in as a site administrator, who alone changes the shared items."""
    client.force_login(factories.make_user(is_superuser=True))
    return client


def test_category_list_url():
    assert reverse("participants:category-list") == LIST_URL


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("organiser_user", 200),
        ("staff_user", 403),
        ("checkin_user", 403),
        ("participant_user", 403),
    ],
)
def test_category_list_answers_each_role(client, request, user_fixture, expected):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(LIST_URL)

    assert response.status_code == expected


def test_category_list_lets_a_superuser_in_and_sends_anonymous_to_login(client, db):
    anonymous = client.get(LIST_URL)
    client.force_login(factories.make_user(is_superuser=True))

    superuser = client.get(LIST_URL)

    assert (anonymous.url, superuser.status_code) == (
        f"{reverse('accounts:login')}?next={LIST_URL}",
        200,
    )


def test_category_list_refuses_an_edition_organiser_without_organisation(client, edition):
    # An organiser role on one edition is not membership of an organiser: the taxonomy is shared.
    user = factories.make_user()
    factories.give_role(user, edition, EditionRole.ORGANISER)
    client.force_login(user)

    response = client.get(LIST_URL)

    assert response.status_code == 403


@pytest.mark.parametrize("uses", [1, 3])
def test_category_list_query_count_does_not_grow(
    organiser_client, edition, django_assert_num_queries, uses
):
    company = factories.make_company(edition)
    codes = ["cnc-milling", "tig-welding", "titanium"][:uses]
    services.set_capabilities(
        company, by=None, offers=[(code, "") for code in codes], needs=[(codes[0], "")]
    )

    # session, user, organiser membership, tree, offer usage, need usage
    with django_assert_num_queries(6):
        response = organiser_client.get(LIST_URL)

    assert len(re.findall(r'<li id="category-', response.content.decode())) == len(flatten())


def test_category_list_shows_labels_in_the_active_language(organiser_client):
    english = organiser_client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = organiser_client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert ("Machining" in english, "Usinage" in french, "Usinage" in english) == (
        True,
        True,
        False,
    )


def test_category_create_under_a_parent(organiser_client, edition):
    parent = Category.objects.get(code="welding")
    data = {
        "organiser": edition.series.organiser.pk,
        "parent": parent.pk,
        "code": "friction-stir-welding",
        "kind": "",
        "label_en": "Friction stir welding",
        "label_fr": "Soudage par friction-malaxage",
    }

    response = organiser_client.post(reverse("participants:category-create"), data)

    created = Category.objects.get(code="friction-stir-welding")
    assert (response.url, created.parent, created.kind, created.organiser) == (
        f"{LIST_URL}#category-{created.pk}",
        parent,
        "process",
        edition.series.organiser,
    )


def test_category_create_shows_errors_next_to_the_fields(organiser_client, edition):
    data = {"parent": "", "code": "welding", "kind": "", "label_en": "", "label_fr": "Soudage"}
    data["organiser"] = edition.series.organiser.pk

    response = organiser_client.post(reverse("participants:category-create"), data)

    assert sorted(response.context["form"].errors) == ["kind", "label_en"]


def test_category_create_refuses_a_used_code(organiser_client, edition):
    data = {"code": "welding", "kind": "process", "label_en": "W", "label_fr": "S"}
    data["organiser"] = edition.series.organiser.pk

    response = organiser_client.post(reverse("participants:category-create"), data)

    assert list(response.context["form"].errors) == ["code"]


def test_category_create_prefills_the_parent_from_the_link(organiser_client):
    parent = Category.objects.get(code="welding")

    response = organiser_client.get(reverse("participants:category-create"), {"parent": parent.pk})

    assert response.context["form"]["parent"].value() == str(parent.pk)


def test_category_update_refuses_a_descendant_as_parent(curator_client):
    machining = Category.objects.get(code="machining")
    child = Category.objects.get(code="cnc-milling")
    data = {
        "parent": child.pk,
        "kind": "process",
        "label_en": "Machining",
        "label_fr": "Usinage",
        "position": 0,
    }

    response = post_as_opened(curator_client, _update_url(machining), data)

    machining.refresh_from_db()
    assert (response.context["form"].errors, machining.parent) == (
        {
            "parent": [
                "CNC milling is Machining itself or one of its sub-items: choose another parent."
            ]
        },
        None,
    )


def test_category_update_saves_labels_and_position(curator_client):
    grinding = Category.objects.get(code="grinding")
    data = {
        "parent": grinding.parent_id,
        "kind": "",
        "label_en": "Precision grinding",
        "label_fr": "Rectification de précision",
        "position": 9,
    }

    post_as_opened(curator_client, _update_url(grinding), data)

    grinding.refresh_from_db()
    assert (grinding.label_en, grinding.label_fr, grinding.position, grinding.code) == (
        "Precision grinding",
        "Rectification de précision",
        9,
        "grinding",
    )


def test_category_delete_removes_an_unused_leaf(curator_client):
    grinding = Category.objects.get(code="grinding")

    response = curator_client.post(_delete_url(grinding))

    assert (response.url, Category.objects.filter(code="grinding").exists()) == (LIST_URL, False)


def test_category_delete_explains_why_it_refuses(curator_client, edition):
    company = factories.make_company(edition)
    services.set_capabilities(
        company, by=None, offers=[("grinding", ""), ("grinding", "")], needs=[]
    )
    grinding = Category.objects.get(code="grinding")

    response = curator_client.post(_delete_url(grinding), follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Grinding is used by 2 offers or needs: it cannot be deleted, "
        "but you may rename or move it."
    ]


def test_category_delete_refuses_a_parent(curator_client):
    machining = Category.objects.get(code="machining")

    response = curator_client.post(_delete_url(machining), follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Machining has sub-items: move or delete them first."]


@pytest.fixture
def rival_client(client, db):
    """Logged in as a member of an organiser that runs none of the fixture edition's series."""
    user = factories.make_user(email="rival@example.com")
    factories.make_organiser(members=[user])
    client.force_login(user)
    return client


def test_category_update_refuses_another_organiser_renaming_a_used_item(rival_client, edition):
    services.set_capabilities(
        factories.make_company(edition), by=None, offers=[("grinding", "")], needs=[]
    )
    grinding = Category.objects.get(code="grinding")
    data = {"parent": grinding.parent_id, "label_en": "Sanding", "label_fr": "Ponçage"}

    response = rival_client.post(_update_url(grinding), data | {"position": 0})

    grinding.refresh_from_db()
    assert (response.status_code, grinding.label_en) == (403, "Grinding")
    assert (
        "Grinding is shared by all organisers: only site administrators may change or delete it."
        in response.content.decode()
    )


def test_category_delete_refuses_another_organiser(rival_client, edition):
    grinding = Category.objects.get(code="grinding")

    response = rival_client.post(_delete_url(grinding))

    assert (response.status_code, Category.objects.filter(code="grinding").exists()) == (403, True)


def test_category_list_offers_changes_only_of_own_items(organiser_client, edition, db):
    own = factories.make_category(edition.series.organiser, label_en="Own")
    factories.make_category(factories.make_organiser(), label_en="Theirs")

    content = organiser_client.get(LIST_URL).content.decode()

    assert re.findall(r'href="/orga/taxonomy/(\d+)/"', content) == [str(own.pk)]
    assert ("Own" in content, "Theirs" in content) == (True, False)
