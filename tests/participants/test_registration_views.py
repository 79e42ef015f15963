import datetime as dt
import html
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views.generic import TemplateView

from paddock.accounts.models import AccountToken, User
from paddock.events.enums import EditionStatus
from paddock.events.privacy import consent_text
from paddock.events.services import change_privacy_notice
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Offer, Participant
from paddock.participants.views.mixins import ValidatedParticipantMixin
from tests import factories
from tests.participants import sample_files
from tests.participants.registration_helpers import link_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


def _invite_url(edition):
    return reverse("participants:invite", args=[edition.slug])


def _invitation_form(company, **overrides):
    return {
        "email": "jeanne@example.com",
        "first_name": "Jeanne",
        "last_name": "Martin",
        "company": company.pk,
        "role": "buyer",
        "languages": ["fr"],
        "language": "fr",
        **overrides,
    }


@pytest.fixture
def invitation_link(edition, organiser_client, mailoutbox, django_capture_on_commit_callbacks):
    """The path of the link mailed to Jeanne, invited through the organiser's page."""
    company = factories.make_company(edition, name="Soudures Martin")
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(_invite_url(edition), _invitation_form(company))
    organiser_client.logout()
    return link_in(mailoutbox[-1])


def _accept_form(**overrides):
    return {
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "first_name": "Jeanne",
        "last_name": "Martin",
        "job_title": "Buyer",
        "languages": ["fr", "en"],
        "consent": "on",
        "consent_version": "default",
        **overrides,
    }


def test_invite_page_sends_the_invitation_and_shows_the_participant(
    edition, organiser_client, mailoutbox, django_capture_on_commit_callbacks
):
    company = factories.make_company(edition)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(_invite_url(edition), _invitation_form(company))

    participant = Participant.objects.get(user__email="jeanne@example.com")
    assert (response.status_code, response.url, participant.status, mailoutbox[0].to) == (
        302,
        reverse("participants:participant-detail", args=[edition.slug, participant.pk]),
        ParticipantStatus.INVITED,
        ["jeanne@example.com"],
    )


def test_invite_page_puts_a_new_company_error_next_to_its_field(edition, organiser_client):
    factories.make_company(edition, name="Baker Racing")
    form = _invitation_form(
        factories.make_company(edition),
        new_company_name="baker racing",
        new_company_country="GB",
        new_company_sector="motorsport",
    )
    form["company"] = ""

    response = organiser_client.post(_invite_url(edition), form)

    assert response.context["form"].errors == {
        "new_company_name": ["A company named baker racing already takes part."]
    }


def test_bulk_invite_page_reports_the_faulty_lines(edition, organiser_client):
    form = {
        "lines": "jeanne@example.com; Jeanne; Martin\n",
        "role": "buyer",
        "languages": ["fr"],
        "language": "fr",
    }

    response = organiser_client.post(reverse("participants:invite-bulk", args=[edition.slug]), form)

    assert response.context["form"].errors == {
        "lines": ["Line 1: expected “email; first name; last name; company”."]
    }


def _bulk_url(edition):
    return reverse("participants:invite-bulk", args=[edition.slug])


def test_bulk_invite_page_lists_the_companies_of_the_edition(edition, organiser_client):
    for name in ("Soudures Martin", "Arcaloir Soudage"):
        factories.make_company(edition, name=name)
    factories.make_company(factories.make_edition(), name="Elsewhere SA")

    page = organiser_client.get(_bulk_url(edition)).content.decode()

    listed = re.search(r'<ul id="existing-companies"[^>]*>(.*?)</ul>', page, re.S)[1]
    assert re.findall(r"<li>(.*?)</li>", listed) == ["Arcaloir Soudage", "Soudures Martin"]


