import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from paddock.events.enums import EditionRole
from paddock.meetings.services import request_meeting
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from tests import factories
from tests.compilations import compiled_models
from tests.participants.registration_helpers import add_form_data as _add_data

pytestmark = pytest.mark.integration


def _list_url(edition):
    return reverse("participants:participant-list", args=[edition.slug])


def _row_ids(response):
    return [int(pk) for pk in re.findall(r'<tr id="participant-(\d+)"', response.content.decode())]


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("organiser_user", 200),
        ("staff_user", 200),
        ("checkin_user", 403),
        ("participant_user", 403),
    ],
)
def test_participant_list_answers_each_role(client, edition, request, user_fixture, expected):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(_list_url(edition))

    assert response.status_code == expected


def test_participant_list_sends_anonymous_visitors_to_login(client, edition):
    url = _list_url(edition)

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('accounts:login')}?next={url}")


def test_participant_list_of_another_edition_is_refused(client, edition, participant_user):
    other = factories.make_edition()
    organiser_of_a = factories.make_user()
    edition.series.organiser.members.add(organiser_of_a)
    factories.give_role(factories.make_user(), other, EditionRole.STAFF)

    statuses = []
    for user in (participant_user, organiser_of_a):
        client.force_login(user)
        statuses.append(client.get(_list_url(other)).status_code)

    assert statuses == [403, 403]


def test_participant_list_shows_the_columns(organiser_client, edition):
    company = factories.make_company(edition, name="Soudure Sarthoise", country="DE")
    user = factories.make_user(email="ada@example.com", first_name="Ada", last_name="Martin")
    factories.make_participant(
        edition, user=user, company=company, role="buyer", languages=["fr", "de"]
    )

    content = organiser_client.get(_list_url(edition)).content.decode()

    cells = re.findall(r"<td[^>]*>([^<]*)</td>", content)
    assert cells == [
        "",
        "ada@example.com",
        "Soudure Sarthoise",
        "Germany",
        "Buyer",
        "French, German",
    ]


def test_participant_list_filters_and_counts_per_status(organiser_client, edition):
    invited = factories.make_participant(edition, status=ParticipantStatus.INVITED)
    registered = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    validated = factories.make_participant(edition, status=ParticipantStatus.VALIDATED)

    everyone = organiser_client.get(_list_url(edition))
    waiting = organiser_client.get(_list_url(edition), {"status": "registered"})

    tabs = [tab["count"] for tab in waiting.context["status_tabs"]]
    assert (sorted(_row_ids(everyone)), _row_ids(waiting), tabs) == (
        sorted([invited.pk, registered.pk, validated.pk]),
        [registered.pk],
        [3, 1, 1, 1, 0, 0],
    )


def test_participant_list_filters_by_role_country_and_text(organiser_client, edition):
    german = factories.make_company(edition, name="Reifen Werk", country="DE")
    buyer = factories.make_participant(edition, company=german, role="buyer")
    factories.make_participant(edition, company=german, role="supplier")
    factories.make_participant(edition, role="buyer", user=factories.make_user(last_name="Reifen"))

    by_country = organiser_client.get(_list_url(edition), {"country": "DE", "role": "buyer"})
    by_text = organiser_client.get(_list_url(edition), {"q": "werk"})

    assert (_row_ids(by_country), len(_row_ids(by_text))) == ([buyer.pk], 2)


def test_participant_list_ignores_a_wrong_filter_value(organiser_client, edition, participant):
    response = organiser_client.get(_list_url(edition), {"status": "bogus", "q": "buyer@"})

    assert _row_ids(response) == [participant.pk]


def test_participant_list_pages_by_fifty(organiser_client, edition):
    company = factories.make_company(edition)
    for _ in range(51):
        factories.make_participant(edition, company=company)

    first = organiser_client.get(_list_url(edition))
    second = organiser_client.get(_list_url(edition), {"page": 2})

    assert (len(_row_ids(first)), len(_row_ids(second))) == (50, 1)


