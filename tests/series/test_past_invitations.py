"""Inviting the people of an earlier edition of the series: who is listed and ticked, the
filters, who is left out and why, the invitations (all or nothing, each in its language, into
the company linked to the same organisation), and who may see them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.checkin.models import CheckIn
from paddock.events.enums import EditionStatus
from paddock.meetings.enums import Absence, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Organisation, Participant
from paddock.privacy.services import erase_person
from tests import factories
from tests.participants.registration_helpers import decline_link_in, link_in

pytestmark = pytest.mark.integration


@pytest.fixture
def last_year(edition):
    """IBD 2030, the series' edition before the fixture's (IBD 2031)."""
    return factories.make_edition(
        edition.series, name="IBD 2030", slug="ibd-2030", start_date=dt.date(2030, 6, 12)
    )


def _organisation(edition, name):
    return Organisation.objects.create(organiser=edition.series.organiser, name=name)


def _company(edition, name, organisation=None, **fields):
    return factories.make_company(edition, name=name, organisation=organisation, **fields)


def _person(edition, company, email, first, status=ParticipantStatus.VALIDATED, **fields):
    user = factories.make_user(email=email, first_name=first, last_name="Doe")
    return factories.make_participant(edition, user=user, company=company, status=status, **fields)


def _url(edition):
    return reverse("series:invite-past", args=[edition.slug])


def _rows(response):
    return [
        (
            person.name,
            person.company.source.name,
            person.status,
            person.came,
            person.missed,
            ticked,
            person.left_out,
        )
        for person, ticked in response.context["rows"]
    ]


@pytest.fixture
def send(client, organiser_user, django_capture_on_commit_callbacks):
    """Posts the page as the series' organiser, ticking `people`; mails leave on commit."""
    client.force_login(organiser_user)

    def post(edition, source, people):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                _url(edition), {"source": source.pk, "person": [p.pk for p in people]}
            )

    return post


@pytest.fixture
def acme(edition, last_year):
    """Acme, linked to the organisation Acme in both editions (its company of this year named
    differently); Ada validated who came and missed a meeting, Bob registered only."""
    organisation = _organisation(edition, "Acme")
    there = _company(last_year, "Acme", organisation, city="Le Mans")
    here = _company(edition, "Acme Industries", organisation)
    ada = _person(last_year, there, "ada@example.com", "Ada")
    bob = _person(last_year, there, "bob@example.com", "Bob", status=ParticipantStatus.REGISTERED)
    CheckIn.objects.create(edition=last_year, participant=ada)
    Meeting.objects.create(
        edition=last_year,
        first=ada,
        second=bob,
        status=MeetingStatus.NO_SHOW,
        absent=Absence.FIRST,
    )
    return {"there": there, "here": here, "ada": ada, "bob": bob, "organisation": organisation}


def test_page_lists_everyone_invited_the_validated_ticked(client, organiser_user, acme):
    client.force_login(organiser_user)

    response = client.get(_url(acme["here"].edition))

    assert _rows(response) == [
        ("Ada Doe", "Acme", "validated", True, 1, True, ""),
        ("Bob Doe", "Acme", "registered", False, 0, False, ""),
    ]


def test_page_filters_by_what_people_did_there_and_by_company(
    client, organiser_user, edition, last_year, acme
):
    other = _company(last_year, "Soudures Martin")
    _person(last_year, other, "cyd@example.com", "Cyd")
    client.force_login(organiser_user)
    names = {}

    for show, company in [("validated", ""), ("came", ""), ("all", "soudures"), ("all", "INDUS")]:
        response = client.get(
            _url(edition), {"source": last_year.pk, "show": show, "company": company}
        )
        names[(show, company)] = [person.name for person, _ticked in response.context["rows"]]

    assert names == {
        ("validated", ""): ["Ada Doe", "Cyd Doe"],
        ("came", ""): ["Ada Doe"],
        ("all", "soudures"): ["Cyd Doe"],
        # The company as it is in the new edition is searched too.
        ("all", "INDUS"): ["Ada Doe", "Bob Doe"],
    }