def test_bulk_invite_page_joins_companies_written_in_another_case_or_without_accents(
    edition, organiser_client
):
    martin = factories.make_company(edition, name="Soudures Martin")
    huisne = factories.make_company(edition, name="Mécanique de Précision de l’Huisne")
    form = {
        "lines": "jeanne@example.com; Jeanne; Martin; SOUDURES MARTIN\n"
        "paul@example.com; Paul; Leroy; mecanique de precision de l'huisne\n",
        "role": "buyer",
        "languages": ["fr"],
        "language": "fr",
    }

    response = organiser_client.post(_bulk_url(edition), form)

    joined = Participant.objects.filter(edition=edition).order_by("user__email")
    assert (response.status_code, [p.company_id for p in joined], edition.companies.count()) == (
        302,
        [martin.pk, huisne.pk],
        2,
    )


def test_accept_page_shows_the_form_for_a_valid_link(client, invitation_link):
    response = client.get(invitation_link)

    assert (response.status_code, response.templates[0].name) == (
        200,
        "participants/public/accept_invitation.html",
    )


def test_accepting_logs_in_and_lands_on_the_portal_home(client, edition, invitation_link):
    response = client.post(invitation_link, _accept_form())

    home = client.get(response.url)
    participant = Participant.objects.get(user__email="jeanne@example.com")
    assert {
        "redirect": response.url,
        "status": participant.status,
        "logged in as": home.context["user"].email,
        "home": home.status_code,
    } == {
        "redirect": reverse("participants-portal:home", args=[edition.slug]),
        "status": ParticipantStatus.REGISTERED,
        "logged in as": "jeanne@example.com",
        "home": 200,
    }


def test_accept_page_shows_password_errors_next_to_the_field(client, invitation_link):
    response = client.post(
        invitation_link, _accept_form(password="jeanne@example.com", password_again="other")
    )

    assert response.context["form"].errors == {"password_again": ["The two passwords differ."]}


def test_a_used_link_says_so_and_offers_to_log_in(client, invitation_link):
    client.post(invitation_link, _accept_form())
    client.logout()

    response = client.get(invitation_link)

    assert (response.status_code, response.context["message"], response.context["can_ask"]) == (
        410,
        "This link was used already.",
        False,
    )


def test_the_link_of_an_account_disabled_in_the_admin_says_so_without_a_form(
    client, invitation_link
):
    jeanne = User.objects.get(email="jeanne@example.com")
    jeanne.last_login = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)  # its password was disabled
    jeanne.save()

    response = client.get(invitation_link)

    assert (response.status_code, response.context["message"], "form" in response.context) == (
        410,
        "This account is disabled: ask the site's administrators.",
        False,
    )


def test_an_expired_link_offers_to_ask_the_organiser(
    client, edition, invitation_link, mailoutbox, django_capture_on_commit_callbacks
):
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    page = client.get(invitation_link)

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"{invitation_link}new-link/")

    assert {
        "page": (page.status_code, page.context["message"], page.context["can_ask"]),
        "asked": (asked.status_code, asked.context["outcome"]),
        "organiser told": mailoutbox[-1].to,
    } == {
        "page": (410, "This link has expired.", True),
        "asked": (200, "organisers_told"),
        "organiser told": ["organiser@example.com"],
    }


@pytest.fixture
def jeanne(db):
    """Jeanne's account, with a password, made before the organiser invites her."""
    return factories.make_user(email="jeanne@example.com", first_name="Jeanne")


@pytest.fixture
def account_invitation_link(jeanne, invitation_link):
    """The path of the invitation mailed to Jeanne, whose account has a password already."""
    return invitation_link


def _is_logged_in(client):
    return "_auth_user_id" in client.session


def test_invitation_to_an_account_with_a_password_asks_to_log_in_and_accepts_nothing(
    client, account_invitation_link
):
    page = client.get(account_invitation_link)
    posted = client.post(account_invitation_link, _accept_form(password="", password_again=""))

    participant = Participant.objects.get(user__email="jeanne@example.com")
    login_url = f"{reverse('accounts:login')}?next={quote(account_invitation_link)}"
    assert {
        "page": (page.status_code, page.context["login_url"], "form" in page.context),
        "posted": (posted.status_code, posted.context["login_url"]),
        "status": participant.status,
        "logged in": _is_logged_in(client),
    } == {
        "page": (200, login_url, False),
        "posted": (200, login_url),
        "status": ParticipantStatus.INVITED,
        "logged in": False,
    }


