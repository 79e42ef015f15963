"""The admin site's Organiser page, where site administrators choose an organiser's members,
and its Edition page's roles."""

import pytest
from django.urls import reverse

from paddock.events.enums import EditionRole
from paddock.events.models import Organiser
from paddock.privacy.services import erase_person
from tests import factories
from tests.admin_pages import give_role_on_the_edition_page, save_members

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.make_user(is_superuser=True, is_staff=True))
    return client


def test_organiser_page_adds_an_organiser_with_its_members(admin_client):
    ada, bob = factories.make_user(), factories.make_user()

    response = admin_client.post(
        reverse("admin:events_organiser_add"),
        {"name": "Technoparc", "slug": "technoparc", "members": [ada.pk, bob.pk]},
    )

    organiser = Organiser.objects.get(slug="technoparc")
    assert (response.status_code, set(organiser.members.all())) == (302, {ada, bob})


def test_organiser_page_refuses_an_erased_account_and_changes_nothing(admin_client):
    ada, gone = factories.make_user(), factories.make_user()
    organiser = factories.make_organiser(name="Technoparc", members=[ada])
    erase_person(gone, by=None, edition=None, origin="request")

    response = admin_client.post(
        reverse("admin:events_organiser_change", args=[organiser.pk]),
        {"name": "Technoparc", "slug": organiser.slug, "members": [ada.pk, gone.pk]},
    )

    assert response.context["adminform"].form.errors == {
        "members": [
            f"erased-{gone.pk}@erased.invalid was erased: it can no longer organise. Take it "
            "out of the members."
        ]
    }
    assert list(organiser.members.all()) == [ada]


def test_organiser_page_saves_the_members_chosen(db):
    ada, bob = factories.make_user(), factories.make_user()
    organiser = factories.make_organiser(name="Technoparc", members=[ada])

    page = save_members(organiser, bob)

    assert (page, list(organiser.members.all())) == ((302, {}), [bob])


def test_edition_page_gives_a_role(edition):
    agent = factories.make_user()

    page = give_role_on_the_edition_page(edition, agent, EditionRole.CHECKIN)

    assert (page, list(edition.memberships.values_list("user", "role"))) == (
        (302, []),
        [(agent.pk, EditionRole.CHECKIN)],
    )


def test_edition_page_refuses_a_role_for_an_erased_account(edition):
    gone = factories.make_user()
    erase_person(gone, by=None, edition=None, origin="request")

    page = give_role_on_the_edition_page(edition, gone, EditionRole.CHECKIN)

    assert (page, list(edition.memberships.all())) == (
        (
            200,
            [
                f"erased-{gone.pk}@erased.invalid was erased: it can no longer hold a role. "
                "Take it out of the roles."
            ],
        ),
        [],
    )