def test_sending_invites_each_into_their_company_in_their_language(
    send, edition, last_year, acme, mailoutbox
):
    new_firm = _organisation(edition, "Nova")
    nova = _company(last_year, "Nova Additive", new_firm, country="DE", sector="additive")
    cyd = _person(last_year, nova, "cyd@example.com", "Cyd", role="buyer", languages=["de"])
    cyd.user.preferred_language = "fr"
    cyd.user.save()

    response = send(edition, last_year, [acme["ada"], acme["bob"], cyd])

    invited = Participant.objects.filter(edition=edition).select_related("company", "user")
    new_company = Company.objects.get(edition=edition, name="Nova Additive")
    assert {
        "redirect": response.url,
        "invited": sorted(
            (p.user.email, p.company.name, p.status, p.role, p.languages) for p in invited
        ),
        "new company": (new_company.organisation, new_company.country.code, new_company.sector),
        "mails": sorted((m.to[0], m.extra_headers["Content-Language"]) for m in mailoutbox),
    } == {
        "redirect": reverse("participants:participant-list", args=[edition.slug])
        + "?status=invited",
        "invited": [
            ("ada@example.com", "Acme Industries", "invited", "supplier", ["fr"]),
            ("bob@example.com", "Acme Industries", "invited", "supplier", ["fr"]),
            ("cyd@example.com", "Nova Additive", "invited", "buyer", ["de"]),
        ],
        "new company": (new_firm, "DE", "additive"),
        # Ada and Bob have no language of their own: the new edition's first one (fr).
        "mails": [
            ("ada@example.com", "fr"),
            ("bob@example.com", "fr"),
            ("cyd@example.com", "fr"),
        ],
    }


def test_sending_uses_the_accounts_language(send, edition, last_year, acme, mailoutbox):
    acme["ada"].user.preferred_language = "en"
    acme["ada"].user.save()

    send(edition, last_year, [acme["ada"]])

    assert [(m.to[0], m.extra_headers["Content-Language"]) for m in mailoutbox] == [
        ("ada@example.com", "en")
    ]


def test_the_invitation_recalls_the_earlier_edition_and_its_links_work(
    client, send, edition, last_year, mailoutbox
):
    company = _company(last_year, "Mixte")
    declined = factories.make_participant(
        last_year,
        company=company,
        status=ParticipantStatus.DECLINED,
        invited_first_name="Dora",
        invited_email="dora@example.com",
    )
    Participant.objects.filter(pk=declined.pk).update(user=None)  # a new account is made
    quiet = _person(last_year, company, "quinn@example.com", "Quinn")
    send(edition, last_year, [declined, quiet])
    client.logout()
    mails = {message.to[0]: message for message in mailoutbox}

    accepted = client.post(
        link_in(mails["dora@example.com"]),
        {
            "password": "a long and new passphrase",
            "password_again": "a long and new passphrase",
            "first_name": "Dora",
            "last_name": "Decline",
            "job_title": "",
            "languages": ["fr"],
            "consent": "on",
            "consent_version": "default",
        },
    )
    client.logout()
    declining = client.post(decline_link_in(mails["quinn@example.com"]))

    statuses = dict(
        Participant.objects.filter(edition=edition).values_list("user__email", "status")
    )
    # Quinn's account has no language of its own: the mail is in the new edition's, French.
    assert {
        "recalled": "Vous avez participé à IBD 2030." in mails["quinn@example.com"].body,
        "accepted": accepted.status_code,
        "declining": declining.status_code,
        "statuses": statuses,
    } == {
        "recalled": True,
        "accepted": 302,
        "declining": 200,
        "statuses": {
            "dora@example.com": ParticipantStatus.REGISTERED,
            "quinn@example.com": ParticipantStatus.DECLINED,
        },
    }