def test_invitation_to_an_account_with_a_password_is_accepted_once_logged_in_as_it(
    client, edition, jeanne, account_invitation_link
):
    login_url = client.get(account_invitation_link).context["login_url"]
    login_form = {"username": "jeanne@example.com", "password": factories.PASSWORD}
    logged_in = client.post(login_url, {**login_form, "next": account_invitation_link})
    form = client.get(logged_in.url).context["form"]

    accepted = client.post(account_invitation_link, _accept_form(password="", password_again=""))

    participant = Participant.objects.get(user=jeanne)
    jeanne.refresh_from_db()
    assert {
        "back to": logged_in.url,
        "fields": list(form.fields),
        "redirect": accepted.url,
        "status": participant.status,
        "password kept": jeanne.check_password(factories.PASSWORD),
    } == {
        "back to": account_invitation_link,
        "fields": [
            "first_name",
            "last_name",
            "job_title",
            "languages",
            "consent",
            "consent_version",
        ],
        "redirect": reverse("participants-portal:home", args=[edition.slug]),
        "status": ParticipantStatus.REGISTERED,
        "password kept": True,
    }


@pytest.mark.parametrize("has_account", [True, False], ids=["account", "new account"])
def test_invitation_is_refused_to_another_logged_in_account(client, invitation_link, has_account):
    if has_account:
        invitee = User.objects.get(email="jeanne@example.com")
        invitee.set_password(factories.PASSWORD)
        invitee.save()
    other = factories.make_user(email="paul@example.com")
    client.force_login(other)

    page = client.get(invitation_link)
    posted = client.post(invitation_link, _accept_form())

    participant = Participant.objects.get(user__email="jeanne@example.com")
    message = (
        "This invitation is for jeanne@example.com, and you are logged in as "
        "paul@example.com: log out, then open the link again."
    )
    assert {
        "page": (page.status_code, page.context["message"]),
        "posted": (posted.status_code, posted.context["message"]),
        "status": participant.status,
        "logged in as": client.session["_auth_user_id"],
    } == {
        "page": (403, message),
        "posted": (403, message),
        "status": ParticipantStatus.INVITED,
        "logged in as": str(other.pk),
    }


def test_an_unknown_link_is_not_found(client, edition):
    response = client.get(
        reverse("participants-portal:accept-invitation", args=[edition.slug, "x"])
    )

    assert response.status_code == 404


def test_a_link_of_another_edition_is_not_found(client, invitation_link, edition):
    other = factories.make_edition()

    response = client.get(invitation_link.replace(f"/e/{edition.slug}/", f"/e/{other.slug}/"))

    assert response.status_code == 404


def _register_url(edition):
    return reverse("participants-portal:register", args=[edition.slug])


def _registration_form(**overrides):
    return {
        "email": "ana@example.pt",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        "first_name": "Ana",
        "last_name": "Costa",
        "company_name": "Moldes Lda",
        "company_country": "PT",
        "company_sector": "plastics",
        "role": "supplier",
        "languages": ["pt", "en"],
        "consent": "on",
        "consent_version": "default",
        **overrides,
    }


def test_open_form_shows_the_privacy_notice_it_asks_to_accept(client, open_edition):
    notice = consent_text(open_edition, "en")

    page = client.get(reverse("participants-portal:register", args=[open_edition.slug]))

    section = re.search(
        r'<section [^>]*id="privacy-notice">(.*?)</section>', page.content.decode(), re.S
    )
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section[1])).split())
    assert shown == " ".join(f"Privacy notice {notice.text} Version: {notice.version}".split())


def test_open_form_is_not_found_when_registration_is_closed(client, edition):
    responses = [client.get(_register_url(edition)), client.post(_register_url(edition), {})]

    assert [response.status_code for response in responses] == [404, 404]


