"""The open form in a stranger's hands (issue 16): typing someone's address tells nothing of
whether it takes part in the edition, its owner hears by email what they can do, and the
confirmation link is worth nothing without the password given on the form."""

import pytest
from django.test import Client
from django.urls import reverse

from paddock.accounts.models import AccountToken, User
from paddock.participants import join_requests
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import Company, JoinRequest, Participant, PendingRegistration
from tests import factories
from tests.logins import can_log_in
from tests.participants.registration_helpers import (
    OPEN_FORM_PASSWORD,
    earlier_registration,
    link_in,
    open_form_data,
    register_url,
)

pytestmark = pytest.mark.integration

PASSWORD = OPEN_FORM_PASSWORD
STRANGERS = "Strangers-pass-2026"


def _form(email="ada@example.com", password=PASSWORD, **overrides):
    """The open form as Eve, a stranger, fills it in with someone else's address."""
    eve = {"first_name": "Eve", "last_name": "Intruder", "company_name": "Curious Ltd"}
    eve |= {"company_country": "GB", "company_sector": "plastics", "languages": ["en"]}
    return open_form_data(email, password, **(eve | overrides))


def _state():
    """Every row the open form could create or change."""
    return {
        "participants": sorted(
            Participant.objects.values_list("pk", "status", "user_id", "company_id")
        ),
        "companies": sorted(Company.objects.values_list("pk", "name")),
        "joins": sorted(JoinRequest.objects.values_list("pk", "status")),
        "users": sorted(User.objects.values_list("email", "password", "is_active", "first_name")),
        "links": sorted(AccountToken.objects.values_list("pk", "used_at", "replaced_at")),
        "forms kept": sorted(PendingRegistration.objects.values_list("pk", "email", "used_at")),
    }


def _ada_takes_part(edition, how):
    """Ada, who reads French, in the edition as `how` says."""
    if how == "invited":
        ada = User.objects.create_user("ada@example.com", None, preferred_language="fr")
        factories.make_participant(edition, user=ada, status=ParticipantStatus.INVITED)
        return ada
    ada = factories.make_user(email="ada@example.com", preferred_language="fr")
    if how == "asked to join":
        company = factories.make_company(edition, name="RivalCo A")
        join = join_requests.ask_to_join(
            company, by=ada, job_title="", role="buyer", languages=["fr"]
        )
        JoinRequest.objects.filter(pk=join.pk).update(status=JoinRequestStatus.PENDING)
    else:
        factories.make_participant(edition, user=ada, status=how)
    return ada


# What the mail tells the owner to do, in French, for each way of taking part.
_ADVICE = {
    ParticipantStatus.VALIDATED: "connectez-vous",
    ParticipantStatus.REGISTERED: "connectez-vous",
    "invited": "répondez à l’invitation",
    "asked to join": "vous recevrez leur réponse",
}