def test_a_namesake_not_linked_to_the_same_organisation_is_never_joined(
    client, organiser_user, edition, last_year
):
    there = _company(last_year, "Rivalco", _organisation(edition, "Rivalco SA"))
    _company(edition, "RIVALCO", None)  # registered by the open form, not linked
    person = _person(last_year, there, "rita@example.com", "Rita")
    client.force_login(organiser_user)

    listed = client.get(_url(edition))
    sent = client.post(_url(edition), {"source": last_year.pk, "person": [person.pk]})

    assert {
        "listed": _rows(listed),
        "error": list(sent.context["form"].non_field_errors()),
        "invited": Participant.objects.filter(edition=edition).count(),
    } == {
        "listed": [
            (
                "Rita Doe",
                "Rivalco",
                "validated",
                False,
                0,
                False,
                f"{edition.name} has a company named RIVALCO that your directory does not link "
                "to the same organisation: link them on the participants page first, so that "
                "nobody joins a namesake.",
            )
        ],
        "error": [
            "1 person ticked can no longer be invited, so nobody was: Rita Doe: "
            f"{edition.name} has a company named RIVALCO that your directory does not link "
            "to the same organisation: link them on the participants page first, so that "
            "nobody joins a namesake."
        ],
        "invited": 0,
    }


@pytest.fixture
def left_out(edition, last_year, organiser_user):
    """One person of last year for each reason to leave someone out."""
    company = _company(last_year, "Mixte")
    erased = _person(last_year, company, "eve@example.com", "Eve")
    erase_person(erased.user, by=organiser_user, edition=last_year, origin="request")
    off = _person(last_year, company, "otto@example.com", "Otto")
    off.user.is_active, off.user.last_login = False, timezone.now()
    off.user.save()
    nowhere = _person(last_year, company, "nemo@mail.invalid", "Nemo")
    taking_part = _person(last_year, company, "tess@example.com", "Tess")
    factories.make_participant(edition, user=taking_part.user, status=ParticipantStatus.DECLINED)
    return [erased, off, nowhere, taking_part]


def test_people_who_cannot_be_invited_are_left_out_with_the_reason(
    client, organiser_user, edition, left_out
):
    erased, off, nowhere, taking_part = left_out
    client.force_login(organiser_user)

    response = client.get(_url(edition))

    assert {
        "reasons": {person.pk: person.left_out for person, _ticked in response.context["rows"]},
        "boxes": 'name="person"' in response.content.decode(),
    } == {
        "reasons": {
            erased.pk: "Their personal data was erased.",
            off.pk: "Their account was deactivated.",
            nowhere.pk: "No mail can reach their address.",
            taking_part.pk: f"Already in {edition.name}: Declined.",
        },
        "boxes": False,
    }


def test_an_account_turned_off_before_its_first_use_is_left_out(
    client, organiser_user, edition, last_year
):
    never_used = _person(last_year, _company(last_year, "Mixte"), "otto@example.com", "Otto")
    never_used.user.is_active, never_used.user.turned_off_at = False, timezone.now()
    never_used.user.save()
    client.force_login(organiser_user)

    response = client.get(_url(edition))

    assert {person.pk: person.left_out for person, _ticked in response.context["rows"]} == {
        never_used.pk: "Their account was deactivated."
    }


def test_sending_is_all_or_nothing(send, last_year, acme, left_out, mailoutbox):
    edition = acme["here"].edition
    companies = Company.objects.filter(edition=edition).count()
    nova = _company(last_year, "Nova")  # a company that sending would create
    cyd = _person(last_year, nova, "cyd@example.com", "Cyd")

    response = send(edition, last_year, [acme["ada"], cyd, left_out[1]])

    assert {
        "people": Participant.objects.filter(edition=edition).count(),
        "companies": Company.objects.filter(edition=edition).count(),
        "mails": len(mailoutbox),
        "error": list(response.context["form"].non_field_errors()),
        "still ticked": sorted(person.pk for person, ticked in response.context["rows"] if ticked),
    } == {
        "people": 1,  # Tess's declined participation, there before
        "companies": companies,
        "mails": 0,
        "error": [
            "1 person ticked can no longer be invited, so nobody was: Otto Doe: Their account "
            "was deactivated."
        ],
        "still ticked": sorted([acme["ada"].pk, cyd.pk]),
    }


