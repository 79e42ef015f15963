"""The participant's profile editor: own company and person, offers, needs, files, slots."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.events.models import Session, TimeSlot
from paddock.participants import profile
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Attachment, Category, Need, Offer
from tests import factories
from tests.edit_forms import opened_data, page_data, post_as_opened
from tests.participants import sample_files

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def me(participant, client):
    client.force_login(participant.user)
    return participant


def url(name, edition, *args):
    return reverse(f"participants-portal:{name}", args=[edition.slug, *args])


def test_profile_shows_the_forms_to_a_registered_participant(client, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(participant.user)

    response = client.get(url("profile", edition))

    assert (response.status_code, response.context["participant"]) == (200, participant)
    assert "not validated your registration yet" in response.content.decode()


def test_profile_is_not_found_for_someone_outside_the_edition(client, edition):
    client.force_login(factories.make_user())

    response = client.get(url("profile", edition))

    assert response.status_code == 404


def test_profile_sends_anonymous_visitors_to_log_in(client, edition):
    response = client.get(url("profile", edition))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("accounts:login"))


def post_profile(client, edition, part, data):
    """The profile page's company or person form (`part`), posted as the page shows it."""
    return post_as_opened(
        client,
        url(f"profile-{part}", edition),
        data,
        page=url("profile", edition),
        form=f"{part}_form",
    )


def test_company_form_saves_the_own_company(client, edition, me):
    data = {"name": "Fonderie Sarthe", "country": "FR", "city": "Allonnes", "sector": "metalwork"}

    response = post_profile(client, edition, "company", data)

    me.company.refresh_from_db()
    assert (response.status_code, me.company.name, me.company.city) == (
        302,
        "Fonderie Sarthe",
        "Allonnes",
    )


def test_company_form_takes_a_website_without_its_scheme(client, edition, me):
    data = {"name": "Fusilab", "country": "FR", "sector": "metalwork"}

    page = client.get(url("profile", edition)).content.decode()
    post_profile(client, edition, "company", {**data, "website": "fusilab.example"})

    me.company.refresh_from_db()
    assert re.search(r'<input[^>]*name="website"[^>]*>', page)[0] == (
        '<input type="text" name="website" inputmode="url" autocomplete="url" '
        'maxlength="200" id="id_website">'
    )
    assert me.company.website == "https://fusilab.example"


def test_company_form_strips_control_characters_from_the_name(client, edition, me):
    data = {"name": "Fonderie\u202e Sarthe\x00", "country": "FR", "sector": "metalwork"}

    post_profile(client, edition, "company", data)

    me.company.refresh_from_db()
    assert me.company.name == "Fonderie Sarthe"


def test_company_form_shows_the_duplicate_name_next_to_the_field(client, edition, me):
    factories.make_company(edition, name="Taken")
    data = {"name": "Taken", "country": "FR", "sector": "metalwork"}

    response = post_profile(client, edition, "company", data)

    assert response.context["company_form"].errors == {
        "name": ["A company named Taken already takes part."]
    }


def test_person_form_saves_phone_and_visibility(client, edition, me):
    data = {
        "first_name": "Anne",
        "last_name": "Martin",
        "job_title": "Buyer",
        "phone": "+33 6 00 00 00 00",
        "languages": ["fr", "en"],
        "role": "buyer",
        "show_phone": "on",
    }

    post_profile(client, edition, "person", data)

    me.refresh_from_db()
    assert (me.user.first_name, me.phone, me.show_phone, me.show_email, me.languages) == (
        "Anne",
        "+33 6 00 00 00 00",
        True,
        False,
        ["fr", "en"],
    )


def test_person_form_strips_control_characters_from_names_and_job(client, edition, me):
    data = {
        "first_name": "\u2067Anne\u2069",
        "last_name": "Martin\r\nBcc: x@example.com",
        "job_title": "Buyer\x00\u200f",
        "languages": ["fr"],
        "role": "buyer",
    }

    post_profile(client, edition, "person", data)

    me.refresh_from_db()
    assert (me.user.first_name, me.user.last_name, me.job_title) == (
        "Anne",
        "Martin Bcc: x@example.com",
        "Buyer",
    )


def test_offer_add_strips_control_characters_but_keeps_lines(client, edition, me):
    data = {"offer-category": "", "offer-text": "Titanium\u202e brackets\x00\r\n\tGrade 5"}

    client.post(url("offer-add", edition), data)

    assert list(Offer.objects.values_list("text", flat=True)) == ["Titanium brackets\n\tGrade 5"]


def test_need_add_stores_category_and_text(client, edition, me):
    category = Category.objects.get(code="laser-powder-bed-fusion")
    data = {"need-category": str(category.pk), "need-text": "Titanium brackets"}

    client.post(url("need-add", edition), data)

    assert list(Need.objects.values_list("company", "category", "text")) == [
        (me.company.pk, category.pk, "Titanium brackets")
    ]


