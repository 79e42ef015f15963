import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import resolve
from django.utils import formats, translation

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken, User
from paddock.accounts.services import TokenError
from paddock.core.models import AuditEntry
from paddock.participants import registration, services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from paddock.participants.rules import is_validated_participant
from tests import factories
from tests.participants.registration_helpers import link_in, token_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


@pytest.fixture
def company(edition):
    return factories.make_company(edition, name="Soudures Martin")


def _invite(edition, organiser_user, company, *, email="jeanne@example.com", language="en"):
    return registration.invite_participant(
        edition,
        by=organiser_user,
        email=email,
        first_name="Jeanne",
        last_name="Martin",
        company=company,
        role="buyer",
        languages=["fr"],
        language=language,
    )


@pytest.fixture
def invited(edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks):
    """An invited participant and the secret of the link mailed to them."""
    with django_capture_on_commit_callbacks(execute=True):
        participant = _invite(edition, organiser_user, company)
    return participant, token_in(mailoutbox[-1])


def _accept(edition, token, *, password=NEW_PASSWORD, by=None):
    return registration.register_from_invitation(
        edition,
        token=token,
        by=by or AnonymousUser(),
        password=password,
        first_name="Jeanne",
        last_name="Martin-Durand",
        job_title="Purchasing buyer",
        languages=["fr", "en"],
        consent_version="default",
    )


