"""A pending erasure request is seen and answered: the organisers are emailed and see it on the
overview; the person may withdraw it; an organiser may decline it with a reason, emailed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from paddock.core.links import site_url
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionRole
from paddock.privacy.enums import ErasureStatus
from paddock.privacy.models import ErasureRequest
from tests import factories
from tests.html_text import text_of

pytestmark = pytest.mark.integration


@pytest.fixture
def ada(edition):
    user = factories.make_user(
        email="ada@example.com", first_name="Ada", last_name="Byron", preferred_language="en"
    )
    return factories.make_participant(edition, user=user)


@pytest.fixture
def team(edition, organiser_user, staff_user):
    """A French organiser by role beside the English member of the organiser; staff cannot
    answer erasures."""
    french = factories.make_user(email="lea@example.com", preferred_language="fr")
    factories.give_role(french, edition, EditionRole.ORGANISER)
    organiser_user.preferred_language = "en"
    organiser_user.save(update_fields=["preferred_language"])
    return organiser_user, french, staff_user


def _ask(participant, capture):
    client = Client()
    client.force_login(participant.user)
    with capture(execute=True):
        client.post(
            reverse("privacy-portal:erasure-request", args=[participant.edition.slug]),
            {"confirm": "on"},
            follow=True,  # its message shown
        )
    return client


def _actions(erasure):
    entries = AuditEntry.objects.filter(object_repr=str(erasure)).order_by("pk")
    return list(entries.values_list("action", "actor__email"))


def test_erasure_request_emails_the_organisers_who_can_answer_it_in_their_language(
    edition, ada, team, mailoutbox, django_capture_on_commit_callbacks
):
    _ask(ada, django_capture_on_commit_callbacks)

    erasure = ErasureRequest.objects.get()
    link = f"{site_url()}/orga/e/{edition.slug}/erasures/"
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("lea@example.com", f"Ada Byron demande l’effacement de ses données ({edition.name})"),
        ("organiser@example.com", f"Ada Byron asks for the erasure of their data ({edition.name})"),
    ]
    assert sorted(m.body.strip().split("\n")[-1] for m in mailoutbox) == [
        f"{link}?lang=en",
        f"{link}?lang=fr",
    ]
    assert "month to answer" in mailoutbox[1].body
    assert _actions(erasure) == [("privacy.erasure_request", "ada@example.com")]


def test_edition_overview_lists_the_pending_request_to_check_with_a_link(
    client, edition, ada, team, django_capture_on_commit_callbacks
):
    organiser, _french, staff = team
    _ask(ada, django_capture_on_commit_callbacks)
    overview = reverse("events:edition-home", args=[edition.slug])

    client.force_login(organiser)
    shown = client.get(overview).content.decode()
    client.force_login(staff)
    for_staff = client.get(overview).content.decode()

    item = re.search(r'<li class="message warning" data-code="erasure_pending">(.*?)</li>', shown)
    assert re.search(r'href="([^"]+)"', item[1])[1] == f"/orga/e/{edition.slug}/erasures/"
    assert text_of(item[1]).startswith("1 erasure request waits for your answer, asked on ")
    assert "erasure_pending" not in for_staff


def test_erasure_request_withdrawn_by_the_person_leaves_nothing_to_answer(
    client, edition, ada, organiser_user, django_capture_on_commit_callbacks
):
    person = _ask(ada, django_capture_on_commit_callbacks)
    erasure = ErasureRequest.objects.get()

    response = person.post(
        reverse("privacy-portal:erasure-withdraw", args=[edition.slug]), follow=True
    )

    erasure.refresh_from_db()
    assert (erasure.status, erasure.done_by) == (ErasureStatus.WITHDRAWN, ada.user)
    assert [str(m) for m in response.context["messages"]] == [
        "Your erasure request is withdrawn: your data stays."
    ]
    assert response.context["pending"] is None
    assert _actions(erasure) == [
        ("privacy.erasure_request", "ada@example.com"),
        ("privacy.erasure_withdraw", "ada@example.com"),
    ]
    client.force_login(organiser_user)
    confirm = client.post(reverse("privacy:erasure-confirm", args=[edition.slug, erasure.pk]))
    ada.user.refresh_from_db()
    assert (confirm.status_code, ada.user.email) == (302, "ada@example.com")


def test_erasure_request_declined_with_a_reason_emails_it_to_the_person(
    client, ada, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    edition = ada.edition
    _ask(ada, django_capture_on_commit_callbacks)
    erasure = ErasureRequest.objects.get()
    mailoutbox.clear()
    client.force_login(organiser_user)
    url = reverse("privacy:erasure-decline", args=[edition.slug, erasure.pk])
    reason = "Your invoices must be kept ten years (Code de commerce, L123-22)."

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": reason}, follow=True)

    erasure.refresh_from_db()
    assert (erasure.status, erasure.decline_reason, erasure.done_by) == (
        ErasureStatus.DECLINED,
        reason,
        organiser_user,
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["ada@example.com"],
            f"Your request for the erasure of your data ({edition.name}) is declined",
        )
    ]
    assert reason in mailoutbox[0].body
    assert [str(m) for m in response.context["messages"]] == [
        "The request is declined; the person is emailed your reason."
    ]
    assert response.context["erasures"] == []
    assert _actions(erasure) == [
        ("privacy.erasure_request", "ada@example.com"),
        ("privacy.erasure_decline", "organiser@example.com"),
    ]


def test_my_data_shows_the_reason_of_a_declined_request_until_the_person_asks_again(
    client, ada, organiser_user, django_capture_on_commit_callbacks
):
    edition = ada.edition
    _ask(ada, django_capture_on_commit_callbacks)
    erasure = ErasureRequest.objects.get()
    client.force_login(organiser_user)
    reason = "Your invoices must be kept ten years."
    client.post(
        reverse("privacy:erasure-decline", args=[edition.slug, erasure.pk]), {"reason": reason}
    )
    my_data = reverse("privacy-portal:my-data", args=[edition.slug])
    client.force_login(ada.user)

    declined = text_of(client.get(my_data).content.decode())
    _ask(ada, django_capture_on_commit_callbacks)
    asked_again = text_of(client.get(my_data).content.decode())

    assert "the organisers declined your request for the erasure of your data" in declined
    assert reason in declined
    assert "You may ask again below" in declined
    assert (reason in asked_again, "The organisers will confirm it." in asked_again) == (
        False,
        True,
    )


def test_erasure_decline_without_a_reason_is_refused_on_the_field(
    client, ada, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    edition = ada.edition
    _ask(ada, django_capture_on_commit_callbacks)
    erasure = ErasureRequest.objects.get()
    mailoutbox.clear()
    client.force_login(organiser_user)

    response = client.post(
        reverse("privacy:erasure-decline", args=[edition.slug, erasure.pk]), {"reason": "  "}
    )

    erasure.refresh_from_db()
    assert response.context["form"].errors == {
        "reason": ["Give the reason: the person receives it by email."]
    }
    assert (erasure.status, mailoutbox) == (ErasureStatus.PENDING, [])


def test_erasure_decline_is_for_organisers_only(client, edition, ada, staff_user):
    erasure = ErasureRequest.objects.create(user=ada.user, edition=edition)
    client.force_login(staff_user)

    response = client.post(
        reverse("privacy:erasure-decline", args=[edition.slug, erasure.pk]), {"reason": "No."}
    )

    erasure.refresh_from_db()
    assert (response.status_code, erasure.status) == (403, ErasureStatus.PENDING)