def test_need_add_offers_only_the_items_of_the_editions_organiser(client, edition, me):
    own = factories.make_category(edition.series.organiser)
    theirs = factories.make_category(factories.make_organiser())

    choices = client.get(url("profile", edition)).context["need_form"].fields["category"].by_id
    response = client.post(
        url("need-add", edition), {"need-category": str(theirs.pk), "need-text": "Nuts"}
    )

    assert (str(own.pk) in choices, str(theirs.pk) in choices) == (True, False)
    assert (response.context["need_form"].errors, Need.objects.count()) == (
        {"category": [f"Select a valid choice. {theirs.pk} is not one of the available choices."]},
        0,
    )


def test_need_add_without_category_or_text_shows_the_error(client, edition, me):
    response = client.post(url("need-add", edition), {"need-category": "", "need-text": ""})

    assert response.context["need_form"].non_field_errors() == [
        "Pick a capability, describe it in words, or both."
    ]


def test_offer_of_another_company_cannot_be_changed_or_removed(client, edition, me):
    other = Offer.objects.create(company=factories.make_company(edition), text="Casting")

    responses = [
        client.post(url("offer-update", edition, other.pk), {"text": "Mine now"}).status_code,
        client.post(url("offer-delete", edition, other.pk)).status_code,
        client.post(
            url("offer-attach", edition, other.pk), {"file": sample_files.pdf()}
        ).status_code,
    ]

    assert (responses, Offer.objects.get().text) == ([404, 404, 404], "Casting")


def test_attaching_a_pdf_to_a_need(client, edition, me):
    need = Need.objects.create(company=me.company, text="Brackets")

    response = client.post(
        url("need-attach", edition, need.pk), {"file": sample_files.pdf("plan.pdf")}
    )

    assert response.status_code == 302
    assert list(Attachment.objects.values_list("need", "original_name", "content_type")) == [
        (need.pk, "plan.pdf", "application/pdf")
    ]


def test_attaching_a_renamed_text_file_shows_the_error(client, edition, me):
    need = Need.objects.create(company=me.company, text="Brackets")
    fake = sample_files.upload("plan.pdf", b"hello", "application/pdf")

    response = client.post(url("need-attach", edition, need.pk), {"file": fake})

    assert response.context["attachment_form"].errors == {
        "file": ["plan.pdf is not a PDF, PNG or JPEG file."]
    }
    assert "plan.pdf is not a PDF, PNG or JPEG file." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_attaching_past_the_quota_shows_what_is_used_and_left(client, edition, me, settings):
    settings.ATTACHMENT_QUOTA_MB = 1
    need = Need.objects.create(company=me.company, text="Brackets")
    big = sample_files.PDF_BYTES.ljust(int(1.2 * 1024 * 1024), b" ")

    response = client.post(
        url("need-attach", edition, need.pk), {"file": sample_files.upload("big.pdf", big)}
    )

    assert response.context["attachment_form"].errors == {
        "file": [
            "big.pdf (1.2 MB) does not fit: your company’s files take 0 MB of its 1 MB, 1 MB left."
        ]
    }
    assert Attachment.objects.count() == 0


def test_attachment_of_another_company_cannot_be_removed(client, edition, me):
    other_need = Need.objects.create(company=factories.make_company(edition), text="Casting")
    attachment = Attachment.objects.create(
        company=other_need.company,
        need=other_need,
        file="attachments/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
    )

    response = client.post(url("attachment-delete", edition, attachment.pk))

    assert (response.status_code, Attachment.objects.count()) == (404, 1)


def _slots(edition, count=3):
    session = Session.objects.create(edition=edition, name="Morning", date=dt.date(2031, 6, 12))
    start = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)
    return [
        TimeSlot.objects.create(
            edition=edition,
            session=session,
            start=start + dt.timedelta(minutes=30 * n),
            end=start + dt.timedelta(minutes=30 * n + 25),
        )
        for n in range(count)
    ]


def post_availability(client, edition, slots):
    """The profile page's availability form, posted with `slots` ticked as the page was
    opened (its "as opened" field)."""
    return post_as_opened(
        client,
        url("profile-availability", edition),
        {"slots": [slot.pk if hasattr(slot, "pk") else slot for slot in slots]},
        form="availability_form",
        page=url("profile", edition),
    )


def test_availability_form_saves_the_ticked_slots(client, edition, me):
    slots = _slots(edition)

    post_availability(client, edition, [slots[0], slots[2]])
    page = client.get(url("profile", edition)).content.decode()

    assert set(me.unavailable_slots.values_list("pk", flat=True)) == {slots[0].pk, slots[2].pk}
    assert "09:00–09:25" in page  # local time in Europe/Paris