@pytest.mark.parametrize("how", list(_ADVICE))
def test_open_form_answers_an_address_taking_part_as_a_new_one_and_tells_its_owner(
    how, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _ada_takes_part(open_edition, how)
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        new = Client().post(register_url(open_edition), _form(email="new@example.com"))
    mailoutbox.clear()
    after_new = _state()
    with django_capture_on_commit_callbacks(execute=True):
        taken = Client().post(
            register_url(open_edition), _form(email="Ada@Example.com", company_name="Nosy Ltd")
        )

    assert {
        "answer": (taken.status_code, taken.url),
        "changed": _state() != after_new,
        "mail": [(message.to, message.extra_headers["Content-Language"]) for message in mailoutbox],
        "advice": _ADVICE[how] in mailoutbox[0].body,
        "names the form's company": "Nosy" in mailoutbox[0].body,
    } == {
        "answer": (new.status_code, new.url),
        "changed": False,
        "mail": [(["ada@example.com"], "fr")],
        "advice": True,
        "names the form's company": False,
    }
    assert before != after_new  # the new address did register


def test_a_stranger_cannot_flood_the_owner_with_the_form(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _ada_takes_part(open_edition, ParticipantStatus.VALIDATED)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [Client().post(register_url(open_edition), _form()).status_code for _ in range(4)]

    assert (answers, len(mailoutbox)) == ([302] * 4, 1)


def test_the_owner_hears_of_each_edition_once(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    other = factories.make_edition(registration_open=True)
    _ada_takes_part(open_edition, ParticipantStatus.VALIDATED)
    factories.make_participant(other, user=User.objects.get(email="ada@example.com"))

    with django_capture_on_commit_callbacks(execute=True):
        for edition in (open_edition, other, open_edition, other):
            Client().post(register_url(edition), _form())

    assert len(mailoutbox) == 2


def test_open_form_still_refuses_what_it_refuses_a_new_address(open_edition, mailoutbox):
    _ada_takes_part(open_edition, ParticipantStatus.VALIDATED)

    weak = Client().post(register_url(open_edition), _form(password="x", password_again="x"))
    unticked = Client().post(register_url(open_edition), _form(consent=""))

    assert (
        weak.status_code,
        "password" in weak.context["form"].errors,
        "consent" in unticked.context["form"].errors,
        mailoutbox,
    ) == (200, True, True, [])


# The confirmation link asks for the password given on the form.


@pytest.fixture
def strangers_link(open_edition, mailoutbox, django_capture_on_commit_callbacks):
    """A stranger sent the open form with Ada's address and his own password: the link that
    reached Ada."""
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS))
    return link_in(mailoutbox[-1])


def test_a_careless_click_gives_the_stranger_no_account(client, strangers_link):
    page = client.get(strangers_link)

    clicked = client.post(strangers_link)
    guessed = client.post(strangers_link, {"password": PASSWORD})

    assert {
        "page": (
            page.status_code,
            "ada@example.com" in page.content.decode(),
            "password" in page.context["form"].fields,
        ),
        "answers": [clicked.status_code, guessed.status_code],
        "error": guessed.context["form"].errors["password"],
        "accounts": list(User.objects.all()),
        "link unused": PendingRegistration.objects.get().used_at is None,
        "participants": list(Participant.objects.all()),
        "stranger logs in": can_log_in("ada@example.com", STRANGERS),
    } == {
        "page": (200, True, True),
        "answers": [200, 200],
        "error": ["This is not the password given on the registration form."],
        "accounts": [],
        "link unused": True,
        "participants": [],
        "stranger logs in": False,
    }


def test_the_person_who_filled_the_form_confirms_with_its_password(
    client, open_edition, strangers_link
):
    confirmed = client.post(strangers_link, {"password": STRANGERS})

    ada = User.objects.get(email="ada@example.com")
    assert (confirmed.url, ada.is_active, Participant.objects.get(user=ada).status) == (
        reverse("participants-portal:home", args=[open_edition.slug]),
        True,
        ParticipantStatus.REGISTERED,
    )


def test_wrong_passwords_on_the_confirmation_lock_out_as_on_the_login_form(client, strangers_link):
    wrong = [
        client.post(strangers_link, {"password": f"guess-{number}"}).status_code
        for number in range(5)
    ]

    right = client.post(strangers_link, {"password": STRANGERS})

    assert (wrong, right.status_code, list(User.objects.all())) == (
        [200, 200, 200, 200, 429],
        429,
        [],
    )


def test_a_locked_out_account_is_not_confirmed_either(client, strangers_link):
    for number in range(5):
        Client().post(
            reverse("accounts:login"),
            {"username": "ada@example.com", "password": f"guess-{number}"},
            REMOTE_ADDR=f"10.0.0.{number}",
        )

    right = Client(REMOTE_ADDR="10.0.1.1").post(strangers_link, {"password": STRANGERS})

    assert (right.status_code, list(User.objects.all())) == (429, [])


def test_the_link_of_an_account_active_already_asks_no_password(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    ada = factories.make_user(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS))
    link = link_in(mailoutbox[-1])

    page = client.get(link)
    confirmed = client.post(link)

    ada.refresh_from_db()
    assert {
        "field": "password" in page.context["form"].fields,
        "confirmed": confirmed.url,
        "passwords": (ada.check_password(factories.PASSWORD), ada.check_password(STRANGERS)),
    } == {
        "field": False,
        "confirmed": (
            f"{reverse('accounts:login')}?next="
            f"{reverse('participants-portal:home', args=[open_edition.slug])}"
        ),
        "passwords": (True, False),
    }


def test_the_verification_mail_says_to_type_the_password_again(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form())

    assert "its page asks for the password you chose on the form" in " ".join(
        mailoutbox[0].body.split()
    )


def test_an_invited_owner_asks_the_organisers_for_a_new_invitation_from_the_mail(
    organiser_user, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _ada_takes_part(open_edition, "invited")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form())
    link = link_in(mailoutbox.pop())

    page = Client().get(link)
    with django_capture_on_commit_callbacks(execute=True):
        asked = Client().post(link)
    tampered = Client().post(link.replace(":", "x:", 1))

    assert {
        "page": page.status_code,
        "asked": (asked.status_code, asked.context["outcome"]),
        "organisers told": [(message.to, link_in(message)) for message in mailoutbox],
        "tampered": tampered.status_code,
    } == {
        "page": 200,
        "asked": (200, "organisers_told"),
        "organisers told": [
            (
                [organiser_user.email],
                reverse(
                    "participants:participant-detail",
                    args=[open_edition.slug, Participant.objects.get().pk],
                ),
            )
        ],
        "tampered": 404,
    }


def test_the_link_asking_for_a_new_invitation_works_only_while_the_person_is_invited(
    organiser_user, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _ada_takes_part(open_edition, "invited")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form())
    link = link_in(mailoutbox.pop())
    Participant.objects.update(status=ParticipantStatus.REGISTERED)

    asked = Client().post(link)

    assert (asked.status_code, asked.context["code"], mailoutbox) == (
        410,
        "already_registered",
        [],
    )


def test_the_same_form_sent_twice_answers_a_new_and_a_taken_address_alike(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """A new address's first form makes its company; the second names it again. An address
    taking part made none: the second form must not tell them apart."""
    _ada_takes_part(open_edition, ParticipantStatus.VALIDATED)

    answers = {}
    for email in ("new@example.com", "ada@example.com"):
        form = _form(email=email, company_name=f"Probe {email}")
        with django_capture_on_commit_callbacks(execute=True):
            answers[email] = [
                (response.status_code, response.get("Location"))
                for response in (
                    Client().post(register_url(open_edition), form),
                    Client().post(register_url(open_edition), form),
                )
            ]

    assert answers["new@example.com"] == answers["ada@example.com"]


# Forms for an address nobody confirmed are kept side by side: a stranger's cancels none of the
# owner's, and the first link followed decides.

OWNERS = "Owners-own-pass-2026"


def _owners_form(**overrides):
    owners = {
        "password": OWNERS,
        "password_again": OWNERS,
        "first_name": "Ada",
        "last_name": "Martin",
        "company_name": "Ada Works",
    }
    return _form(**{**owners, **overrides})


def _registration_of_ada(edition):
    """Ada's rows in the edition, as the organisers and the login form see them."""
    ada = User.objects.get(email="ada@example.com")
    return {
        "participants": list(
            Participant.objects.filter(edition=edition).values_list(
                "user__email", "company__name", "status"
            )
        ),
        "joins": list(JoinRequest.objects.values_list("user__email", "company__name", "status")),
        "companies": sorted(Company.objects.filter(edition=edition).values_list("name", flat=True)),
        "names": (ada.first_name, ada.last_name),
        "logs in": (
            can_log_in("ada@example.com", OWNERS),
            can_log_in("ada@example.com", STRANGERS),
        ),
    }


@pytest.mark.parametrize("strangers_form", ["own company", "asked to join"])
def test_the_owner_registers_beside_a_strangers_form(
    strangers_form, client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    factories.make_company(open_edition, name="RivalCo A")
    strangers = {"own company": {}, "asked to join": {"company_name": "RivalCo A"}}
    if strangers_form == "asked to join":
        strangers["asked to join"]["join_company"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            register_url(open_edition), _form(password=STRANGERS, **strangers[strangers_form])
        )
    strangers_link = link_in(mailoutbox.pop())
    with django_capture_on_commit_callbacks(execute=True):
        answer = Client().post(register_url(open_edition), _owners_form())
    owners_link = link_in(mailoutbox.pop())

    confirmed = client.post(owners_link, {"password": OWNERS})
    stale = Client().post(strangers_link, {"password": STRANGERS})

    assert {
        "answer": answer.url,
        "stale": (stale.status_code, stale.context["code"]),
        "confirmed": confirmed.url,
        **_registration_of_ada(open_edition),
    } == {
        "answer": reverse("participants-portal:register-sent", args=[open_edition.slug]),
        "stale": (410, "already_registered"),
        "confirmed": reverse("participants-portal:home", args=[open_edition.slug]),
        "participants": [("ada@example.com", "Ada Works", ParticipantStatus.REGISTERED)],
        "joins": [],
        "companies": ["Ada Works", "RivalCo A"],
        "names": ("Ada", "Martin"),
        "logs in": (True, False),
    }


def test_the_form_filled_in_again_sends_another_link_and_the_first_followed_decides(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _owners_form())
    first = link_in(mailoutbox.pop())
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _owners_form(company_name="Other name"))
    again = link_in(mailoutbox.pop())

    confirmed = client.post(again, {"password": OWNERS})
    earlier = Client().get(first)

    assert (
        first != again,
        confirmed.url,
        (earlier.status_code, earlier.context["code"]),
        list(Participant.objects.values_list("company__name", "status")),
    ) == (
        True,
        reverse("participants-portal:home", args=[open_edition.slug]),
        (410, "already_registered"),
        [("Other name", ParticipantStatus.REGISTERED)],
    )


def test_a_strangers_later_form_is_confirmed_by_his_password_alone(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """The owner registered first; a stranger's form is kept beside hers, but its link goes
    to her mailbox, and her password there confirms her own form, never his (a link confirms
    the address's form whose password is typed: `forms_a_link_confirms`)."""
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _owners_form())
    owners_first = link_in(mailoutbox.pop())
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS))
    strangers_link = link_in(mailoutbox.pop())

    clicked = client.post(strangers_link, {"password": OWNERS})
    owners_link_then = Client().get(owners_first)

    assert {
        "clicked": clicked.url,
        "owner's link then": (owners_link_then.status_code, owners_link_then.context["code"]),
        **_registration_of_ada(open_edition),
    } == {
        "clicked": reverse("participants-portal:home", args=[open_edition.slug]),
        "owner's link then": (410, "used"),
        "participants": [("ada@example.com", "Ada Works", ParticipantStatus.REGISTERED)],
        "joins": [],
        "companies": ["Ada Works"],
        "names": ("Ada", "Martin"),
        "logs in": (True, False),
    }