def test_open_form_answers_an_email_already_registered_as_a_new_one(
    client, open_edition, participant
):
    response = client.post(
        _register_url(open_edition), _registration_form(email=participant.user.email)
    )

    assert (response.status_code, response.url) == (
        302,
        reverse("participants-portal:register-sent", args=[open_edition.slug]),
    )


def test_unverified_account_cannot_log_in_until_verified(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_register_url(open_edition), _registration_form())
    login_url = reverse("accounts:login")
    credentials = {"username": "ana@example.pt", "password": NEW_PASSWORD}
    sent_page = client.get(sent.url)
    refused = client.post(login_url, credentials)
    link = link_in(mailoutbox[0])
    confirm_page = client.get(link)

    confirmed = client.post(link, {"password": NEW_PASSWORD})
    client.logout()
    accepted = client.post(login_url, credentials)

    participant = Participant.objects.get(user__email="ana@example.pt")
    assert {
        "sent": (sent.url, sent_page.status_code),
        "refused": refused.context["form"].non_field_errors(),
        "confirm page": confirm_page.status_code,
        "confirmed": confirmed.url,
        "status": participant.status,
        "login": accepted.url,
    } == {
        "sent": (reverse("participants-portal:register-sent", args=[open_edition.slug]), 200),
        # As for a wrong password: anyone may have typed this one on the form (#16).
        "refused": [
            "Please enter a correct email address and password. Note that both fields may be "
            "case-sensitive."
        ],
        "confirm page": 200,
        "confirmed": reverse("participants-portal:home", args=[open_edition.slug]),
        "status": ParticipantStatus.REGISTERED,
        "login": reverse("accounts:after-login"),
    }


def test_unverified_registration_is_not_in_the_validation_queue(
    open_edition, organiser_client, client
):
    client.post(_register_url(open_edition), _registration_form())

    response = organiser_client.get(
        reverse("participants:participant-list", args=[open_edition.slug]), {"status": "registered"}
    )

    assert list(response.context["participants"]) == []


class _SecretView(ValidatedParticipantMixin, TemplateView):
    template_name = "participants/portal/home.html"


def _dispatch(edition, user):
    request = RequestFactory().get("/")
    request.edition = edition
    request.user = user
    response = _SecretView.as_view()(request, edition=edition.slug)
    return response.status_code, getattr(response, "template_name", None), request


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ParticipantStatus.INVITED, (403, "participants/portal/waiting.html")),
        (ParticipantStatus.REGISTERED, (403, "participants/portal/waiting.html")),
        (ParticipantStatus.VALIDATED, (200, ["participants/portal/home.html"])),
    ],
)
def test_validated_participant_mixin_by_status(edition, status, expected):
    participant = factories.make_participant(edition, status=status)

    status_code, template, request = _dispatch(edition, participant.user)

    assert ((status_code, template), request.participant) == (expected, participant)


def test_validated_participant_mixin_sends_anonymous_visitors_to_login(edition):
    status_code, _template, _request = _dispatch(edition, AnonymousUser())

    assert status_code == 302


def test_validated_participant_mixin_refuses_people_outside_the_edition(edition):
    with pytest.raises(PermissionDenied):
        _dispatch(edition, factories.make_user())


def test_after_login_sends_organisers_to_their_dashboard(organiser_client):
    response = organiser_client.get(reverse("accounts:after-login"))

    assert response.url == reverse("events:dashboard")


def test_after_login_sends_participants_to_their_portal(client, edition):
    registered = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(registered.user)

    response = client.get(reverse("accounts:after-login"))

    assert response.url == reverse("participants-portal:home", args=[edition.slug])


def test_portal_home_shows_the_participant_status(client, edition):
    registered = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(registered.user)

    response = client.get(reverse("participants-portal:home", args=[edition.slug]))

    assert (response.status_code, response.context["participant"]) == (200, registered)


def test_portal_home_refuses_people_outside_the_edition(client, edition):
    client.force_login(factories.make_user())

    response = client.get(reverse("participants-portal:home", args=[edition.slug]))

    assert response.status_code == 403