def _next_link(response):
    found = re.search(
        r'<a class="button secondary" href="([^"]*)">Next</a>', response.content.decode()
    )
    return found[1].replace("&amp;", "&") if found else None


def test_participant_list_next_page_keeps_the_filters(organiser_client, edition):
    company = factories.make_company(edition, country="DE")
    buyers = [factories.make_participant(edition, company=company, role="buyer") for _ in range(51)]
    factories.make_participant(edition, company=company, role="supplier")
    first = organiser_client.get(_list_url(edition), {"role": "buyer", "country": "DE"})

    second = organiser_client.get(_list_url(edition) + _next_link(first))

    assert (
        _next_link(first),
        len(_row_ids(second)),
        sorted(_row_ids(first) + _row_ids(second)),
    ) == (
        "?role=buyer&country=DE&page=2",
        1,
        sorted(buyer.pk for buyer in buyers),
    )


@pytest.mark.parametrize(("page", "last"), [("99", True), ("0", True), ("abc", False)])
def test_participant_list_page_out_of_range_shows_a_page_of_the_list(
    organiser_client, edition, page, last
):
    company = factories.make_company(edition)
    for _ in range(51):
        factories.make_participant(edition, company=company)

    response = organiser_client.get(_list_url(edition), {"page": page})

    assert (response.status_code, len(_row_ids(response))) == (200, 1 if last else 50)


@pytest.mark.parametrize("count", [1, 3])
def test_participant_list_query_count_does_not_grow(
    organiser_client, edition, django_assert_num_queries, count
):
    for index in range(count):
        company = factories.make_company(edition, country=["FR", "DE", "IT"][index])
        factories.make_participant(edition, company=company)

    # session, user, roles (memberships, organiser members), edition,
    # countries, status counts (which count the page's rows too), page rows, join requests,
    # taxonomy link (organiser membership), returning organisations (the directory, empty
    # here: the unlinked companies are read only when it has names)
    with django_assert_num_queries(11):
        response = organiser_client.get(_list_url(edition))

    assert len(_row_ids(response)) == count


@pytest.mark.parametrize("query", ["", "?status=registered", "?status=registered&page=2"])
def test_participant_list_unfiltered_compiles_no_query_again(organiser_client, edition, query):
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    organiser_client.get(_list_url(edition) + query)

    # The status counts, the page of participants, the join requests waiting, the directory
    # and whether the organiser may edit the taxonomy are read by queries compiled once, for
    # the list as it opens and for each status tab (issue 16).
    with compiled_models() as models_compiled:
        response = organiser_client.get(_list_url(edition) + query)

    assert (models_compiled, response.context["counts"]) == (
        [],
        {"all": 1, "invited": 0, "registered": 1, "validated": 0, "declined": 0, "withdrawn": 0},
    )