def test_a_strangers_registration_the_old_code_made_goes_when_the_owner_confirms(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """Before forms were kept, a form made its account, company and participant at once: one
    left unconfirmed by the upgrade is nobody's, and the owner's confirmed form replaces it
    (its company goes unless something else holds it)."""
    curious = factories.make_company(open_edition, name="Curious Ltd")
    _stranger, old_link = earlier_registration(open_edition, STRANGERS, company=curious)
    colleague = factories.make_participant(open_edition, company=curious)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _owners_form())

    confirmed = client.post(link_in(mailoutbox.pop()), {"password": OWNERS})
    stale = Client().get(
        reverse("participants-portal:verify-email", args=[open_edition.slug, old_link])
    )

    assert {
        "confirmed": confirmed.url,
        "stale": stale.status_code,
        **_registration_of_ada(open_edition),
    } == {
        "confirmed": reverse("participants-portal:home", args=[open_edition.slug]),
        "stale": 404,
        "participants": [
            ("ada@example.com", "Ada Works", ParticipantStatus.REGISTERED),
            (colleague.user.email, "Curious Ltd", ParticipantStatus.VALIDATED),
        ],
        "joins": [],
        "companies": ["Ada Works", "Curious Ltd"],
        "names": ("Ada", "Martin"),
        "logs in": (True, False),
    }


