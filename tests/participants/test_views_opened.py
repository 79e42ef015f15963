"""The participants' edit forms keep what someone else saved since the page was opened
(`core.opened`): the company and the person on the profile page, a taxonomy item."""

import pytest
from django.urls import reverse

from paddock.participants import profile, taxonomy_services
from paddock.participants.models import Category, Company, Participant
from tests import factories
from tests.edit_forms import opened_data

pytestmark = pytest.mark.integration


@pytest.fixture
def me(participant, client):
    client.force_login(participant.user)
    return participant


def _portal(name, edition):
    return reverse(f"participants-portal:{name}", args=[edition.slug])


def _save_after(client, url, colleague, changes, *, page, form):
    """Open `page`, let `colleague()` save meanwhile, then post its form `form` to `url`."""
    opened = opened_data(client, page, form=form)
    colleague()
    return client.post(url, {**opened, **changes})


def test_company_form_keeps_the_city_a_colleague_changed_meanwhile(client, edition, me):
    def colleague():
        profile.update_company(Company.objects.get(pk=me.company_id), by=None, city="Allonnes")

    response = _save_after(
        client, _portal("profile-company", edition), colleague, {"description": "Castings"},
        page=_portal("profile", edition), form="company_form",
    )  # fmt: skip

    me.company.refresh_from_db()
    assert (response.status_code, me.company.description, me.company.city) == (
        302,
        "Castings",
        "Allonnes",
    )


def test_person_form_keeps_the_role_an_organiser_changed_meanwhile(client, edition, me):
    def colleague():
        read = Participant.objects.select_related("user").get(pk=me.pk)
        profile.update_participant_details(
            read, by=None, first_name=read.user.first_name, last_name=read.user.last_name,
            job_title=read.job_title, phone=read.phone, languages=read.languages, role="buyer",
            show_email=read.show_email, show_phone=read.show_phone,
            show_job_title=read.show_job_title,
        )  # fmt: skip

    response = _save_after(
        client, _portal("profile-person", edition), colleague, {"phone": "+33 6 00 00 00 00"},
        page=_portal("profile", edition), form="person_form",
    )  # fmt: skip

    me.refresh_from_db()
    assert (response.status_code, me.phone, me.role) == (302, "+33 6 00 00 00 00", "buyer")


def test_category_relabelled_keeps_the_position_changed_meanwhile(client, db):
    client.force_login(factories.make_user(is_superuser=True))
    item = factories.make_category(label_en="Grinding", label_fr="Rectification", position=1)
    url = reverse("participants:category-update", args=[item.pk])

    def colleague():
        read = Category.objects.get(pk=item.pk)
        taxonomy_services.update_category(
            read, by=None, label_en="Grinding", label_fr="Rectification", position=7,
            parent=None,
        )  # fmt: skip

    opened = opened_data(client, url)
    colleague()
    response = client.post(url, {**opened, "label_en": "Precision grinding"})

    item.refresh_from_db()
    assert (response.status_code, item.label_en, item.position) == (302, "Precision grinding", 7)


def test_update_category_writes_only_the_changed_fields(db):
    item = factories.make_category(label_en="Grinding", label_fr="Rectification", position=1)
    first_read, second_read = (Category.objects.get(pk=item.pk) for _ in range(2))

    same = {"by": None, "label_fr": "Rectification", "parent": None}
    taxonomy_services.update_category(first_read, label_en="Grinding", position=7, **same)
    taxonomy_services.update_category(
        second_read, label_en="Precision grinding", position=1, **same
    )

    item.refresh_from_db()
    assert (item.label_en, item.position) == ("Precision grinding", 7)
