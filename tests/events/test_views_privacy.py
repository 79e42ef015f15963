import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.events.models import PrivacyNotice
from paddock.events.services import change_privacy_notice
from tests import factories
from tests.edit_forms import post_as_opened

pytestmark = pytest.mark.integration

ENGLISH = "Technopole keeps your details to run the event."
FRENCH = "Technopole garde vos coordonnées pour organiser l’événement."


def _save(client, edition, text_en=ENGLISH, text_fr=FRENCH):
    return post_as_opened(
        client,
        reverse("events:privacy", args=[edition.slug]),
        {"text_en": text_en, "text_fr": text_fr},
        follow=True,
    )


def test_privacy_page_saves_each_change_as_a_new_version(organiser_client, edition):
    _save(organiser_client, edition)

    response = _save(organiser_client, edition, text_en="We keep your details for a year.")

    versions = [
        (notice.version, notice.text_en, notice.text_fr, notice.created_by.email)
        for notice in response.context["notices"]
    ]
    assert versions == [
        (2, "We keep your details for a year.", FRENCH, "organiser@example.com"),
        (1, ENGLISH, FRENCH, "organiser@example.com"),
    ]
    assert response.context["form"].initial == {
        "text_en": "We keep your details for a year.",
        "text_fr": FRENCH,
    }


def test_privacy_page_says_when_each_version_was_saved_in_the_edition_time_zone(
    organiser_client, edition
):
    _save(organiser_client, edition)
    saved = dt.datetime(2026, 6, 10, 22, 30, tzinfo=dt.UTC)  # 11 June, 00:30 in Paris
    PrivacyNotice.objects.update(created_at=saved)

    page = organiser_client.get(reverse("events:privacy", args=[edition.slug])).content.decode()

    assert re.findall(r"<tr><td>1</td><td>([^<]*)</td>", page) == ["11 Jun 2026, 00:30"]


def test_privacy_page_keeps_the_version_when_nothing_changed(organiser_client, edition):
    _save(organiser_client, edition)

    _save(organiser_client, edition, text_en=f"  {ENGLISH}\n")

    assert list(PrivacyNotice.objects.values_list("version", flat=True)) == [1]


def test_privacy_page_refuses_a_blank_text_and_keeps_nothing(organiser_client, edition):
    response = _save(organiser_client, edition, text_fr="   ")

    assert response.context["form"].errors == {"text_fr": ["This field is required."]}
    assert list(PrivacyNotice.objects.all()) == []


def test_public_privacy_page_shows_the_text_in_force_in_the_visitors_language(client, edition):
    organiser = factories.make_user("chief@example.com")
    change_privacy_notice(edition, by=organiser, text_en=ENGLISH, text_fr=FRENCH)
    change_privacy_notice(edition, by=organiser, text_en="Version two.", text_fr="Version deux.")

    response = client.get(
        reverse("events-public:privacy", args=[edition.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert (response.context["consent"].version, response.context["consent"].text) == (
        "2",
        "Version deux.",
    )


def test_public_privacy_page_without_a_text_shows_the_default(client, edition):
    response = client.get(reverse("events-public:privacy", args=[edition.slug]))

    organiser = edition.series.organiser.name
    assert (response.context["consent"].version, response.context["consent"].text) == (
        "default",
        f"{organiser} keeps the details you give here (your name, email address, company and "
        f"profile) to run {edition.name}: to match you with other participants, arrange your "
        "meetings and let you in on the day. Other participants see your profile as you set "
        f"it; nobody else receives your data. You may ask {organiser} to see, correct or "
        "delete it at any time.",
    )