def test_an_invitation_is_never_replaced_by_the_form(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _ada_takes_part(open_edition, "invited")
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _owners_form())

    assert (_state(), len(mailoutbox)) == (before, 1)


@pytest.mark.parametrize("opened_by", ["anyone it was forwarded to", "someone else logged in"])
def test_the_link_of_an_account_active_already_logs_nobody_in_without_its_password(
    opened_by, client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    """The link alone confirms an address whose account is active (its owner's password is
    kept), but like an invitation's, it is not a login: whoever it was forwarded to holds it
    too."""
    ada = factories.make_user(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS))
    link = link_in(mailoutbox[-1])
    bob = factories.make_user(email="bob@example.com")
    if opened_by == "someone else logged in":
        client.force_login(bob)

    confirmed = client.post(link)

    home = reverse("participants-portal:home", args=[open_edition.slug])
    assert {
        "to": confirmed.url,
        "session": client.session.get("_auth_user_id"),
        "status": Participant.objects.get(user=ada).status,
    } == {
        "to": f"{reverse('accounts:login')}?next={home}",
        "session": None if opened_by == "anyone it was forwarded to" else str(bob.pk),
        "status": ParticipantStatus.REGISTERED,
    }


def test_the_owner_logged_in_confirms_with_the_button_alone(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    ada = factories.make_user(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS))
    client.force_login(ada)

    confirmed = client.post(link_in(mailoutbox[-1]))

    assert (confirmed.url, client.session["_auth_user_id"]) == (
        reverse("participants-portal:home", args=[open_edition.slug]),
        str(ada.pk),
    )


