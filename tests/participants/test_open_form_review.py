"""The open form's rewrite reviewed (issue 16): what a stranger or a careless owner could still
do with a kept form."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from paddock.accounts.models import User
from paddock.core.models import AuditEntry
from paddock.events.models import PrivacyNotice
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import Company, JoinRequest, Participant, PendingRegistration
from paddock.privacy.enums import ErasureOrigin
from paddock.privacy.services import erase_expired_personal_data, erase_person
from tests import factories
from tests.participants.registration_helpers import (
    OPEN_FORM_PASSWORD,
    link_in,
    open_form_data,
    register_url,
)

pytestmark = pytest.mark.integration

PASSWORD = OPEN_FORM_PASSWORD


def _send(edition, capture, **overrides):
    with capture(execute=True):
        response = Client().post(register_url(edition), open_form_data(**overrides))
    errors = dict(response.context["form"].errors) if response.status_code == 200 else {}
    return (response.status_code, errors)


@pytest.mark.parametrize(
    "look_alike",
    [
        "Rival\u200bCo A",  # zero-width space
        "RivalCo\u2060A",  # word joiner
        "Rival\u00adCo A",  # soft hyphen
        "\ufeffRivalCo A",  # zero-width no-break space
    ],
)
def test_a_company_name_with_invisible_characters_is_the_company_it_reads_as(
    look_alike, open_edition, django_capture_on_commit_callbacks
):
    """Shown as "RivalCo A", it is RivalCo A: the form refuses to make a second one and
    offers to ask to join it, never a look-alike company beside it."""
    factories.make_company(open_edition, name="RivalCo A")

    answer = _send(open_edition, django_capture_on_commit_callbacks, company_name=look_alike)

    assert (answer[0], list(answer[1]), PendingRegistration.objects.count()) == (
        200,
        ["company_name"],
        0,
    )
    assert list(Company.objects.values_list("name", flat=True)) == ["RivalCo A"]


def test_the_address_a_kept_form_names_in_the_audit_log_goes_with_the_form(
    open_edition, django_capture_on_commit_callbacks
):
    """Anyone may type anyone's address: once the form nobody confirmed is deleted, the audit
    log no longer names it (the entry stays, without the address). An address with an account
    keeps its entries, the person's, for their export and erasure."""
    factories.make_user(email="owner@example.com")
    for email in ("typed@example.com", "owner@example.com", "recent@example.com"):
        _send(open_edition, django_capture_on_commit_callbacks, email=email)
    PendingRegistration.objects.exclude(email="recent@example.com").update(
        expires_at=timezone.now() - dt.timedelta(days=15)
    )

    erase_expired_personal_data()

    assert sorted(
        AuditEntry.objects.filter(action="participant.open_form").values_list(
            "object_repr", flat=True
        )
    ) == ["a kept open form", "owner@example.com", "recent@example.com"]


@pytest.mark.parametrize(
    "case",
    [
        ("", "register Curious Ltd as a new company"),
        ("on", "ask to join Curious Ltd"),
    ],
)
def test_the_link_page_of_an_account_in_use_says_what_the_click_registers(
    case, client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """A stranger's form for the address of someone who uses Paddock confirms with a click:
    the page says what that click makes, so that a careless owner sees it is not theirs."""
    join_company, says = case
    factories.make_user(email="ada@example.com")
    if join_company:
        factories.make_company(open_edition, name="Curious Ltd")
    _send(
        open_edition,
        django_capture_on_commit_callbacks,
        company_name="Curious Ltd",
        join_company=join_company,
    )

    page = client.get(link_in(mailoutbox[-1]))

    text = " ".join(page.content.decode().split())
    assert (says in text, "If you did not fill in this form" in text) == (True, True)


def test_a_link_does_not_turn_on_again_an_account_the_administrators_turned_off(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """An invitation's account nobody used, turned off in the admin: its owner's open form
    and link must not make it active, with a password of the form's, against the
    administrators' decision (no organiser asked for it, unlike an invitation)."""
    User.objects.create_user("ada@example.com", None, is_active=False, turned_off_at=timezone.now())
    _send(open_edition, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[-1])

    outcomes = [client.get(link).status_code, _confirm(client, link)]

    ada = User.objects.get(email="ada@example.com")
    assert (outcomes, ada.is_active, ada.has_usable_password(), Participant.objects.count()) == (
        [410, "turned_off"],
        False,
        False,
        0,
    )


# Tried and held: each of these answered as it should before the review.


def _confirm(client, link, password=PASSWORD):
    response = client.post(link, {"password": password})
    return response.context["code"] if response.status_code >= 400 else response.status_code


def test_a_link_is_worth_nothing_in_another_edition_or_used_again(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    other = factories.make_edition(registration_open=True)
    _send(open_edition, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[-1])
    swapped = link.replace(f"/{open_edition.slug}/", f"/{other.slug}/")

    outcomes = [_confirm(client, swapped), _confirm(client, link), _confirm(Client(), link)]

    assert (outcomes, Participant.objects.count()) == (["invalid", 302, "used"], 1)


def test_a_link_followed_once_the_company_to_join_left_makes_nothing(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    rival = factories.make_company(open_edition, name="RivalCo A")
    _send(
        open_edition,
        django_capture_on_commit_callbacks,
        company_name="rivalco a",
        join_company="on",
    )
    rival.delete()

    outcome = _confirm(client, link_in(mailoutbox[-1]))

    assert (outcome, JoinRequest.objects.count(), User.objects.count()) == ("no_such_company", 0, 0)


def test_rivalco_a_typed_for_rivalco_a_only_asks_to_join_it(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    rival = factories.make_company(open_edition, name="RivalCo A")
    refused = _send(open_edition, django_capture_on_commit_callbacks, company_name="ＲivalCo　a")
    _send(
        open_edition,
        django_capture_on_commit_callbacks,
        company_name="rivalco a",
        join_company="on",
    )

    _confirm(client, link_in(mailoutbox[-1]))

    assert (
        list(refused[1]),
        list(JoinRequest.objects.values_list("company", "status")),
        list(rival.participants.all()),
    ) == (["company_name"], [(rival.pk, JoinRequestStatus.PENDING)], [])


def test_a_link_followed_once_the_organiser_invited_the_address_changes_nothing(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[-1])
    invited = factories.make_participant(
        open_edition,
        user=factories.make_user(email="ada@example.com"),
        status=ParticipantStatus.INVITED,
    )

    outcome = _confirm(client, link)

    invited.refresh_from_db()
    assert (outcome, invited.status, Company.objects.count()) == (
        "already_registered",
        ParticipantStatus.INVITED,
        1,
    )


def test_a_link_followed_after_the_notice_changed_records_the_version_accepted(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _send(open_edition, django_capture_on_commit_callbacks)
    PrivacyNotice.objects.create(
        edition=open_edition, version=2, text_en="New.", text_fr="Nouveau."
    )

    _confirm(client, link_in(mailoutbox[-1]))

    assert Participant.objects.values_list("consent_version").get() == ("default",)


def test_the_erasure_of_an_address_deletes_its_kept_forms_and_their_entries(
    open_edition, django_capture_on_commit_callbacks
):
    ada = factories.make_user(email="ada@example.com")
    _send(open_edition, django_capture_on_commit_callbacks, email="ADA@example.com")

    with transaction.atomic():
        erase_person(ada, by=None, edition=None, origin=ErasureOrigin.REQUEST)

    assert (
        PendingRegistration.objects.count(),
        AuditEntry.objects.filter(object_repr__icontains="ada@example.com").count(),
    ) == (0, 0)
