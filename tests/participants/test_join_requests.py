"""Requests to join a company that takes part already: asked from the open form, answered by
the organisers or the company's validated representatives."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.accounts.enums import MailKind
from paddock.accounts.models import User
from paddock.events.enums import EditionStatus
from paddock.participants import join_requests, registration
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import Company, JoinRequest, Participant, PendingRegistration
from tests import factories
from tests.participants.registration_helpers import link_in, token_in

pytestmark = pytest.mark.integration

PASSWORD = "paddock-tent-1957"


@pytest.fixture
def rival(open_edition):
    """RivalCo A and its validated representative."""
    company = factories.make_company(open_edition, name="RivalCo A")
    factories.make_participant(open_edition, company=company)
    return company


def _page_template(response):
    """The page's template: the notices written meanwhile render theirs too (the outbox
    writes them in the request)."""
    return next(t.name for t in response.templates if "/email/" not in t.name)


def _register(edition, *, company="rivalco a", join_company=False, language="en"):
    return registration.register_openly(
        edition,
        email="ana@example.pt",
        password=PASSWORD,
        first_name="Ana",
        last_name="Costa",
        job_title="Buyer",
        company_fields={"name": company, "country": "PT", "sector": "plastics"},
        role="buyer",
        languages=["pt"],
        language=language,
        join_company=join_company,
        consent_version="default",
    )


@pytest.fixture
def pending(rival, mailoutbox, django_capture_on_commit_callbacks):
    """Ana's confirmed request to join RivalCo A; she reads French."""
    with django_capture_on_commit_callbacks(execute=True):
        _register(rival.edition, join_company=True, language="fr")
    join = registration.verify_email(
        rival.edition, token=token_in(mailoutbox[0]), password=PASSWORD
    )
    mailoutbox.clear()
    return join


def _register_url(edition):
    return reverse("participants-portal:register", args=[edition.slug])


def _form(**overrides):
    return {
        "email": "ana@example.pt",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "first_name": "Ana",
        "last_name": "Costa",
        "company_name": "rivalco  A",
        "company_country": "PT",
        "company_sector": "plastics",
        "role": "buyer",
        "languages": ["pt"],
        "consent": "on",
        "consent_version": "default",
        **overrides,
    }


def test_open_registration_refuses_a_taken_name_in_another_case_and_spacing(rival):
    with pytest.raises(registration.RegistrationError) as raised:
        _register(rival.edition, company=" RIVALCO  a ")

    assert (
        raised.value.code,
        raised.value.field,
        User.objects.filter(email="ana@example.pt").exists(),
        list(Company.objects.values_list("name", flat=True)),
    ) == ("company_exists", "name", False, ["RivalCo A"])


def test_open_form_says_the_company_exists_and_offers_to_join_it(client, rival):
    response = client.post(_register_url(rival.edition), _form())

    form = response.context["form"]
    assert (form.errors, type(form.fields["join_company"].widget).__name__) == (
        {
            "company_name": [
                "RivalCo A already takes part. Tick “Ask to join this company” to ask its "
                "representatives or the organiser to accept you, or give the name of your own "
                "company."
            ]
        },
        "CheckboxInput",
    )


def test_open_form_refuses_to_join_a_company_that_does_not_take_part(client, open_edition):
    response = client.post(
        _register_url(open_edition), _form(company_name="Nobody Ltd", join_company="on")
    )

    assert (response.context["form"].errors, User.objects.count()) == (
        {"join_company": ["No company of that name takes part: untick the box to register it."]},
        0,
    )


def test_asking_to_join_makes_no_request_before_the_address_is_confirmed(
    client, rival, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_register_url(rival.edition), _form(join_company="on"))

    kept = PendingRegistration.objects.get()
    assert (
        response.url,
        (kept.company["name"], kept.email, kept.join_company),
        list(JoinRequest.objects.all()),
        list(User.objects.filter(email="ana@example.pt")),
        [message.to for message in mailoutbox],
    ) == (
        reverse("participants-portal:register-sent", args=[rival.edition.slug]),
        ("rivalco  A", "ana@example.pt", True),
        [],
        [],
        [["ana@example.pt"]],
    )


def test_confirming_the_address_of_a_request_leaves_it_pending_without_rights(
    client, rival, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(rival.edition), _form(join_company="on"))

    response = client.post(link_in(mailoutbox[0]), {"password": PASSWORD})
    profile = client.get(reverse("participants-portal:profile", args=[rival.edition.slug]))

    join = JoinRequest.objects.select_related("user").get()
    assert (
        _page_template(response),
        join.status,
        join.user.is_active,
        profile.status_code,
        Participant.objects.filter(user=join.user).exists(),
    ) == ("participants/public/join_request_sent.html", JoinRequestStatus.PENDING, True, 302, False)


