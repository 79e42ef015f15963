"""The participants' edit forms keep what someone else saved since the page was opened
(`core.opened`): the company, the person and an offer's or need's details on the profile page,
a taxonomy item."""

import pytest
from django.urls import reverse

from paddock.participants import profile, taxonomy_services
from paddock.participants.models import Category, Company, Offer, Participant
from tests import factories
from tests.edit_forms import opened_data, page_data

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


def _offer_opened(client, edition, offer):
    """What the offer's details form posts as the profile page showed it."""
    response = client.get(_portal("profile", edition))
    (shown,) = [item for item in response.context["offers"] if item.pk == offer.pk]
    return page_data(shown.text_form)


def _offer_update(client, edition, offer, data):
    url = reverse("participants-portal:offer-update", args=[edition.slug, offer.pk])
    return client.post(url, data)


def _colleague_saves_details(offer, text):
    profile.update_capability(Offer.objects.get(pk=offer.pk), by=None, category=None, text=text)


def test_offer_details_unchanged_keep_what_a_colleague_saved_meanwhile(client, edition, me):
    offer = Offer.objects.create(company=me.company, text="Casting")
    opened = _offer_opened(client, edition, offer)
    _colleague_saves_details(offer, "Aluminium casting")

    response = _offer_update(client, edition, offer, opened)

    offer.refresh_from_db()
    assert (response.status_code, offer.text) == (302, "Aluminium casting")


def test_offer_details_both_changed_are_refused_with_the_text_saved_now(client, edition, me):
    offer = Offer.objects.create(company=me.company, text="Casting")
    opened = _offer_opened(client, edition, offer)
    _colleague_saves_details(offer, "Aluminium casting")

    response = _offer_update(client, edition, offer, {**opened, "text": "Sand casting"})

    offer.refresh_from_db()
    (shown,) = response.context["offers"]
    assert (response.status_code, offer.text, shown.text_form.errors) == (
        200,
        "Aluminium casting",
        {
            "text": [
                "Someone else changed this to “Aluminium casting” since you opened the page. "
                "Check it and save again."
            ]
        },
    )
    assert shown.text_form["text"].value() == "Sand casting"


def test_offer_details_saved_again_after_a_conflict_are_kept(client, edition, me):
    offer = Offer.objects.create(company=me.company, text="Casting")
    opened = _offer_opened(client, edition, offer)
    _colleague_saves_details(offer, "Aluminium casting")
    refused = _offer_update(client, edition, offer, {**opened, "text": "Sand casting"})
    (shown,) = refused.context["offers"]

    response = _offer_update(client, edition, offer, page_data(shown.text_form))

    offer.refresh_from_db()
    assert (response.status_code, offer.text) == (302, "Sand casting")


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