def test_invitation_adds_an_invited_participant_and_mails_an_english_link(
    edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = _invite(edition, organiser_user, company)

    message = mailoutbox[0]
    match = resolve(link_in(message))
    assert {
        "status": participant.status,
        "company": participant.company,
        "usable password": participant.user.has_usable_password(),
        "to": message.to,
        "subject": message.subject,
        "language": message.extra_headers["Content-Language"],
        "view": match.view_name,
        "edition": match.kwargs["edition"],
        "user language": participant.user.preferred_language,
    } == {
        "status": ParticipantStatus.INVITED,
        "company": company,
        "usable password": False,
        "to": ["jeanne@example.com"],
        "subject": f"Your invitation to {edition.name}",
        "language": "en",
        "view": "participants-portal:accept-invitation",
        "edition": edition.slug,
        "user language": "en",
    }


def test_invitation_of_a_french_invitee_is_rendered_in_french(
    edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    edition.start_date = edition.end_date = dt.date(2031, 6, 12)

    with django_capture_on_commit_callbacks(execute=True):
        _invite(edition, organiser_user, company, language="fr")

    message = mailoutbox[0]
    # French month names come from Django's own catalogue, whatever the state of ours.
    expiry = AccountToken.objects.get().expires_at.astimezone(edition.tzinfo).date()
    french_months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                     "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    accept = (
        "Pour accepter, ouvrez ce lien, choisissez votre mot de passe et vérifiez vos informations"
    )
    assert (
        message.extra_headers["Content-Language"],
        message.subject,
        f"{accept}\u00a0:" in message.body,
        f"{expiry.day} {french_months[expiry.month - 1]} {expiry.year}" in message.body,
    ) == ("fr", f"Votre invitation à l’édition {edition.name}", True, True)


def test_invitation_expiry_is_the_date_where_the_edition_happens(
    edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    # A zone whose calendar date differs from UTC's at the hour the test runs, so a date
    # rendered in UTC instead of the edition's zone shows up whenever the suite runs.
    now = dt.datetime.now(dt.UTC)
    edition.timezone = "Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago"
    edition.save(update_fields=["timezone"])

    with django_capture_on_commit_callbacks(execute=True):
        _invite(edition, organiser_user, company)

    expires = AccountToken.objects.get().expires_at
    local, utc = expires.astimezone(edition.tzinfo).date(), expires.date()
    assert local != utc
    body = mailoutbox[0].body
    with translation.override("en"):
        written = [formats.date_format(day, "DATE_FORMAT") for day in (local, utc)]
    assert [date in body for date in written] == [True, False]


def test_invitation_with_a_new_company_creates_it(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = registration.invite_participant(
            edition,
            by=organiser_user,
            email="tom@example.co.uk",
            first_name="Tom",
            last_name="Baker",
            company_fields={"name": "Baker Racing", "country": "GB", "sector": "motorsport"},
            role="supplier",
            languages=["en"],
            language="en",
        )

    assert (participant.company.name, participant.company.country.code, len(mailoutbox)) == (
        "Baker Racing",
        "GB",
        1,
    )


def test_invitation_of_someone_already_in_the_edition_is_refused_without_mail(
    edition, organiser_user, participant, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.ParticipantError) as raised,
    ):
        _invite(edition, organiser_user, participant.company, email=participant.user.email.upper())

    assert (raised.value.code, raised.value.field, mailoutbox) == (
        "already_participating",
        "email",
        [],
    )


def test_accepting_the_invitation_registers_and_activates_the_account(edition, invited):
    participant, token = invited

    registered = _accept(edition, token)

    user = User.objects.get(pk=participant.user.pk)
    registered.refresh_from_db()
    assert {
        "status": registered.status,
        "password": user.check_password(NEW_PASSWORD),
        "active": user.is_active,
        "names": (user.first_name, user.last_name),
        "job": registered.job_title,
        "languages": registered.languages,
        "logged": list(
            AuditEntry.objects.filter(action="participant.register").values_list("data", flat=True)
        ),
    } == {
        "status": ParticipantStatus.REGISTERED,
        "password": True,
        "active": True,
        "names": ("Jeanne", "Martin-Durand"),
        "job": "Purchasing buyer",
        "languages": ["fr", "en"],
        "logged": [{"via": "invitation"}],
    }


def test_an_invitation_link_works_once(edition, invited):
    _participant, token = invited
    _accept(edition, token)

    with pytest.raises(TokenError) as raised:
        _accept(edition, token)

    assert raised.value.code == "used"


def test_an_expired_invitation_link_is_refused(edition, invited):
    participant, token = invited
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    with pytest.raises(TokenError) as raised:
        _accept(edition, token)

    participant.refresh_from_db()
    assert (raised.value.code, participant.status) == ("expired", ParticipantStatus.INVITED)


def test_a_weak_password_is_refused_on_its_field_and_the_link_still_works(edition, invited):
    _participant, token = invited

    with pytest.raises(ValidationError) as raised:
        _accept(edition, token, password="12345678")

    registered = _accept(edition, token)
    assert (sorted(raised.value.message_dict), registered.status) == (
        ["password"],
        ParticipantStatus.REGISTERED,
    )


def test_an_account_with_a_password_accepts_only_when_logged_in_as_it(
    edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    existing = factories.make_user(email="jeanne@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(edition, organiser_user, company)
    token = token_in(mailoutbox[0])
    refusals = {}
    for name, by in [("anonymous", AnonymousUser()), ("other", organiser_user)]:
        with pytest.raises(registration.RegistrationError) as raised:
            _accept(edition, token, password=NEW_PASSWORD, by=by)
        refusals[name] = raised.value.code

    registered = _accept(edition, token, password="", by=existing)

    existing.refresh_from_db()
    assert {
        "refusals": refusals,
        "status": registered.status,
        "password kept": existing.check_password(factories.PASSWORD),
    } == {
        "refusals": {"anonymous": "login_required", "other": "wrong_account"},
        "status": ParticipantStatus.REGISTERED,
        "password kept": True,
    }


def test_a_new_account_must_choose_a_password(edition, invited):
    _participant, token = invited

    with pytest.raises(ValidationError) as raised:
        _accept(edition, token, password="")

    assert raised.value.message_dict == {"password": ["Choose a password."]}


def test_resending_an_invitation_replaces_the_earlier_link(
    edition, organiser_user, invited, mailoutbox, django_capture_on_commit_callbacks
):
    participant, first = invited

    with django_capture_on_commit_callbacks(execute=True):
        registration.resend_invitation(participant, by=organiser_user)

    with pytest.raises(TokenError) as raised:
        _accept(edition, first)
    registered = _accept(edition, token_in(mailoutbox[-1]))
    assert (len(mailoutbox), raised.value.code, registered.status) == (
        2,
        "replaced",
        ParticipantStatus.REGISTERED,
    )


def test_resending_to_a_registered_participant_is_refused(edition, organiser_user, participant):
    with pytest.raises(registration.RegistrationError) as raised:
        registration.resend_invitation(participant, by=organiser_user)

    assert raised.value.code == "already_registered"


def _register(edition, *, email="ana@example.pt", password=NEW_PASSWORD, company="Moldes Lda"):
    return registration.register_openly(
        edition,
        email=email,
        password=password,
        first_name="Ana",
        last_name="Costa",
        job_title="Sales engineer",
        company_fields={
            "name": company,
            "country": "PT",
            "city": "Leiria",
            "sector": "plastics",
            "size": "small",
            "website": "https://moldes.example.pt",
        },
        role="supplier",
        languages=["pt", "en"],
        language="en",
        consent_version="default",
    )


def test_open_registration_is_refused_when_the_edition_is_closed(edition):
    with pytest.raises(registration.RegistrationError) as raised:
        _register(edition)

    assert (raised.value.code, User.objects.filter(email="ana@example.pt").exists()) == (
        "registration_closed",
        False,
    )


def test_open_registration_waits_for_the_email_verification(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = _register(open_edition)

    assert {
        "kept": (kept.email, kept.used_at),
        "company": kept.company,
        "made": (User.objects.count(), Participant.objects.count(), Company.objects.count()),
        "mail": (mailoutbox[0].to, mailoutbox[0].subject),
        "view": resolve(link_in(mailoutbox[0])).view_name,
    } == {
        "kept": ("ana@example.pt", None),
        "company": {
            "name": "Moldes Lda",
            "country": "PT",
            "city": "Leiria",
            "sector": "plastics",
            "size": "small",
            "website": "https://moldes.example.pt",
        },
        "made": (0, 0, 0),
        "mail": (["ana@example.pt"], f"Confirm your email address for {open_edition.name}"),
        "view": "participants-portal:verify-email",
    }


def test_verification_activates_the_account_and_registers_the_participant(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(open_edition)

    participant = registration.verify_email(
        open_edition, token=token_in(mailoutbox[0]), password=NEW_PASSWORD
    )

    participant.user.refresh_from_db()
    assert (participant.status, participant.user.is_active) == (
        ParticipantStatus.REGISTERED,
        True,
    )


def test_open_registration_of_an_address_taking_part_changes_nothing_and_tells_its_owner(
    open_edition, participant, mailoutbox, django_capture_on_commit_callbacks
):
    before = list(Participant.objects.values_list("pk", "status", "user_id", "company_id"))

    with django_capture_on_commit_callbacks(execute=True):
        result = _register(open_edition, email=participant.user.email.upper())

    assert {
        "result": result,
        "participants": list(
            Participant.objects.values_list("pk", "status", "user_id", "company_id")
        ),
        "mail": [(message.to, message.subject) for message in mailoutbox],
    } == {
        "result": None,
        "participants": before,
        "mail": [
            (
                [participant.user.email],
                f"Votre adresse sur le formulaire d’inscription de {open_edition.name}",
            )
        ],
    }


def test_open_registration_with_an_existing_account_keeps_its_password(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    existing = factories.make_user(email="ana@example.pt")

    with django_capture_on_commit_callbacks(execute=True):
        _register(open_edition, password="another-long-password-42")
    participant = registration.verify_email(open_edition, token=token_in(mailoutbox[0]))

    existing.refresh_from_db()
    assert (participant.user, existing.check_password(factories.PASSWORD), len(mailoutbox)) == (
        existing,
        True,
        1,
    )


def test_open_registration_checks_the_password(open_edition):
    with pytest.raises(ValidationError) as raised:
        _register(open_edition, password="ana@example.pt")

    assert (
        sorted(raised.value.message_dict),
        User.objects.filter(email="ana@example.pt").count(),
    ) == (
        ["password"],
        0,
    )


def test_an_expired_verification_link_can_be_replaced_by_the_person(
    open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(open_edition)
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    with django_capture_on_commit_callbacks(execute=True):
        outcome = registration.ask_for_new_link(
            open_edition, token=token_in(mailoutbox[0]), purpose=TokenPurpose.EMAIL_VERIFICATION
        )

    participant = registration.verify_email(
        open_edition, token=token_in(mailoutbox[1]), password=NEW_PASSWORD
    )
    assert (outcome, participant.status) == ("sent", ParticipantStatus.REGISTERED)


@pytest.mark.usefixtures("organiser_user", "staff_user")
def test_an_expired_invitation_asks_the_organisers_for_a_new_one(
    edition, invited, mailoutbox, django_capture_on_commit_callbacks
):
    _participant, token = invited
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    with django_capture_on_commit_callbacks(execute=True):
        outcome = registration.ask_for_new_link(
            edition, token=token, purpose=TokenPurpose.INVITATION
        )

    asked = mailoutbox[1:]
    assert (outcome, sorted(message.to[0] for message in asked), asked[0].subject) == (
        "organisers_told",
        ["organiser@example.com", "staff@example.com"],
        # The organisers chose no language: the edition's first one, French.
        f"Jeanne Martin demande une nouvelle invitation à l’édition {edition.name}",
    )


def test_validation_emails_the_participant_with_the_portal_link(
    edition, organiser_user, invited, mailoutbox, django_capture_on_commit_callbacks
):
    participant, token = invited
    participant = _accept(edition, token)

    with django_capture_on_commit_callbacks(execute=True):
        services.validate_participant(participant, by=organiser_user)

    message = mailoutbox[-1]
    assert (message.to, message.subject, resolve(link_in(message)).view_name) == (
        ["jeanne@example.com"],
        f"Your registration to {edition.name} is validated",
        "participants-portal:home",
    )


def test_bulk_validation_emails_each_validated_participant(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = [
        factories.make_participant(edition, status=ParticipantStatus.REGISTERED) for _ in range(2)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        services.validate_participants(
            edition, by=organiser_user, participant_ids=[p.pk for p in waiting]
        )

    assert sorted(message.to[0] for message in mailoutbox) == sorted(p.user.email for p in waiting)


def test_is_validated_participant_only_for_validated_participants_of_that_edition(edition):
    statuses = [
        ParticipantStatus.INVITED,
        ParticipantStatus.REGISTERED,
        ParticipantStatus.VALIDATED,
    ]
    people = [factories.make_participant(edition, status=status).user for status in statuses]
    other_edition = factories.make_edition()

    answers = [is_validated_participant(user, edition) for user in people]
    answers.append(is_validated_participant(people[-1], other_edition))

    assert answers == [False, False, True, False]


def test_invitation_in_french_reads_with_any_edition_name_and_any_gender(
    edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    edition.name = "International Business Days 2031"
    edition.save()

    with django_capture_on_commit_callbacks(execute=True):
        _invite(edition, organiser_user, company, language="fr")

    (mail,) = mailoutbox
    organiser = edition.series.organiser.name
    assert (mail.subject, mail.body.splitlines()[2]) == (
        "Votre invitation à l’édition International Business Days 2031",
        f"{organiser} vous invite à l’édition International Business Days 2031 pour représenter "
        "Soudures Martin\u00a0: de courts rendez-vous d’affaires en tête-à-tête avec les "
        "entreprises de votre choix.",
    )


def test_invitation_leaves_an_account_disabled_in_the_admin_disabled(
    edition, organiser_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    """An account that logged in and has no usable password had it disabled by the site's
    administrators (the password reset's rule): the link's holder does not give it one."""
    jeanne = factories.make_user(email="jeanne@example.com", last_login=dt.datetime.now(dt.UTC))
    jeanne.set_unusable_password()
    jeanne.save()
    with django_capture_on_commit_callbacks(execute=True):
        participant = _invite(edition, organiser_user, company)

    with pytest.raises(TokenError) as raised:
        _accept(edition, token_in(mailoutbox[-1]))

    jeanne.refresh_from_db()
    participant.refresh_from_db()
    assert (raised.value.code, jeanne.has_usable_password(), participant.status) == (
        "disabled",
        False,
        ParticipantStatus.INVITED,
    )