def test_declined_last_year_and_unsubscribed_people_may_be_invited(
    client, send, edition, last_year, mailoutbox
):
    company = _company(last_year, "Mixte")
    declined = factories.make_participant(
        last_year,
        company=company,
        status=ParticipantStatus.DECLINED,
        invited_first_name="Dora",
        invited_last_name="Decline",
        invited_email="Dora@example.com",
    )
    Participant.objects.filter(pk=declined.pk).update(user=None)  # its unused account went
    quiet = _person(last_year, company, "quiet@example.com", "Quinn")
    quiet.user.mail_opt_outs = ["meeting_requests", "schedule_published", "join_requests"]
    quiet.user.save()

    page = client.get(_url(edition))
    send(edition, last_year, [declined, quiet])

    assert {
        "listed": [(p.name, ticked, p.left_out) for p, ticked in page.context["rows"]],
        "note": "Declined the invitation to IBD 2030: may be invited again."
        in page.content.decode(),
        "mails": sorted(m.to[0] for m in mailoutbox),
    } == {
        "listed": [("Dora Decline", False, ""), ("Quinn Doe", True, "")],
        "note": True,
        "mails": ["dora@example.com", "quiet@example.com"],
    }


def test_another_series_organiser_gets_404_for_its_edition_and_403_for_the_page(
    client, edition, last_year, acme
):
    rival = factories.make_user(email="rival@example.com")
    own = factories.make_edition(factories.make_series(factories.make_organiser(members=[rival])))
    client.force_login(rival)

    swapped = client.get(_url(own), {"source": last_year.pk})
    swapped_post = client.post(_url(own), {"source": last_year.pk, "person": [acme["ada"].pk]})
    other_page = client.get(_url(edition))

    assert {
        "swapped": swapped.status_code,
        "swapped post": swapped_post.status_code,
        "other page": other_page.status_code,
        "invited": Participant.objects.filter(edition=own).count(),
    } == {"swapped": 404, "swapped post": 404, "other page": 403, "invited": 0}


def test_a_later_edition_is_not_offered(client, organiser_user, edition, last_year, acme):
    later = factories.make_edition(edition.series, start_date=dt.date(2032, 6, 12))
    client.force_login(organiser_user)

    response = client.get(_url(edition), {"source": later.pk})

    assert response.status_code == 404


def test_staff_of_the_edition_neither_see_nor_get_the_page(client, staff_user, edition, acme):
    client.force_login(staff_user)

    page = client.get(_url(edition))
    bulk = client.get(reverse("participants:invite-bulk", args=[edition.slug]))

    assert (page.status_code, _url(edition) in bulk.content.decode()) == (403, False)


def test_the_invitation_pages_link_to_it_for_organisers(client, organiser_user, edition):
    client.force_login(organiser_user)

    pages = [
        client.get(reverse(name, args=[edition.slug])).content.decode()
        for name in ("participants:invite", "participants:invite-bulk")
    ]

    assert [_url(edition) in page for page in pages] == [True, True]


def test_a_person_of_another_edition_cannot_be_slipped_in(
    client, organiser_user, edition, last_year, acme
):
    stranger = factories.make_participant(factories.make_edition())
    client.force_login(organiser_user)

    response = client.post(
        _url(edition), {"source": last_year.pk, "person": [acme["ada"].pk, stranger.pk]}
    )

    assert {
        "invited": Participant.objects.filter(edition=edition).count(),
        "shown": stranger.user.email in response.content.decode(),
        "errors": response.context["form"].errors["person"],
    } == {
        "invited": 0,
        "shown": False,
        "errors": [f"Select a valid choice. {stranger.pk} is not one of the available choices."],
    }


def test_a_person_of_another_edition_cannot_be_slipped_in_the_scripts_field(
    client, organiser_user, edition, last_year, acme
):
    stranger = factories.make_participant(factories.make_edition())
    client.force_login(organiser_user)

    response = client.post(
        _url(edition), {"source": last_year.pk, "people": f"{acme['ada'].pk},{stranger.pk}"}
    )

    assert {
        "invited": Participant.objects.filter(edition=edition).count(),
        "shown": stranger.user.email in response.content.decode(),
        "error": "Some of the people ticked are not in this edition: show the list again."
        in response.content.decode(),
    } == {"invited": 0, "shown": False, "error": True}


