"""What an invitation leaves once answered or while it waits (issue 16): a declined
invitation leaves no unused account and does not bar the open form; organisers see the address
as they typed it, and only the names they gave, on every page, until the person accepts."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.models import AccountToken, User
from paddock.exchange.exports import participant_rows
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant, PendingRegistration
from paddock.participants.returning import previous_participation
from paddock.participants.unused_accounts import delete_unused_accounts
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.participants.registration_helpers import add_form_data, decline_link_in, token_in

pytestmark = pytest.mark.integration

_PASSWORD = "A-long-pass-phrase-9"


def _invite(client, edition, email, capture, **fields):
    url = reverse("participants:participant-add", args=[edition.slug])
    with capture(execute=True):
        client.post(url, add_form_data(email=email, **fields))
    return Participant.objects.filter(edition=edition).latest("pk")


def _list(client, edition):
    url = reverse("participants:participant-list", args=[edition.slug])
    return client.get(url).content.decode()


def _register_openly(edition, email, capture):
    edition.registration_open = True
    edition.save(update_fields=["registration_open"])
    with capture(execute=True):
        return registration.register_openly(
            edition, email=email, password=_PASSWORD, first_name="Ada",
            last_name="Martin", job_title="", role="buyer", languages=["en"], language="en",
            company_fields={"name": f"Forges {email}", "country": "FR", "sector": "metalwork"},
            consent_version="default",
        )  # fmt: skip


def test_declining_deletes_the_account_made_for_the_invitation_and_keeps_the_row(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    participant = _invite(
        organiser_client, edition, "ada@example.com", django_capture_on_commit_callbacks
    )

    Client().post(decline_link_in(mailoutbox[-1]))
    participant.refresh_from_db()
    row = re.search(
        rf'<tr id="participant-{participant.pk}">.*?</tr>', _list(organiser_client, edition), re.S
    ).group(0)

    assert {
        "account": User.objects.filter(email="ada@example.com").exists(),
        "status": (participant.status, participant.user_id),
        "row": ("Ada Martin" in row, "ada@example.com" in row, "Declined the invitation" in row),
    } == {
        "account": False,
        "status": (ParticipantStatus.DECLINED, None),
        "row": (True, True, True),
    }


def test_declining_keeps_an_account_someone_uses(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    sam = factories.make_user(email="sam@example.com")
    participant = _invite(
        organiser_client, edition, "sam@example.com", django_capture_on_commit_callbacks
    )

    Client().post(decline_link_in(mailoutbox[-1]))
    participant.refresh_from_db()

    assert (participant.status, participant.user_id) == (ParticipantStatus.DECLINED, sam.pk)


def test_someone_who_declined_registers_by_the_open_form(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    declined = _invite(
        organiser_client, edition, "ada@example.com", django_capture_on_commit_callbacks
    )
    Client().post(decline_link_in(mailoutbox[-1]))

    _register_openly(edition, "ada@example.com", django_capture_on_commit_callbacks)
    registration.verify_email(edition, token=token_in(mailoutbox[-1]), password=_PASSWORD)
    user = User.objects.get(email="ada@example.com")
    declined.refresh_from_db()

    assert {
        "statuses": sorted(
            Participant.objects.filter(edition=edition).values_list("status", "user")
        ),
        "declined row": (declined.status, declined.user_id),
        "password": user.check_password("A-long-pass-phrase-9"),
    } == {
        "statuses": [(ParticipantStatus.DECLINED, None), (ParticipantStatus.REGISTERED, user.pk)],
        "declined row": (ParticipantStatus.DECLINED, None),
        "password": True,
    }


def test_organisers_do_not_invite_twice_someone_whose_account_went(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(organiser_client, edition, "ada@example.com", django_capture_on_commit_callbacks)
    Client().post(decline_link_in(mailoutbox[-1]))
    sent = len(mailoutbox)

    url = reverse("participants:participant-add", args=[edition.slug])
    again = organiser_client.post(
        url, add_form_data(email="ada@example.com", new_company_name="Autre")
    )

    assert (again.context["form"].errors["email"], len(mailoutbox)) == (
        ["ada@example.com declined the invitation to this edition."],
        sent,
    )


def test_periodic_job_deletes_old_unused_accounts_that_nothing_holds(edition):
    now = timezone.now()
    old = now - dt.timedelta(days=15)
    left = User.objects.create_user("left@example.com", None)  # a team invitation withdrawn
    recent = User.objects.create_user("recent@example.com", None)
    invited = User.objects.create_user("invited@example.com", None)
    factories.make_participant(edition, user=invited, status=ParticipantStatus.INVITED)
    used = factories.make_user(email="used@example.com")
    User.objects.filter(pk__in=[left.pk, invited.pk, used.pk]).update(date_joined=old)
    User.objects.filter(pk=recent.pk).update(date_joined=now)

    deleted = delete_unused_accounts(now=now)

    assert (deleted, sorted(User.objects.values_list("email", flat=True))) == (
        1,
        sorted(
            [
                "invited@example.com",
                "recent@example.com",
                "used@example.com",
                *User.objects.exclude(email__endswith="@example.com").values_list(
                    "email", flat=True
                ),
            ]
        ),
    )


def test_organisers_see_the_address_as_typed_until_the_person_accepts(
    organiser_client, organiser_user, edition, django_capture_on_commit_callbacks
):
    sam = User(email="Sam.Smith@Example.com", first_name="Samuel", last_name="Secret")
    sam.set_password(factories.PASSWORD)
    sam.save()
    participant = _invite(
        organiser_client, edition, "sam.smith@example.com", django_capture_on_commit_callbacks
    )
    detail = organiser_client.get(
        reverse("participants:participant-detail", args=[edition.slug, participant.pk])
    )
    pages = _list(organiser_client, edition) + detail.content.decode()
    exported = participant_rows(edition)

    assert {
        "pages": ("Sam.Smith@Example.com" in pages, "sam.smith@example.com" in pages),
        "export": "Sam.Smith@Example.com" in str(exported),
    } == {"pages": (False, True), "export": False}


def test_room_page_shows_the_given_names_of_a_home_table_given_before_the_change(
    organiser_client, edition
):
    sam = factories.make_user(email="sam@example.com", first_name="Samuel", last_name="Secret")
    person = factories.make_participant(
        edition, user=sam, status=ParticipantStatus.INVITED,
        invited_first_name="Ada", invited_last_name="Martin",
    )  # fmt: skip
    table = factories.make_table(factories.make_room(edition), home_participant=person)

    page = organiser_client.get(
        reverse("events:room-detail", args=[edition.slug, table.room_id])
    ).content.decode()

    assert ("Ada Martin" in page, "Samuel" in page or "Secret" in page) == (True, False)


def test_badge_and_agenda_of_someone_who_has_not_accepted_are_not_printed(
    organiser_client, edition
):
    sam = factories.make_user(email="sam@example.com", first_name="Samuel", last_name="Secret")
    people = [
        factories.make_participant(edition, user=sam, status=ParticipantStatus.INVITED),
        factories.make_participant(edition, status=ParticipantStatus.DECLINED),
        factories.make_participant(edition, status=ParticipantStatus.VALIDATED),
    ]

    codes = [
        [
            organiser_client.get(reverse(name, args=[edition.slug, person.pk])).status_code
            for name in ("checkin:participant-badge", "scheduling:participant-agenda-pdf")
        ]
        for person in people
    ]

    assert codes == [[404, 404], [404, 404], [200, 200]]


def test_organiser_pages_of_a_declined_invitation_without_account(
    organiser_client, organiser_user, edition, mailoutbox, django_capture_on_commit_callbacks
):
    participant = _invite(
        organiser_client, edition, "Ada@Example.com", django_capture_on_commit_callbacks
    )
    Client().post(decline_link_in(mailoutbox[-1]))
    text = new_token(organiser_user, edition)
    api = f"/api/v1/editions/{edition.slug}/participants/{participant.pk}"

    detail = organiser_client.get(
        reverse("participants:participant-detail", args=[edition.slug, participant.pk])
    )
    listed = organiser_client.get(
        reverse("participants:participant-list", args=[edition.slug]), {"q": "ada@example"}
    )
    read = organiser_client.get(api, headers=bearer(text))

    assert {
        "detail": (detail.status_code, "Ada@Example.com" in detail.content.decode()),
        "search": [row.pk for row in listed.context["participants"]],
        "api": (read.status_code, read.json()["email"], read.json()["status"]),
        "export": ["Ada@Example.com" in row for row in participant_rows(edition)],
    } == {
        "detail": (200, True),
        "search": [participant.pk],
        "api": (200, "Ada@Example.com", "declined"),
        "export": [True],
    }


def test_open_form_gives_a_password_to_an_account_held_by_invitations_only(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = factories.make_edition()
    kept = User.objects.create_user("ada@example.com", None)  # invited to another edition too
    factories.make_participant(elsewhere, user=kept, status=ParticipantStatus.INVITED)
    validated = User.objects.create_user("bob@example.com", None)  # an older, accepted one
    factories.make_participant(elsewhere, user=validated, status=ParticipantStatus.VALIDATED)
    _invite(organiser_client, edition, "ada@example.com", django_capture_on_commit_callbacks)
    Client().post(decline_link_in(mailoutbox[-1]))

    for email in ("ada@example.com", "bob@example.com"):
        _register_openly(edition, email, django_capture_on_commit_callbacks)
        registration.verify_email(edition, token=token_in(mailoutbox[-1]), password=_PASSWORD)
    kept.refresh_from_db()
    validated.refresh_from_db()

    assert {
        "ada": (kept.check_password("A-long-pass-phrase-9"), kept.is_active),
        "bob": validated.has_usable_password(),
        "statuses": list(edition.participants.order_by("pk").values_list("user__email", "status")),
    } == {
        "ada": (True, True),
        "bob": False,
        "statuses": [
            (None, ParticipantStatus.DECLINED),
            ("ada@example.com", ParticipantStatus.REGISTERED),
            ("bob@example.com", ParticipantStatus.REGISTERED),
        ],
    }


@pytest.mark.parametrize("account", ["made for the invitation", "of someone who uses it"])
def test_links_of_a_declined_invitation_say_it_was_declined_with_or_without_its_account(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks, account
):
    if account == "of someone who uses it":
        factories.make_user(email="ada@example.com")
    _invite(organiser_client, edition, "ada@example.com", django_capture_on_commit_callbacks)
    decline = decline_link_in(mailoutbox[-1])
    accept = decline.removesuffix("decline/")
    Client().post(decline)

    pages = [Client().get(accept), Client().get(decline), Client().post(decline)]
    unknown = Client().get(accept.replace(token_in(mailoutbox[-1]), "x" * 43))

    assert [(page.status_code, page.context["message"]) for page in pages] == [
        (410, "This invitation was declined.")
    ] * 3
    assert (unknown.status_code, unknown.context["message"]) == (
        404,
        "This link is not valid. Check that it was copied whole.",
    )


@pytest.mark.parametrize("invited", [True, False], ids=["invited elsewhere", "no invitation"])
def test_a_strangers_form_leaves_no_password_on_the_address_its_owner_confirms(
    invited, organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    """A stranger gives Ada's address and a password to an open form (beside her pending
    invitation, or none); Ada declines, then registers herself elsewhere and confirms her
    address: her account opens with her password, and the stranger's form, whose link reached
    her only, then gives nobody his."""
    if invited:
        _invite(organiser_client, edition, "ada@example.com", django_capture_on_commit_callbacks)
        invitation = mailoutbox[-1]
    strangers = factories.make_edition()
    _register_openly(strangers, "ada@example.com", django_capture_on_commit_callbacks)
    strangers_link = token_in(mailoutbox[-1])
    if invited:
        Client().post(decline_link_in(invitation))
    own = factories.make_edition()
    with django_capture_on_commit_callbacks(execute=True):
        own.registration_open = True
        own.save(update_fields=["registration_open"])
        registration.register_openly(
            own, email="ada@example.com", password="Ada-own-pass-2026", first_name="Ada",
            last_name="Martin", job_title="", role="buyer", languages=["en"], language="en",
            company_fields={"name": "Ada's", "country": "FR", "sector": "metalwork"},
            consent_version="default",
        )  # fmt: skip
    registration.verify_email(own, token=token_in(mailoutbox[-1]), password="Ada-own-pass-2026")
    ada = User.objects.get(email="ada@example.com")

    passwords = (ada.check_password("Ada-own-pass-2026"), ada.check_password(_PASSWORD))
    # Her account is in use now: the stranger's link, in her mailbox, confirms with her click
    # alone (as for any account active already) and changes nothing of the account.
    registration.verify_email(strangers, token=strangers_link)
    ada.refresh_from_db()

    assert {
        "active": ada.is_active,
        "passwords": passwords,
        "after the stranger's link": (
            ada.check_password("Ada-own-pass-2026"),
            ada.check_password(_PASSWORD),
        ),
    } == {"active": True, "passwords": (True, False), "after the stranger's link": (True, False)}


@pytest.mark.django_db
def test_a_row_without_account_has_no_earlier_participation_of_someone_else():
    # Two strangers' declined rows without account, in two editions of one series: "the same
    # person" must not match through a NULL account.
    earlier = factories.make_edition(start_date=dt.date(2030, 6, 12))
    later = factories.make_edition(earlier.series, start_date=dt.date(2031, 6, 12))
    rows = [
        factories.make_participant(edition, status=ParticipantStatus.DECLINED)
        for edition in (earlier, later)
    ]
    Participant.objects.filter(pk__in=[row.pk for row in rows]).update(user=None)

    assert previous_participation(Participant.objects.get(pk=rows[1].pk)) is None


@pytest.mark.django_db
def test_a_strangers_form_between_ada_s_form_and_her_click_leaves_her_password(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Ada registers; before she clicks, a stranger gives her address and a password to
    another edition's open form. Her link still confirms the password she gave, not the
    stranger's."""
    own, strangers = factories.make_edition(), factories.make_edition()
    _register_openly(own, "ada@example.com", django_capture_on_commit_callbacks)
    ada_link = token_in(mailoutbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        strangers.registration_open = True
        strangers.save(update_fields=["registration_open"])
        registration.register_openly(
            strangers, email="ada@example.com", password="Strangers-pass-2026",
            first_name="Eve", last_name="Intruder", job_title="", role="buyer",
            languages=["en"], language="en", consent_version="default",
            company_fields={"name": "Eve's", "country": "FR", "sector": "metalwork"},
        )  # fmt: skip

    registration.verify_email(own, token=ada_link, password=_PASSWORD)

    ada = User.objects.get(email="ada@example.com")
    assert (ada.is_active, ada.check_password(_PASSWORD)) == (True, True)
    assert not ada.check_password("Strangers-pass-2026")


@pytest.mark.django_db
def test_a_confirmed_address_leaves_no_password_on_its_links(
    mailoutbox, django_capture_on_commit_callbacks
):
    edition = factories.make_edition()
    _register_openly(edition, "ada@example.com", django_capture_on_commit_callbacks)

    registration.verify_email(edition, token=token_in(mailoutbox[-1]), password=_PASSWORD)

    assert (
        list(AccountToken.objects.values_list("password", flat=True)),
        list(PendingRegistration.objects.values_list("password", flat=True)),
    ) == ([], [""])