def test_validate_with_htmx_returns_the_new_row(staff_client, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    url = reverse("participants:participant-validate", args=[edition.slug, participant.pk])

    response = staff_client.post(url, HTTP_HX_REQUEST="true")

    participant.refresh_from_db()
    content = response.content.decode()
    assert (
        participant.status,
        response.templates[0].name,
        content.strip().startswith(f'<tr id="participant-{participant.pk}">'),
        "Withdraw validation" in content,
    ) == ("validated", "participants/orga/_row_update.html", True, True)


def test_validate_with_htmx_shows_the_refusal_in_the_row(staff_client, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.INVITED)
    url = reverse("participants:participant-validate", args=[edition.slug, participant.pk])

    response = staff_client.post(url, HTTP_HX_REQUEST="true")

    alert = re.search(r'<p class="errorlist" role="alert">([^<]*)</p>', response.content.decode())
    assert alert.group(1) == (
        f"{participant.user} has not registered yet: only registered participants can be validated."
    )


def test_refused_withdrawal_of_validation_leaves_the_row_validated(staff_client, edition):
    """The service sets the new status before it finds the person's meeting requests and
    refuses: the row sent back must show the status the database kept, not "Registered"
    with a "Validate" button."""
    busy = factories.make_participant(edition, status=ParticipantStatus.VALIDATED)
    other = factories.make_participant(edition, status=ParticipantStatus.VALIDATED)
    request_meeting(busy, recipient=other, by=busy.user)
    url = reverse("participants:participant-withdraw", args=[edition.slug, busy.pk])

    response = staff_client.post(url, HTTP_HX_REQUEST="true")

    busy.refresh_from_db()
    content = response.content.decode()
    assert (
        busy.status,
        '<span class="badge validated">Validated</span>' in content,
        ">Withdraw validation</button>" in content,
        ">Validate</button>" in content,
        "which would stay as they are" in content,
    ) == (ParticipantStatus.VALIDATED, True, True, False, True)


def test_validate_without_htmx_redirects_with_a_message(staff_client, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    url = reverse("participants:participant-validate", args=[edition.slug, participant.pk])
    back = _list_url(edition) + "?status=registered"

    response = staff_client.post(url, {"next": back}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert (response.redirect_chain, messages) == (
        [(back, 302)],
        [f"{participant.user} is validated."],
    )


def test_validate_ignores_a_next_url_outside_the_site(staff_client, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    url = reverse("participants:participant-validate", args=[edition.slug, participant.pk])

    response = staff_client.post(url, {"next": "https://evil.example/"})

    assert response.url == _list_url(edition)


def test_validate_a_participant_of_another_edition_is_not_found(staff_client, edition):
    foreign = factories.make_participant(
        factories.make_edition(), status=ParticipantStatus.REGISTERED
    )
    url = reverse("participants:participant-validate", args=[edition.slug, foreign.pk])

    response = staff_client.post(url)

    foreign.refresh_from_db()
    assert (response.status_code, foreign.status) == (404, "registered")


def test_withdraw_validation_puts_the_participant_back(organiser_client, edition, participant):
    url = reverse("participants:participant-withdraw", args=[edition.slug, participant.pk])

    organiser_client.post(url)

    participant.refresh_from_db()
    assert participant.status == "registered"


def test_bulk_validate_validates_the_registered_and_reports_the_rest(organiser_client, edition):
    registered = [
        factories.make_participant(edition, status=ParticipantStatus.REGISTERED) for _ in range(2)
    ]
    invited = factories.make_participant(edition, status=ParticipantStatus.INVITED)
    url = reverse("participants:participant-bulk-validate", args=[edition.slug])

    response = organiser_client.post(
        url, {"participants": [p.pk for p in [*registered, invited]]}, follow=True
    )

    messages = [str(message) for message in response.context["messages"]]
    statuses = sorted(Participant.objects.values_list("status", flat=True))
    assert (messages, statuses) == (
        [
            "2 participants validated.",
            "1 selected participant was skipped: only registered participants can be validated.",
            "2 emails queued for sending: the Emails page shows which left.",
        ],
        ["invited", "validated", "validated"],
    )


def test_bulk_validate_without_selection_says_so(organiser_client, edition):
    url = reverse("participants:participant-bulk-validate", args=[edition.slug])

    response = organiser_client.post(url, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Select at least one participant to validate."]


def test_bulk_validate_with_an_id_past_64_bits_says_so(organiser_client, edition):
    registered = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    url = reverse("participants:participant-bulk-validate", args=[edition.slug])

    response = organiser_client.post(
        url, {"participants": [registered.pk, "99999999999999999999"]}, follow=True
    )

    messages = [str(message) for message in response.context["messages"]]
    registered.refresh_from_db()
    assert (messages, registered.status) == (
        ["“99999999999999999999” is not a valid value."],
        ParticipantStatus.REGISTERED,
    )


def test_add_participant_with_a_new_company(organiser_client, edition):
    url = reverse("participants:participant-add", args=[edition.slug])

    response = organiser_client.post(url, _add_data())

    participant = Participant.objects.get()
    assert (
        response.url,
        participant.user.email,
        participant.company.name,
        participant.company.edition,
        participant.languages,
    ) == (
        reverse("participants:participant-detail", args=[edition.slug, participant.pk]),
        "ada@example.com",
        "Soudure Sarthoise",
        edition,
        ["fr", "en"],
    )


def test_add_participant_to_an_existing_company(staff_client, edition):
    company = factories.make_company(edition)
    url = reverse("participants:participant-add", args=[edition.slug])

    staff_client.post(url, _add_data(company=company.pk, new_company_name=""))

    assert list(Participant.objects.values_list("company", flat=True)) == [company.pk]


def test_add_participant_shows_the_duplicate_next_to_the_email(organiser_client, edition):
    factories.make_participant(edition, user=factories.make_user(email="ada@example.com"))
    url = reverse("participants:participant-add", args=[edition.slug])

    response = organiser_client.post(url, _add_data(email="Ada@Example.com"))

    form = response.context["form"]
    assert (form.errors, Company.objects.filter(name="Soudure Sarthoise").exists()) == (
        {"email": ["Ada@Example.com already takes part in this edition."]},
        False,
    )


def test_add_participant_asks_for_the_new_company_fields(organiser_client, edition):
    url = reverse("participants:participant-add", args=[edition.slug])
    data = _add_data(new_company_name="", new_company_country="", new_company_sector="")

    response = organiser_client.post(url, data)

    assert response.context["form"].errors == {
        name: ["Required for a new company."]
        for name in ["new_company_name", "new_company_country", "new_company_sector"]
    }


def test_add_participant_puts_a_taken_company_name_next_to_its_field(organiser_client, edition):
    factories.make_company(edition, name="Soudure Sarthoise")
    url = reverse("participants:participant-add", args=[edition.slug])

    response = organiser_client.post(url, _add_data(new_company_name="SOUDURE SARTHOISE"))

    assert response.context["form"].errors == {
        "new_company_name": ["A company named SOUDURE SARTHOISE already takes part."]
    }


def test_add_participant_offers_only_this_editions_companies(organiser_client, edition):
    mine = factories.make_company(edition)
    factories.make_company(factories.make_edition())
    url = reverse("participants:participant-add", args=[edition.slug])

    response = organiser_client.get(url)

    assert list(response.context["form"].fields["company"].queryset) == [mine]


def test_participant_detail_shows_company_capabilities_and_representatives(
    organiser_client, edition, django_assert_max_num_queries
):
    from paddock.participants import services

    company = factories.make_company(
        edition, name="Fabrication 3D", city="Le Mans", website="https://f3d.example"
    )
    ada = factories.make_participant(edition, company=company, job_title="President")
    colleague = factories.make_participant(edition, company=company)
    services.set_capabilities(
        company,
        by=None,
        offers=[("laser-powder-bed-fusion", "Titanium")],
        needs=[(None, "Powder supplier")],
    )
    url = reverse("participants:participant-detail", args=[edition.slug, ada.pk])

    with django_assert_max_num_queries(12):
        response = organiser_client.get(url)

    content = response.content.decode()
    assert (
        "<strong>Laser powder-bed fusion</strong>: Titanium" in content,
        "Powder supplier" in content,
        "Le Mans" in content,
        reverse("participants:participant-detail", args=[edition.slug, colleague.pk]) in content,
    ) == (True, True, True, True)


def test_participant_detail_shows_labels_in_french(organiser_client, edition):
    from paddock.participants import services

    participant = factories.make_participant(edition)
    services.set_capabilities(participant.company, by=None, offers=[("cnc-milling", "")], needs=[])
    url = reverse("participants:participant-detail", args=[edition.slug, participant.pk])

    content = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<strong>Fraisage CN</strong>" in content


def test_participant_detail_of_another_edition_is_not_found(organiser_client, edition):
    foreign = factories.make_participant(factories.make_edition())
    url = reverse("participants:participant-detail", args=[edition.slug, foreign.pk])

    response = organiser_client.get(url)

    assert response.status_code == 404


def test_validate_with_htmx_refreshes_the_status_counts_of_the_page(staff_client, edition):
    participant = factories.make_participant(
        edition, status=ParticipantStatus.REGISTERED, role="buyer"
    )
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED, role="supplier")
    url = reverse("participants:participant-validate", args=[edition.slug, participant.pk])
    page = f"http://testserver{_list_url(edition)}?role=buyer&status=registered"

    response = staff_client.post(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)

    content = response.content.decode()
    tabs = [(tab["value"], tab["count"]) for tab in response.context["status_tabs"]]
    assert (
        tabs,
        '<nav class="actions" id="status-tabs" aria-label="Status" hx-swap-oob="true">' in content,
        'href="?role=buyer&amp;status=validated"' in content,
        f'name="next" value="{_list_url(edition)}?role=buyer&amp;status=registered"' in content,
    ) == (
        [
            ("", 1),
            ("invited", 0),
            ("registered", 0),
            ("validated", 1),
            ("declined", 0),
            ("withdrawn", 0),
        ],
        True,
        True,
        True,
    )


def _consent_row(response):
    row = re.search(r'<tr id="consent">(.*?)</tr>', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(1)).split())


def test_participant_page_shows_the_privacy_notice_accepted(organiser_client, edition):
    ada = factories.make_participant(
        edition,
        consent_version="2",
        consented_at=dt.datetime(2031, 5, 2, 8, 30, tzinfo=dt.UTC),
    )
    bob = factories.make_participant(edition)

    pages = [
        organiser_client.get(
            reverse("participants:participant-detail", args=[edition.slug, person.pk])
        )
        for person in (ada, bob)
    ]

    assert [_consent_row(page) for page in pages] == [
        "Privacy notice Version 2, accepted on 2 May 2031, 10:30",
        "Privacy notice —",
    ]


def test_participant_page_shows_the_validation_time_in_the_editions_time_zone(
    organiser_client, edition, organiser_user
):
    ada = factories.make_participant(
        edition,
        validated_at=dt.datetime(2031, 5, 2, 8, 30, tzinfo=dt.UTC),
        validated_by=organiser_user,
    )

    page = organiser_client.get(
        reverse("participants:participant-detail", args=[edition.slug, ada.pk])
    ).content.decode()

    assert f"Validated on 2 May 2031, 10:30 by {organiser_user}" in " ".join(page.split())


def _status_tabs(content):
    return re.search(r'<nav class="actions" id="status-tabs".*?</nav>\n', content, re.S).group(0)


def test_participant_list_status_tabs_keep_the_filters_and_drop_the_page(organiser_client, edition):
    factories.make_participant(edition, status=ParticipantStatus.REGISTERED, role="buyer")
    factories.make_participant(edition, status=ParticipantStatus.VALIDATED, role="buyer")

    response = organiser_client.get(_list_url(edition) + "?q=a+%C3%A9&status=validated&page=2")
    bare = organiser_client.get(_list_url(edition))

    assert (_status_tabs(response.content.decode()), _status_tabs(bare.content.decode())) == (
        '<nav class="actions" id="status-tabs" aria-label="Status">\n  '
        '\n    <a class="badge " href="?q=a+%C3%A9">All (0)</a>\n  '
        '\n    <a class="badge invited" href="?q=a+%C3%A9&amp;status=invited">Invited (0)</a>\n  '
        '\n    <a class="badge registered" href="?q=a+%C3%A9&amp;status=registered">'
        "Registered (0)</a>\n  "
        '\n    <a class="badge validated" href="?q=a+%C3%A9&amp;status=validated"'
        ' aria-current="page"><strong>Validated (0)</strong></a>\n  '
        '\n    <a class="badge declined" href="?q=a+%C3%A9&amp;status=declined">'
        "Declined (0)</a>\n  "
        '\n    <a class="badge withdrawn" href="?q=a+%C3%A9&amp;status=withdrawn">'
        "Withdrawn (0)</a>\n  "
        "\n</nav>\n",
        '<nav class="actions" id="status-tabs" aria-label="Status">\n  '
        '\n    <a class="badge " href="" aria-current="page"><strong>All (2)</strong></a>\n  '
        '\n    <a class="badge invited" href="?status=invited">Invited (0)</a>\n  '
        '\n    <a class="badge registered" href="?status=registered">Registered (1)</a>\n  '
        '\n    <a class="badge validated" href="?status=validated">Validated (1)</a>\n  '
        '\n    <a class="badge declined" href="?status=declined">Declined (0)</a>\n  '
        '\n    <a class="badge withdrawn" href="?status=withdrawn">Withdrawn (0)</a>\n  '
        "\n</nav>\n",
    )


def test_participant_list_status_tabs_are_in_french_for_a_french_organiser(
    organiser_client, edition
):
    factories.make_participant(edition, status=ParticipantStatus.INVITED)

    response = organiser_client.get(_list_url(edition) + "?page=3", HTTP_ACCEPT_LANGUAGE="fr")

    assert _status_tabs(response.content.decode()) == (
        '<nav class="actions" id="status-tabs" aria-label="Statut">\n  '
        '\n    <a class="badge " href="?" aria-current="page"><strong>Tous (1)</strong></a>\n  '
        '\n    <a class="badge invited" href="?status=invited">Invité (1)</a>\n  '
        '\n    <a class="badge registered" href="?status=registered">Inscrit (0)</a>\n  '
        '\n    <a class="badge validated" href="?status=validated">Validé (0)</a>\n  '
        '\n    <a class="badge declined" href="?status=declined">Décliné (0)</a>\n  '
        '\n    <a class="badge withdrawn" href="?status=withdrawn">Désisté (0)</a>\n  '
        "\n</nav>\n"
    )


def test_participant_list_count_and_pages_are_of_the_selected_status(organiser_client, edition):
    for _ in range(52):
        factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    factories.make_participant(edition, status=ParticipantStatus.VALIDATED)

    response = organiser_client.get(_list_url(edition) + "?status=registered&page=99")

    content = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert (
        re.findall(r"\d+ participants? match(?:es)?", content),
        re.findall(r"Page \d+ of \d+", content),
        len(_row_ids(response)),
    ) == (["52 participants match"], ["Page 2 of 2"], 2)


def test_participant_list_page_links_keep_the_query_in_french(organiser_client, edition):
    for _ in range(101):
        factories.make_participant(edition, status=ParticipantStatus.VALIDATED)

    response = organiser_client.get(
        _list_url(edition) + "?page=2&status=validated&q=", HTTP_ACCEPT_LANGUAGE="fr"
    )

    content = response.content.decode()
    nav = re.search(r'<nav class="actions" aria-label="Pages">.*?</nav>', content, re.S).group(0)
    assert (nav, re.findall(r'<span class="muted">[^<]*</span>', content)) == (
        '<nav class="actions" aria-label="Pages">\n'
        '  <a class="button secondary" href="?page=1&amp;status=validated&amp;q=">'
        "Précédente</a>\n"
        "  <span>Page 2 sur 3</span>\n"
        '  <a class="button secondary" href="?page=3&amp;status=validated&amp;q=">Suivante</a>\n'
        "</nav>",
        ['<span class="muted">101 participants correspondent</span>'],
    )


def test_participant_list_search_field_shows_the_search_escaped(organiser_client, edition):
    response = organiser_client.get(_list_url(edition), {"q": 'a"<b>&'})

    assert re.findall(r'<input type="search"[^>]*>', response.content.decode()) == [
        '<input type="search" name="q" value="a&quot;&lt;b&gt;&amp;"'
        ' placeholder="Name, email or company" id="id_q">'
    ]


def test_participant_list_forms_carry_one_token_the_csrf_check_accepts(organiser_user, edition):
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser_user)
    page = client.get(_list_url(edition)).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))

    validate = reverse("participants:participant-validate", args=[edition.slug, participant.pk])
    response = client.post(validate, {"csrfmiddlewaretoken": min(tokens)})

    participant.refresh_from_db()
    assert (len(tokens), response.status_code, participant.status) == (
        1,
        302,
        ParticipantStatus.VALIDATED,
    )