def test_registering_again_while_a_request_is_open_changes_nothing_and_says_to_wait(
    rival, pending, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = _register(rival.edition, company="Moldes Lda")

    pending.refresh_from_db()
    assert (result, Company.objects.count(), pending.status, len(mailoutbox)) == (
        None,
        1,
        JoinRequestStatus.PENDING,
        1,
    )
    assert "vous recevrez leur réponse par e-mail" in " ".join(mailoutbox[0].body.split())


def _portal(client, edition, name, *args):
    return reverse(f"participants-portal:{name}", args=[edition.slug, *args])


def test_representative_accepts_a_request_and_the_person_is_told_in_french(
    client, rival, pending, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(rival.participants.get().user)

    listed = client.get(_portal(client, rival.edition, "join-requests"))
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(_portal(client, rival.edition, "join-request-accept", pending.pk))

    pending.refresh_from_db()
    ana = Participant.objects.get(user__email="ana@example.pt")
    assert (
        list(listed.context["join_requests"]),
        answered.url,
        pending.status,
        (ana.company, ana.status, ana.role, ana.job_title),
        [(message.to, message.subject) for message in mailoutbox],
    ) == (
        [pending],
        _portal(client, rival.edition, "join-requests"),
        JoinRequestStatus.ACCEPTED,
        (rival, ParticipantStatus.REGISTERED, "buyer", "Buyer"),
        [(["ana@example.pt"], "Vous représentez désormais RivalCo A")],
    )


def test_organiser_declines_a_request_and_the_person_is_told(
    organiser_client, rival, pending, mailoutbox, django_capture_on_commit_callbacks
):
    slug = rival.edition.slug
    listed = organiser_client.get(reverse("participants:join-request-list", args=[slug]))
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("participants:join-request-decline", args=[slug, pending.pk]))

    pending.refresh_from_db()
    assert (
        list(listed.context["join_requests"]),
        pending.status,
        Participant.objects.filter(user__email="ana@example.pt").exists(),
        [message.subject for message in mailoutbox],
    ) == (
        [pending],
        JoinRequestStatus.DECLINED,
        False,
        ["Votre demande pour représenter RivalCo A a été refusée"],
    )


def test_join_requests_say_the_day_they_were_asked_in_the_edition_time_zone(
    organiser_client, rival, pending
):
    asked = dt.datetime(2026, 6, 10, 22, 30, tzinfo=dt.UTC)  # 11 June, 00:30 in Paris
    JoinRequest.objects.update(created_at=asked)

    page = organiser_client.get(
        reverse("participants:join-request-list", args=[rival.edition.slug])
    ).content.decode()

    assert re.findall(r'<td data-label="Asked on">([^<]*)</td>', page) == ["11/06/2026"]


def test_an_answered_request_cannot_be_answered_again(organiser_client, rival, pending):
    url = reverse("participants:join-request-accept", args=[rival.edition.slug, pending.pk])
    organiser_client.post(url, follow=True)

    response = organiser_client.post(url, follow=True)

    assert (
        [str(message) for message in response.context["messages"]],
        Participant.objects.filter(user__email="ana@example.pt").count(),
    ) == (["This request to join RivalCo A has been answered already."], 1)


def test_representatives_of_another_company_cannot_see_or_answer_a_request(client, rival, pending):
    stranger = factories.make_participant(rival.edition)
    client.force_login(stranger.user)

    listed = client.get(_portal(client, rival.edition, "join-requests"))
    answered = client.post(_portal(client, rival.edition, "join-request-accept", pending.pk))

    pending.refresh_from_db()
    assert (list(listed.context["join_requests"]), answered.status_code, pending.status) == (
        [],
        404,
        JoinRequestStatus.PENDING,
    )


def test_a_registered_representative_cannot_answer_a_request(client, rival, pending):
    newcomer = factories.make_participant(
        rival.edition, company=rival, status=ParticipantStatus.REGISTERED
    )
    client.force_login(newcomer.user)

    response = client.post(_portal(client, rival.edition, "join-request-accept", pending.pk))

    pending.refresh_from_db()
    assert (response.status_code, pending.status) == (403, JoinRequestStatus.PENDING)


def test_unconfirmed_requests_are_not_listed_for_the_organisers(organiser_client, rival):
    _register(rival.edition, join_company=True)

    response = organiser_client.get(
        reverse("participants:join-request-list", args=[rival.edition.slug])
    )

    assert list(response.context["join_requests"]) == []


@pytest.mark.parametrize("count", [1, 3])
def test_join_request_list_query_count_does_not_grow(
    organiser_client, rival, django_assert_num_queries, count
):
    for _index in range(count):
        join_requests.ask_to_join(
            rival, by=factories.make_user(), job_title="", role="buyer", languages=["fr"]
        )
    JoinRequest.objects.update(status=JoinRequestStatus.PENDING)

    # session, user, roles (memberships, organiser members), edition, requests
    with django_assert_num_queries(6):
        response = organiser_client.get(
            reverse("participants:join-request-list", args=[rival.edition.slug])
        )

    assert len(response.context["join_requests"]) == count


def test_confirmed_request_is_announced_to_the_validated_representatives_in_their_language(
    rival, mailoutbox, django_capture_on_commit_callbacks
):
    representative = rival.participants.get().user
    representative.preferred_language = "fr"
    representative.save()
    factories.make_participant(rival.edition, company=rival, status=ParticipantStatus.REGISTERED)
    with django_capture_on_commit_callbacks(execute=True):
        _register(rival.edition, join_company=True)
    token = token_in(mailoutbox.pop())

    with django_capture_on_commit_callbacks(execute=True):
        registration.verify_email(rival.edition, token=token, password=PASSWORD)

    assert [(message.to, message.subject, link_in(message)) for message in mailoutbox] == [
        (
            [representative.email],
            "Ana Costa demande à représenter RivalCo A",
            reverse("participants-portal:join-requests", args=[rival.edition.slug]),
        )
    ]


def test_confirmed_request_is_announced_to_the_organisers_when_nobody_is_validated(
    organiser_user, open_edition, mailoutbox, django_capture_on_commit_callbacks
):
    company = factories.make_company(open_edition, name="RivalCo A")
    factories.make_participant(open_edition, company=company, status=ParticipantStatus.REGISTERED)
    with django_capture_on_commit_callbacks(execute=True):
        _register(open_edition, join_company=True)
    token = token_in(mailoutbox.pop())

    with django_capture_on_commit_callbacks(execute=True):
        registration.verify_email(open_edition, token=token, password=PASSWORD)

    assert [(message.to, link_in(message)) for message in mailoutbox] == [
        (
            [organiser_user.email],
            reverse("participants:join-request-list", args=[open_edition.slug]),
        )
    ]


def test_registering_again_before_confirming_a_request_sends_a_new_link(
    client, rival, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_register_url(rival.edition), _form(join_company="on"))
        again = client.post(_register_url(rival.edition), _form(join_company="on"))

    confirmed = client.post(link_in(mailoutbox[-1]), {"password": PASSWORD})

    assert (again.url, len(mailoutbox), _page_template(confirmed)) == (
        reverse("participants-portal:register-sent", args=[rival.edition.slug]),
        2,
        "participants/public/join_request_sent.html",
    )


def test_accepted_request_passes_the_privacy_notice_accepted_on_to_the_participant(
    organiser_user, pending
):
    ana = join_requests.accept_join_request(pending, by=organiser_user)

    assert (ana.consent_version, ana.consented_at) == ("default", pending.consented_at)
    assert pending.consented_at is not None


def test_confirmed_request_skips_a_representative_who_unsubscribed_from_such_notices(
    rival, mailoutbox, django_capture_on_commit_callbacks
):
    representative = rival.participants.get().user
    representative.mail_opt_outs = [MailKind.JOIN_REQUESTS]
    representative.save()
    with django_capture_on_commit_callbacks(execute=True):
        _register(rival.edition, join_company=True)
    token = token_in(mailoutbox.pop())

    with django_capture_on_commit_callbacks(execute=True):
        registration.verify_email(rival.edition, token=token, password=PASSWORD)

    assert mailoutbox == []


def test_a_closed_edition_takes_nobody_in_by_a_request_to_join_left_waiting(
    organiser_client, rival, pending, mailoutbox, django_capture_on_commit_callbacks
):
    edition = rival.edition
    edition.name, edition.status = "Edition 1", EditionStatus.CLOSED
    edition.save(update_fields=["name", "status"])
    slug = edition.slug
    listed = organiser_client.get(reverse("participants:join-request-list", args=[slug]))
    accept = reverse("participants:join-request-accept", args=[slug, pending.pk])

    with django_capture_on_commit_callbacks(execute=True):
        answered = organiser_client.post(accept, follow=True)

    pending.refresh_from_db()
    page = listed.content.decode()
    assert {
        "buttons": (accept in page, "join-request-decline" in str(listed.context["decline_url"])),
        "message": [str(m) for m in answered.context["messages"]],
        "request": pending.status,
        "participant": Participant.objects.filter(user__email="ana@example.pt").exists(),
        "mails": len(mailoutbox),
    } == {
        "buttons": (False, True),
        "message": ["Edition 1 is closed: nobody can join a company in it any more."],
        "request": JoinRequestStatus.PENDING,
        "participant": False,
        "mails": 0,
    }


def test_the_list_of_a_closed_edition_says_why_its_requests_can_only_be_declined(
    organiser_client, rival, pending
):
    url = reverse("participants:join-request-list", args=[rival.edition.slug])
    why = (
        "is closed: nobody can join a company in it any more. "
        "The requests left can only be declined."
    )
    open_page = organiser_client.get(url).content.decode()
    rival.edition.status = EditionStatus.CLOSED
    rival.edition.save(update_fields=["status"])

    closed_page = organiser_client.get(url).content.decode()

    assert (why in open_page, why in closed_page) == (False, True)