# The mails of an address nobody confirmed say nothing a stranger typed.

SPOOF = "Ada, your account is suspended: call +44 20 7946 0000"


@pytest.mark.parametrize("how", ["new address", "invited, account taken elsewhere"])
def test_mails_to_an_unconfirmed_address_do_not_greet_with_the_names_a_stranger_typed(
    how, organiser_client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    if how != "new address":
        _ada_takes_part(open_edition, "invited")
        elsewhere = factories.make_edition(registration_open=True)
        Client().post(register_url(elsewhere), _form(password=STRANGERS, first_name=SPOOF))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS, first_name=SPOOF))

    greeting = {"new address": "Hello,", "invited, account taken elsewhere": "Bonjour,"}[how]
    assert [(SPOOF in message.body, message.body.split("\n")[0]) for message in mailoutbox] == [
        (False, greeting)
    ]


def test_the_owners_form_over_a_strangers_gets_the_link_in_her_language(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client(HTTP_ACCEPT_LANGUAGE="en").post(
            register_url(open_edition), _form(password=STRANGERS)
        )
        Client(HTTP_ACCEPT_LANGUAGE="fr").post(register_url(open_edition), _owners_form())

    assert [message.extra_headers["Content-Language"] for message in mailoutbox] == ["en", "fr"]


def test_the_link_asking_for_a_new_invitation_used_again_tells_the_organisers_once(
    organiser_user, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    _ada_takes_part(open_edition, "invited")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form())
    link = link_in(mailoutbox.pop())

    with django_capture_on_commit_callbacks(execute=True):
        answers = [Client().post(link) for _ in range(3)]

    assert (
        [(answer.status_code, answer.context["outcome"]) for answer in answers],
        [message.to for message in mailoutbox],
    ) == ([(200, "organisers_told")] * 3, [[organiser_user.email]])


def test_the_owner_asks_to_join_over_a_strangers_unconfirmed_registration(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    factories.make_company(open_edition, name="RivalCo A")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(register_url(open_edition), _form(password=STRANGERS))
        Client().post(
            register_url(open_edition),
            _owners_form(company_name="RivalCo A", join_company="on"),
        )

    confirmed = client.post(link_in(mailoutbox[-1]), {"password": OWNERS})

    assert {
        "page": confirmed.status_code,
        **_registration_of_ada(open_edition),
    } == {
        "page": 200,
        "participants": [],
        "joins": [("ada@example.com", "RivalCo A", JoinRequestStatus.PENDING)],
        "companies": ["RivalCo A"],
        "names": ("Ada", "Martin"),
        "logs in": (True, False),
    }