def test_names_and_companies_are_shown_as_text(client, organiser_user, edition, last_year):
    company = _company(last_year, "<script>alert(1)</script>")
    _person(last_year, company, "x@example.com", "<img src=x onerror=alert(1)>")
    client.force_login(organiser_user)

    body = client.get(_url(edition)).content.decode()

    assert ("<script>alert" in body, "<img src=x" in body, "&lt;img src=x" in body) == (
        False,
        False,
        True,
    )


def test_a_series_without_earlier_edition_says_so(client, organiser_user, edition):
    client.force_login(organiser_user)

    response = client.get(_url(edition))

    assert "This series has no earlier edition." in response.content.decode()


def test_page_in_french(client, organiser_user, edition, acme):
    client.force_login(organiser_user)

    response = client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="fr")

    assert "Inviter des personnes d’une édition précédente" in response.content.decode()


def test_a_wrong_filter_still_lists_the_edition(client, organiser_user, edition, last_year, acme):
    client.force_login(organiser_user)

    response = client.get(_url(edition), {"source": last_year.pk, "show": "nonsense"})

    assert [person.name for person, _ticked in response.context["rows"]] == ["Ada Doe", "Bob Doe"]


def test_sending_twice_names_ten_people_at_most(send, edition, last_year, acme):
    company = acme["there"]
    people = [_person(last_year, company, f"p{n}@example.com", f"P{n:02}") for n in range(12)]
    send(edition, last_year, people)

    again = send(edition, last_year, people)

    assert list(again.context["form"].non_field_errors()) == [
        "12 people ticked can no longer be invited, so nobody was: "
        + "; ".join(f"P{n:02} Doe: Already in {edition.name}: Invited." for n in range(10))
        + " (and 2 more)"
    ]


def test_a_draft_edition_is_said_to_be_one(client, organiser_user, edition, acme):
    client.force_login(organiser_user)
    before = client.get(_url(edition)).content.decode()
    edition.status = "draft"
    edition.save()

    after = client.get(_url(edition)).content.decode()

    assert ('id="draft-warning"' in before, 'id="draft-warning"' in after) == (False, True)


def test_a_closed_edition_invites_nobody(send, client, edition, acme, mailoutbox):
    """A closed edition is over: an organiser on its pages by mistake would have invited
    last year's people to it, hundreds of mails that cannot be taken back."""
    edition.status = EditionStatus.CLOSED
    edition.save()

    page = client.get(_url(edition)).content.decode()
    response = send(edition, acme["there"].edition, [acme["ada"]])

    assert {
        "notice": 'id="closed-notice"' in page,
        "send button": "Send the invitations" in page,
        "error": list(response.context["form"].non_field_errors()),
        "invited": Participant.objects.filter(edition=edition).count(),
        "mails": len(mailoutbox),
    } == {
        "notice": True,
        "send button": False,
        "error": [f"{edition.name} is closed: nobody was invited."],
        "invited": 0,
        "mails": 0,
    }


def test_two_companies_of_one_organisation_go_into_the_one_the_page_names(
    client, send, edition, last_year
):
    """Two companies of the earlier edition that the directory links to one organisation
    (merged since, say) become one company here, and the page names it: it named each
    person's own company as "new", while sending made one copy, named after the first
    ticked."""
    merged = _organisation(edition, "Acme Group")
    north = _company(last_year, "Acme North", merged)
    south = _company(last_year, "Acme South", merged)
    nora = _person(last_year, north, "nora@example.com", "Nora")
    sam = _person(last_year, south, "sam@example.com", "Sam")
    page = client.get(_url(edition))  # logged in by `send`
    named = {person.name: person.company.name for person, _ticked in page.context["rows"]}
    send(edition, last_year, [nora, sam])

    joined = Participant.objects.filter(edition=edition).values_list(
        "invited_first_name", "company__name", "company__organisation"
    )
    assert {
        "named": named,
        "cell": "Acme North <span" in page.context["rows_html"].split(f'id="past-{sam.pk}"')[1],
        "joined": sorted(joined),
    } == {
        "named": {"Nora Doe": "Acme North", "Sam Doe": "Acme North"},
        "cell": True,
        "joined": [("Nora", "Acme North", merged.pk), ("Sam", "Acme North", merged.pk)],
    }