def test_availability_form_keeps_slots_saved_from_another_tab_since_the_page_opened(
    client, edition, me
):
    slots = _slots(edition)
    page = url("profile", edition)
    opened = opened_data(client, page, form="availability_form")
    profile.set_unavailable_slots(me, by=me.user, slots=[slots[1]])

    response = client.post(url("profile-availability", edition), {**opened, "slots": [slots[0].pk]})

    form = response.context["availability_form"]
    ticked = re.findall(r'name="slots" value="(\d+)" checked', response.content.decode())
    assert (
        response.status_code,
        form.errors,
        set(me.unavailable_slots.all()),
        ticked,
    ) == (
        200,
        {
            "slots": [
                "Someone else changed this to “Morning 09:30” since you opened the page. "
                "Check it and save again."
            ]
        },
        {slots[1]},
        [str(slots[0].pk)],
    )
    client.post(url("profile-availability", edition), page_data(form))
    assert set(me.unavailable_slots.all()) == {slots[0]}  # saved knowingly the second time


def test_availability_form_untouched_keeps_what_was_saved_since_the_page_opened(
    client, edition, me
):
    slots = _slots(edition)
    opened = opened_data(client, url("profile", edition), form="availability_form")
    profile.set_unavailable_slots(me, by=me.user, slots=[slots[1]])

    client.post(url("profile-availability", edition), opened)

    assert set(me.unavailable_slots.all()) == {slots[1]}


def test_availability_form_with_an_id_past_64_bits_names_the_value(client, edition, me):
    response = post_availability(client, edition, ["99999999999999999999"])

    form = response.context["availability_form"]
    assert (response.status_code, form.errors, list(me.unavailable_slots.all())) == (
        200,
        {"slots": ["“99999999999999999999” is not a valid value."]},
        [],
    )


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("fr", "electroerosion", ["Électroérosion"]),
        ("fr", "soudage las", ["Soudage laser"]),
        ("en", "laser weld", ["Laser welding"]),
        ("en", "soudage tig", ["TIG welding"]),  # French words on English pages
    ],
)
@pytest.mark.usefixtures("me")
def test_category_search_matches_labels_in_the_active_language(
    client, edition, language, query, expected
):
    client.cookies["django_language"] = language

    response = client.get(
        url("category-search", edition), {"q": query}, headers={"HX-Request": "true"}
    )

    assert [category.label for category in response.context["categories"]] == expected


def _add_items(company, user, count):
    for number in range(count):
        for kind in ("offer", "need"):
            item = profile.add_capability(
                company, by=user, kind=kind, category=None, text=f"{kind} {number}"
            )
            profile.add_attachment(item, by=user, upload=sample_files.pdf(f"{kind}{number}.pdf"))


def test_profile_query_count_does_not_grow(client, edition, me, django_assert_max_num_queries):
    _add_items(me.company, me.user, 1)
    with django_assert_max_num_queries(99) as small:
        client.get(url("profile", edition))
    _add_items(me.company, me.user, 2)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("profile", edition))

    assert (len(response.context["offers"]), len(response.context["needs"])) == (3, 3)


def test_profile_changes_ask_matchmaking_to_recompute(me, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        profile.add_capability(me.company, by=me.user, kind="offer", category=None, text="Milling")

    assert len(callbacks) == 1


@pytest.fixture
def newcomer(client, edition):
    """A registered, not yet validated representative of a company that has a validated one."""
    colleague = factories.make_participant(edition)
    newcomer = factories.make_participant(
        edition, company=colleague.company, status=ParticipantStatus.REGISTERED
    )
    offer = Offer.objects.create(company=colleague.company, text="Casting")
    sample_files.stored_attachment(offer)
    client.force_login(newcomer.user)
    return newcomer


def test_registered_member_of_a_company_with_others_cannot_change_it(client, edition, newcomer):
    offer, attachment = Offer.objects.get(), Attachment.objects.get()
    company_data = {"name": "Mine now", "country": "FR", "sector": "metalwork"}

    statuses = [
        client.post(url("profile-company", edition), company_data).status_code,
        client.post(url("offer-add", edition), {"offer-text": "Mine"}).status_code,
        client.post(url("offer-update", edition, offer.pk), {"text": "Mine now"}).status_code,
        client.post(
            url("offer-attach", edition, offer.pk), {"file": sample_files.pdf()}
        ).status_code,
        client.post(url("attachment-delete", edition, attachment.pk)).status_code,
        client.post(url("offer-delete", edition, offer.pk)).status_code,
    ]

    newcomer.company.refresh_from_db()
    assert (
        statuses,
        newcomer.company.name,
        list(Offer.objects.values_list("text", flat=True)),
        list(Attachment.objects.values_list("original_name", flat=True)),
    ) == ([403] * 6, "Company " + newcomer.company.name.split()[-1], ["Casting"], ["x.pdf"])


def test_profile_shows_a_registered_member_of_a_company_with_others_no_company_form(
    client, edition, newcomer
):
    response = client.get(url("profile", edition))

    page = response.content.decode()
    assert (
        response.context["can_edit_company"],
        url("profile-company", edition) in page,
        url("offer-add", edition) in page,
    ) == (False, False, False)


def test_company_form_saves_the_new_company_of_its_only_registered_member(client, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(participant.user)
    data = {"name": "Fonderie Sarthe", "country": "FR", "sector": "metalwork"}

    response = post_profile(client, edition, "company", data)

    participant.company.refresh_from_db()
    assert (response.status_code, participant.company.name) == (302, "Fonderie Sarthe")