def test_resend_from_the_list_mails_a_new_link(
    edition, organiser_client, mailoutbox, django_capture_on_commit_callbacks
):
    invited = factories.make_participant(edition, status=ParticipantStatus.INVITED)
    url = reverse("participants:participant-resend-invitation", args=[edition.slug, invited.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url)

    assert (response.status_code, [m.to for m in mailoutbox], User.objects.count()) == (
        302,
        [[invited.user.email]],
        2,
    )


def test_after_login_sends_validated_participants_to_the_catalogue(client, edition):
    validated = factories.make_participant(edition, status=ParticipantStatus.VALIDATED)
    client.force_login(validated.user)

    response = client.get(reverse("accounts:after-login"))

    assert response.url == reverse("participants-portal:catalogue", args=[edition.slug])


def test_portal_home_sends_the_organisers_team_to_the_edition_overview(staff_client, edition):
    response = staff_client.get(reverse("participants-portal:home", args=[edition.slug]))

    assert response.url == reverse("events:edition-home", args=[edition.slug])


def test_waiting_page_is_shown_to_a_registered_participant_of_a_validated_only_page(
    client, edition
):
    registered = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    request = RequestFactory().get("/")
    request.edition, request.user = edition, registered.user

    response = _SecretView.as_view()(request, edition=edition.slug)
    response.render()

    assert (response.status_code, "Waiting for validation" in response.content.decode()) == (
        403,
        True,
    )


def test_home_page_links_to_the_open_form_of_the_current_edition(client, open_edition):
    response = client.get(reverse("core:home"))

    assert reverse("participants-portal:register", args=[open_edition.slug]) in (
        response.content.decode()
    )


def test_registering_again_before_confirming_sends_a_new_link(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(open_edition), _registration_form())
        again = client.post(_register_url(open_edition), _registration_form())

    client.post(link_in(mailoutbox[-1]), {"password": NEW_PASSWORD})
    participant = Participant.objects.get(user__email="ana@example.pt")
    assert (again.url, len(mailoutbox), participant.status) == (
        reverse("participants-portal:register-sent", args=[open_edition.slug]),
        2,
        ParticipantStatus.REGISTERED,
    )


def test_registering_again_after_confirming_sends_no_link_but_how_to_log_in(
    client, open_edition, participant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            _register_url(open_edition), _registration_form(email=participant.user.email)
        )

    assert (again.url, [(message.to, link_in(message)) for message in mailoutbox]) == (
        reverse("participants-portal:register-sent", args=[open_edition.slug]),
        [([participant.user.email], reverse("participants-portal:home", args=[open_edition.slug]))],
    )


def _rival_company(edition):
    """RivalCo A, with a validated representative, an offer and a drawing attached to it."""
    company = factories.make_company(edition, name="RivalCo A", website="https://rivalco.example")
    factories.make_participant(edition, company=company)
    offer = Offer.objects.create(company=company, text="Titanium machining")
    sample_files.stored_attachment(offer, "rival.pdf")
    return company


def _company_state(company):
    company.refresh_from_db()
    return {
        "website": company.website,
        "offers": list(company.offers.values_list("text", flat=True)),
        "attachments": list(company.attachments.values_list("original_name", flat=True)),
    }


def test_open_registration_under_another_case_cannot_take_over_a_company(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    rival = _rival_company(open_edition)
    before = (_company_state(rival), [rival.participants.get().user.email])
    offer, attachment = rival.offers.get(), rival.attachments.get()
    form = _registration_form(company_name="rivalco a", join_company="on")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(open_edition), form)
    for message in mailoutbox:
        client.post(link_in(message), {"password": NEW_PASSWORD})
    client.force_login(User.objects.get(email="ana@example.pt"))
    slug = open_edition.slug
    client.post(
        reverse("participants-portal:profile-company", args=[slug]),
        {
            "name": "RivalCo A",
            "country": "FR",
            "sector": "automotive",
            "website": "https://x.example",
        },
    )
    client.post(reverse("participants-portal:attachment-delete", args=[slug, attachment.pk]))
    client.post(reverse("participants-portal:offer-delete", args=[slug, offer.pk]))

    members = Participant.objects.filter(company=rival).values_list("user__email", flat=True)
    assert (_company_state(rival), list(members)) == before


# The privacy notice: shown, ticked, and its version recorded.


def test_accept_page_shows_the_privacy_notice_in_force(client, edition, invitation_link):
    change_privacy_notice(edition, by=None, text_en="We keep it safe.", text_fr="Tout est sûr.")

    response = client.get(invitation_link)

    form = response.context["form"]
    assert (form.notice.version, form.notice.text, form["consent_version"].value()) == (
        "1",
        "We keep it safe.",
        "1",
    )


def test_accepting_the_invitation_records_the_privacy_notice_accepted(
    client, edition, invitation_link
):
    client.post(invitation_link, _accept_form())

    participant = Participant.objects.get(user__email="jeanne@example.com")
    assert (participant.consent_version, participant.consented_at is not None) == (
        "default",
        True,
    )


def test_accept_form_refuses_without_the_privacy_tick(client, edition, invitation_link):
    form = _accept_form()
    del form["consent"]

    response = client.post(invitation_link, form)

    participant = Participant.objects.get(user__email="jeanne@example.com")
    assert response.context["form"].errors == {
        "consent": ["Tick the box to accept the privacy notice."]
    }
    assert (participant.status, participant.consent_version) == (ParticipantStatus.INVITED, "")


def test_open_registration_records_the_privacy_notice_accepted(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(open_edition), _registration_form())
    client.post(link_in(mailoutbox[0]), {"password": NEW_PASSWORD})

    participant = Participant.objects.get(user__email="ana@example.pt")
    assert (participant.consent_version, participant.consented_at is not None) == (
        "default",
        True,
    )


def test_open_registration_after_a_change_records_the_new_version(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    organiser = factories.make_user("chief@example.com")
    change_privacy_notice(open_edition, by=organiser, text_en="One.", text_fr="Un.")
    change_privacy_notice(open_edition, by=organiser, text_en="Two.", text_fr="Deux.")
    shown = client.get(_register_url(open_edition)).context["form"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _register_url(open_edition),
            _registration_form(consent_version=shown["consent_version"].value()),
        )
    client.post(link_in(mailoutbox[-1]), {"password": NEW_PASSWORD})

    participant = Participant.objects.get(user__email="ana@example.pt")
    assert (shown.notice.text, participant.consent_version) == ("Two.", "2")


def test_open_form_refuses_without_the_privacy_tick(client, open_edition):
    form = _registration_form()
    del form["consent"]

    response = client.post(_register_url(open_edition), form)

    assert response.context["form"].errors == {
        "consent": ["Tick the box to accept the privacy notice."]
    }
    assert list(Participant.objects.filter(edition=open_edition)) == []


def test_open_form_refuses_a_notice_changed_while_filling_it_in(client, open_edition):
    change_privacy_notice(open_edition, by=None, text_en="New.", text_fr="Nouveau.")

    response = client.post(_register_url(open_edition), _registration_form())

    assert response.context["form"].errors == {
        "consent": [
            "The privacy notice changed while you were filling in the form: read it again and "
            "tick the box to accept it."
        ]
    }
    assert (response.context["form"]["consent_version"].value(), Participant.objects.count()) == (
        "1",
        0,
    )


def test_invite_page_offers_the_companies_of_the_edition(edition, organiser_client):
    factories.make_company(edition, name="Fusilab")
    factories.make_company(edition, name="Atelier Brun")
    factories.make_company(factories.make_edition(), name="Elsewhere")

    form = organiser_client.get(_invite_url(edition)).context["form"]

    assert [label for _value, label in form.fields["company"].choices] == [
        "A new company (fill in below)",
        "Atelier Brun",
        "Fusilab",
    ]


def _close(edition):
    edition.name = "Edition 1"
    edition.status = EditionStatus.CLOSED
    edition.save(update_fields=["name", "status"])


def test_a_closed_edition_left_with_open_registration_takes_nobody_through_the_form(
    client, open_edition, mailoutbox
):
    _close(open_edition)

    home = client.get(reverse("core:home")).content.decode()
    responses = [
        client.get(_register_url(open_edition)),
        client.post(_register_url(open_edition), _registration_form()),
    ]

    assert {
        "statuses": [response.status_code for response in responses],
        "register link on the home page": _register_url(open_edition) in home,
        "accounts": User.objects.filter(email="ana@example.pt").count(),
        "mails": len(mailoutbox),
    } == {
        "statuses": [404, 404],
        "register link on the home page": False,
        "accounts": 0,
        "mails": 0,
    }


def test_an_invitation_sent_before_the_edition_closed_cannot_be_accepted_after(
    client, edition, invitation_link
):
    _close(edition)

    page = client.get(invitation_link)
    answer = client.post(invitation_link, _accept_form())

    participant = Participant.objects.get(user__email="jeanne@example.com")
    closed = "Edition 1 is closed: its invitations can no longer be accepted."
    assert {
        "page": (page.status_code, closed in page.content.decode()),
        "answer": (answer.status_code, closed in answer.content.decode()),
        "status": participant.status,
        "can log in": participant.user.has_usable_password(),
    } == {
        "page": (410, True),
        "answer": (410, True),
        "status": ParticipantStatus.INVITED,
        "can log in": False,
    }


def test_an_expired_invitation_of_a_closed_edition_offers_no_new_one(
    client, edition, invitation_link, mailoutbox, django_capture_on_commit_callbacks
):
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    _close(edition)
    mailed = len(mailoutbox)
    page = client.get(invitation_link)

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"{invitation_link}new-link/")

    assert {
        "page": (page.status_code, page.context["can_ask"]),
        "asked": (asked.status_code, asked.context["message"]),
        "mails": len(mailoutbox) - mailed,
    } == {
        "page": (410, False),
        "asked": (410, "Edition 1 is closed: its invitations can no longer be accepted."),
        "mails": 0,
    }


def test_a_registration_sent_before_the_edition_closed_cannot_be_confirmed_after(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    # The form was open when sent; the confirmation link, valid three days, came after the
    # organisers closed the edition: confirming it would register someone in a closed edition.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(open_edition), _registration_form())
    link = link_in(mailoutbox[0])
    _close(open_edition)

    page = client.get(link)
    answer = client.post(link, {"password": NEW_PASSWORD})

    closed = "Edition 1 is closed: its registrations can no longer be confirmed."
    assert {
        "page": (page.status_code, closed in page.content.decode()),
        "answer": (answer.status_code, closed in answer.content.decode()),
        "participants": list(Participant.objects.all()),
        "accounts": list(User.objects.filter(email="ana@example.pt")),
    } == {
        "page": (410, True),
        "answer": (410, True),
        "participants": [],
        "accounts": [],
    }


def test_an_expired_confirmation_link_of_a_closed_edition_sends_no_new_one(
    client, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(open_edition), _registration_form())
    link = link_in(mailoutbox[0])
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    _close(open_edition)

    page = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"{link}new-link/")

    assert {
        "page": (page.status_code, page.context["can_ask"]),
        "asked": (asked.status_code, asked.context["message"]),
        "mails": len(mailoutbox),
    } == {
        "page": (410, False),
        "asked": (410, "Edition 1 is closed: its registrations can no longer be confirmed."),
        "mails": 1,
    }


def test_an_expired_invitation_of_a_closed_edition_says_the_edition_is_closed(
    client, edition, invitation_link
):
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    _close(edition)

    english = client.get(invitation_link).content.decode()
    french = client.get(invitation_link, headers={"accept-language": "fr"}).content.decode()

    assert (
        "Edition 1 is closed: its invitations can no longer be accepted." in english,
        "Edition 1 est clôturée\u00a0: ses invitations ne peuvent plus être acceptées." in french,
    ) == (True, True)
