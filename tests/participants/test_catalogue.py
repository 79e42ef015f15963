"""The catalogue, the company pages and attachment downloads, as participants see them."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from paddock.events.enums import EditionRole
from paddock.participants import profile
from paddock.participants.enums import ParticipantRole, ParticipantStatus, Sector
from paddock.participants.models import Category, Company, Need
from paddock.participants.portal_forms import CatalogueFilterForm
from paddock.participants.queries import catalogue_companies
from paddock.participants.services import set_capabilities
from paddock.participants.views.catalogue import more_filters
from tests import factories
from tests.compilations import compiled_models
from tests.participants import sample_files

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def listed(edition, name, *, offers=(), needs=(), status=ParticipantStatus.VALIDATED, **fields):
    """A company with one representative, its offers and needs set through the service."""
    company_fields = {key: fields.pop(key) for key in ("country", "sector") if key in fields}
    company = factories.make_company(edition, name=name, **company_fields)
    person = factories.make_participant(edition, company=company, status=status, **fields)
    set_capabilities(company, by=None, offers=list(offers), needs=list(needs))
    return person


def catalogue(client, edition, **query):
    response = client.get(reverse("participants-portal:catalogue", args=[edition.slug]), query)
    assert response.status_code == 200
    return [company.name for company in response.context["page"].object_list]


@pytest.fixture
def viewer(client, participant):
    client.force_login(participant.user)
    return participant


@pytest.fixture
def firms(edition):
    """Three firms of the 2021 kind, and one that waits for validation."""
    return {
        "print": listed(
            edition,
            "Additive Sarthe",
            offers=[("laser-powder-bed-fusion", "Pièces en titane, prototypes")],
            languages=["fr", "en"],
        ),
        "weld": listed(
            edition,
            "Soudex",
            needs=[("tig-welding", "")],
            offers=[(None, "Électroérosion à fil")],
            role=ParticipantRole.BUYER,
            country="BE",
            sector=Sector.METALWORK,
        ),
        "both": listed(edition, "Mixte", role=ParticipantRole.BOTH, languages=["de"]),
        "waiting": listed(
            edition, "Pending Ltd", offers=[(None, "titane")], status=ParticipantStatus.REGISTERED
        ),
    }


@pytest.mark.usefixtures("firms")
def test_catalogue_lists_only_validated_participants_companies(client, edition, viewer):
    names = catalogue(client, edition)

    assert names == ["Additive Sarthe", viewer.company.name, "Mixte", "Soudex"]


@pytest.mark.usefixtures("firms", "viewer")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("titane", ["Additive Sarthe"]),  # French word in an offer's text
        ("TITANE prototypes", ["Additive Sarthe"]),
        ("electroerosion", ["Soudex"]),  # accents folded
        ("soudage", ["Soudex"]),  # French label of a need's category
        ("welding", ["Soudex"]),  # English label of the same category
        ("powder bed", ["Additive Sarthe"]),
        ("nothing-like-this", []),
    ],
)
def test_catalogue_search_in_french_and_english(client, edition, query, expected):
    assert catalogue(client, edition, q=query) == expected


@pytest.fixture
def metalworkers(edition):
    """Copper named by an item of the taxonomy, in French and in English free text."""
    metals = Category.objects.get(code="metals")
    Category.objects.create(
        code="copper",
        kind=metals.kind,
        parent=metals,
        label_en="Copper alloys",
        label_fr="Alliages de cuivre",
    )
    listed(edition, "Alliages SA", offers=[("copper", "")])
    listed(edition, "Copper Works", offers=[(None, "Copper busbars")])
    listed(edition, "Cuivrerie", needs=[(None, "Tubes en cuivre")])
    listed(edition, "Inox SA", offers=[("stainless-steel", "")])
    listed(edition, "Plastiques", offers=[(None, "Injection plastique")])


@pytest.mark.usefixtures("metalworkers", "viewer")
def test_catalogue_search_finds_the_same_companies_in_either_language(client, edition):
    found = {query: catalogue(client, edition, q=query) for query in ("cuivre", "copper")}

    assert found == {
        "cuivre": ["Alliages SA", "Copper Works", "Cuivrerie"],
        "copper": ["Alliages SA", "Copper Works", "Cuivrerie"],
    }


@pytest.mark.usefixtures("metalworkers", "viewer")
def test_catalogue_search_for_a_category_finds_its_sub_items(client, edition):
    found = {query: catalogue(client, edition, q=query) for query in ("métaux", "metals")}

    assert found == {
        "métaux": ["Alliages SA", "Inox SA"],
        "metals": ["Alliages SA", "Inox SA"],
    }


@pytest.mark.usefixtures("firms", "viewer")
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "BE"}, ["Soudex"]),
        ({"sector": "metalwork"}, ["Soudex"]),
        ({"role": "buyer"}, ["Mixte", "Soudex"]),
        ({"language": "de"}, ["Mixte"]),
        ({"language": "en", "q": "titane"}, ["Additive Sarthe"]),
        ({"country": "not-a-country"}, None),  # ignored: everything listed
    ],
)
def test_catalogue_filters(client, edition, filters, expected):
    names = catalogue(client, edition, **filters)

    assert names == (expected or catalogue(client, edition))


@pytest.mark.usefixtures("firms", "viewer")
def test_catalogue_capability_filter_includes_sub_items(client, edition):
    welding = Category.objects.get(code="welding")

    assert catalogue(client, edition, capability=welding.pk) == ["Soudex"]


def test_catalogue_pages_by_twenty(client, edition, viewer):
    for number in range(24):
        listed(edition, f"Firm {number:02d}")

    first, second = catalogue(client, edition), catalogue(client, edition, page=2)

    assert (len(first), len(second), first[0], second[-1]) == (
        20,
        5,
        viewer.company.name,
        "Firm 23",
    )


def test_catalogue_next_page_keeps_the_search_and_filters(client, edition, viewer):
    for number in range(22):
        listed(edition, f"Firm {number:02d}", country="DE")
    listed(edition, "Firm FR", country="FR")
    url = reverse("participants-portal:catalogue", args=[edition.slug])
    first = client.get(url, {"q": "firm", "country": "DE"}).content.decode()
    link = re.search(r'<a class="button secondary" href="([^"]*)">Next</a>', first)[1]

    second = client.get(url + link.replace("&amp;", "&"))

    assert (link, [company.name for company in second.context["page"].object_list]) == (
        "?q=firm&amp;country=DE&amp;page=2",
        ["Firm 20", "Firm 21"],
    )


@pytest.mark.parametrize(("page", "expected"), [("9", 2), ("x", 1), ("-1", 2)])
def test_catalogue_page_out_of_range_shows_a_page_of_the_list(
    client, edition, viewer, page, expected
):
    for number in range(24):
        listed(edition, f"Firm {number:02d}")

    response = client.get(
        reverse("participants-portal:catalogue", args=[edition.slug]), {"page": page}
    )

    assert (response.status_code, response.context["page"].number) == (200, expected)


def test_catalogue_asks_anonymous_visitors_to_log_in(client, edition):
    response = client.get(reverse("participants-portal:catalogue", args=[edition.slug]))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("accounts:login"))


def test_catalogue_shows_the_waiting_page_before_validation(client, edition):
    person = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(person.user)

    response = client.get(reverse("participants-portal:catalogue", args=[edition.slug]))

    assert (response.status_code, response.templates[0].name) == (
        403,
        "participants/portal/waiting.html",
    )


def test_catalogue_is_not_found_for_another_editions_participant(client, edition):
    stranger = factories.make_participant(factories.make_edition())
    client.force_login(stranger.user)

    response = client.get(reverse("participants-portal:catalogue", args=[edition.slug]))

    assert response.status_code == 404


@pytest.mark.usefixtures("firms")
def test_catalogue_is_open_to_the_organisers_team(client, edition, staff_user):
    client.force_login(staff_user)

    assert catalogue(client, edition, q="titane") == ["Additive Sarthe"]


def company_page(client, edition, company):
    url = reverse("participants-portal:company-detail", args=[edition.slug, company.pk])
    return client.get(url)


@pytest.mark.usefixtures("viewer")
def test_company_page_shows_only_what_people_chose_to_show(client, edition):
    hidden = listed(
        edition, "Quiet", job_title="Secret buyer", phone="+33 1 11", show_job_title=False
    )
    shown = factories.make_participant(
        edition, company=hidden.company, phone="+33 2 22", show_email=True, show_phone=True
    )

    html = company_page(client, edition, hidden.company).content.decode()

    assert [hidden.user.email in html, "Secret buyer" in html, "+33 1 11" in html] == [False] * 3
    assert [shown.user.email in html, "+33 2 22" in html, hidden.user.last_name in html] == [
        True
    ] * 3


@pytest.mark.usefixtures("viewer")
def test_company_page_offers_a_meeting_request_to_each_representative(client, edition, firms):
    response = company_page(client, edition, firms["print"].company)

    url = reverse("meetings-portal:request-create", args=[edition.slug, firms["print"].pk])
    assert url in response.content.decode()


@pytest.mark.usefixtures("viewer")
def test_company_page_is_not_found_for_unlisted_or_foreign_companies(client, edition, firms):
    foreign = listed(factories.make_edition(), "Elsewhere")

    statuses = [
        company_page(client, edition, firms["waiting"].company).status_code,
        company_page(client, edition, foreign.company).status_code,
    ]

    assert statuses == [404, 404]


@pytest.fixture
def attachment(edition):
    owner = listed(edition, "Owner", needs=[(None, "Brackets")])
    need = Need.objects.get(company=owner.company)
    return profile.add_attachment(need, by=owner.user, upload=sample_files.pdf('pl"an.pdf'))


def download(client, edition, attachment):
    url = reverse("participants-portal:attachment-download", args=[edition.slug, attachment.pk])
    return client.get(url)


@pytest.mark.usefixtures("viewer")
def test_download_is_an_attachment_with_safe_headers(client, edition, attachment):
    response = download(client, edition, attachment)

    headers = {
        name: response[name]
        for name in ("Content-Type", "Content-Disposition", "X-Content-Type-Options")
    }
    assert headers == {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="pl_an.pdf"',
        "X-Content-Type-Options": "nosniff",
    }
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == sample_files.PDF_BYTES


@pytest.mark.usefixtures("viewer")
def test_download_of_a_polyglot_is_named_after_its_content(client, edition):
    owner = listed(edition, "Owner", needs=[(None, "Brackets")])
    need = Need.objects.get(company=owner.company)
    upload = sample_files.upload("report.html", sample_files.POLYGLOT_BYTES, "text/html")
    polyglot = profile.add_attachment(need, by=owner.user, upload=upload)

    response = download(client, edition, polyglot)

    headers = {name: response[name] for name in ("Content-Type", "Content-Disposition")}
    assert headers == {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="report.pdf"',
    }


def test_download_is_refused_to_anyone_outside_the_validated_edition(client, edition, attachment):
    stranger = factories.make_participant(factories.make_edition())
    waiting = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    statuses = [download(client, edition, attachment).status_code]
    for person in (stranger, waiting):
        client.force_login(person.user)
        statuses.append(download(client, edition, attachment).status_code)

    assert statuses == [404, 404, 404]


def test_download_is_refused_through_another_editions_url(client, edition, attachment):
    other_edition = factories.make_edition()
    other = factories.make_participant(other_edition)
    client.force_login(other.user)

    assert download(client, other_edition, attachment).status_code == 404


def test_download_is_open_to_organisers(client, edition, attachment, organiser_user):
    client.force_login(organiser_user)

    assert download(client, edition, attachment).status_code == 200


def _grow(edition, times, start=0):
    """`times` listed companies, each with two offers, a need, a file and two people."""
    for number in range(start, start + times):
        person = listed(
            edition,
            f"Grown {number}",
            offers=[("cnc-milling", "Aluminium"), (None, "Titane")],
            needs=[("tig-welding", "Inox")],
        )
        factories.make_participant(edition, company=person.company)
        need = Need.objects.get(company=person.company)
        profile.add_attachment(need, by=person.user, upload=sample_files.png())


@pytest.mark.usefixtures("viewer")
def test_catalogue_query_count_does_not_grow(client, edition, django_assert_max_num_queries):
    _grow(edition, 1)
    with django_assert_max_num_queries(99) as small:
        catalogue(client, edition, q="titane")
    _grow(edition, 2, start=1)

    with django_assert_max_num_queries(len(small.captured_queries)):
        names = catalogue(client, edition, q="titane")

    assert names == ["Grown 0", "Grown 1", "Grown 2"]


def test_company_page_query_count_does_not_grow(
    client, edition, viewer, django_assert_max_num_queries
):
    _grow(edition, 1)
    company = Company.objects.get(name="Grown 0")
    with django_assert_max_num_queries(99) as small:
        company_page(client, edition, company)
    for number in range(2):
        listed_more = factories.make_participant(edition, company=company)
        profile.add_capability(company, by=None, kind="offer", category=None, text=f"More {number}")
        need = profile.add_capability(company, by=None, kind="need", category=None, text="x")
        profile.add_attachment(need, by=listed_more.user, upload=sample_files.jpeg())

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = company_page(client, edition, company)

    assert len(response.context["company"].listed_people) == 4


def test_catalogue_lists_for_staff_only_with_a_role(client, edition):
    staff = factories.make_user()
    factories.give_role(staff, edition, EditionRole.CHECKIN)
    client.force_login(staff)

    response = client.get(reverse("participants-portal:catalogue", args=[edition.slug]))

    assert response.status_code == 404


def test_catalogue_cuts_long_texts_with_a_single_ellipsis(client, edition, viewer):
    listed(
        edition,
        "Tournage Loire",
        offers=[(None, "Usinage de pièces en titane, inox et aluminium, laiton, cuivre")],
        needs=[(None, "Tubes")],
    )

    html = client.get(reverse("participants-portal:catalogue", args=[edition.slug])).content

    assert re.findall(r"<strong>Offers:</strong> ([^<]*)</p>", html.decode()) == [
        "Usinage de pièces en titane, inox et aluminium…"
    ]


def _cards(response):
    return re.findall(r'<article class="card">.*?</article>', response.content.decode(), re.S)


def test_catalogue_card_shows_the_company_its_items_and_people(client, edition, viewer):
    viewer.company.name, viewer.company.city = "Viewer & Co", "Le Mans"
    viewer.company.save()
    factories.make_participant(
        edition,
        company=viewer.company,
        role=ParticipantRole.BUYER,
        user=factories.make_user(email="ana@example.com", first_name="Ana", last_name="Zamora"),
    )
    set_capabilities(
        viewer.company,
        by=None,
        offers=[("laser-powder-bed-fusion", ""), (None, "Pièces <titane>")],
        needs=[(None, "Tubes")],
    )
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    english, french, again = (
        client.get(url, HTTP_ACCEPT_LANGUAGE=language) for language in ("en", "fr", "en")
    )

    link = reverse("participants-portal:company-detail", args=[edition.slug, viewer.company.pk])
    name = viewer.user.get_full_name()
    nbsp = "\N{NO-BREAK SPACE}"
    assert (_cards(english), _cards(french), _cards(again) == _cards(english)) == (
        [
            '<article class="card">\n'
            f'  <h2><a href="{link}">Viewer &amp; Co</a> <span class="badge">Your company</span>'
            "</h2>\n"
            '  <p class="muted">Automotive · Le Mans, France</p>\n'
            "  <p><strong>Offers:</strong> Laser powder-bed fusion; Pièces &lt;titane&gt;</p>\n"
            "  <p><strong>Needs:</strong> Tubes</p>\n"
            f'  <p class="muted">{name} (supplier), Ana Zamora (buyer)</p>\n'
            "</article>"
        ],
        [
            '<article class="card">\n'
            f'  <h2><a href="{link}">Viewer &amp; Co</a> <span class="badge">Votre entreprise'
            "</span></h2>\n"
            '  <p class="muted">Automobile · Le Mans, France</p>\n'
            f"  <p><strong>Offres{nbsp}:</strong> Fusion laser sur lit de poudre{nbsp}; "
            "Pièces &lt;titane&gt;</p>\n"
            f"  <p><strong>Besoins{nbsp}:</strong> Tubes</p>\n"
            f'  <p class="muted">{name} (fournisseur), Ana Zamora (acheteur)</p>\n'
            "</article>"
        ],
        True,
    )


@pytest.mark.usefixtures("firms")
def test_catalogue_cards_are_read_by_queries_compiled_once(client, edition, viewer):
    catalogue(client, edition, q="a")

    with compiled_models() as models:
        names = catalogue(client, edition)

    items = [
        m
        for m in models
        if m in {"participants.Offer", "participants.Need", "participants.Category"}
    ]
    assert (items, names) == ([], ["Additive Sarthe", viewer.company.name, "Mixte", "Soudex"])


def test_catalogue_card_names_the_country_in_each_language_in_turn(client, edition, viewer):
    listed(edition, "Soudex <BE>", country="BE", sector=Sector.METALWORK)
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    pages = [client.get(url, HTTP_ACCEPT_LANGUAGE=lang) for lang in ("en", "fr", "en")]

    heads = [
        re.findall(r'<p class="muted">[^<]*· [^<]*</p>', page.content.decode()) for page in pages
    ]
    english = [
        '<p class="muted">Automotive · France</p>',
        '<p class="muted">Metalwork and welding · Belgium</p>',
    ]
    assert heads == [
        english,
        [
            '<p class="muted">Automobile · France</p>',
            '<p class="muted">Métallerie et soudage · Belgique</p>',
        ],
        english,
    ]


def test_catalogue_search_field_shows_the_search_escaped(client, edition, viewer):
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    response = client.get(url, {"q": 'a"<b>&'}, HTTP_ACCEPT_LANGUAGE="fr")

    assert re.findall(r'<input type="search"[^>]*>', response.content.decode()) == [
        '<input type="search" name="q" value="a&quot;&lt;b&gt;&amp;"'
        ' placeholder="Entreprise, compétence, matériau…" maxlength="200" id="id_q">'
    ]


def _select(html, name):
    """The options of select `name`: (group, value, label, selected) each."""
    body = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    options, group = [], None
    for tag in re.finditer(
        r'<optgroup label="([^"]*)">|</optgroup>'
        r'|<option value="([^"]*)"( selected)?>([^<]*)</option>',
        body,
    ):
        if tag[0].startswith("<optgroup"):
            group = tag[1]
        elif tag[0] == "</optgroup>":
            group = None
        else:
            options.append((group, tag[2], tag[4], bool(tag[3])))
    return options


@pytest.mark.usefixtures("viewer")
def test_catalogue_filter_selects_list_the_edition_s_countries_and_capabilities(client, edition):
    listed(edition, "Firm DE", country="DE")
    listed(edition, "Firm FR", country="FR")
    welding = Category.objects.get(code="welding")
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    html = client.get(url, {"country": "FR", "capability": welding.pk}).content.decode()

    capabilities = _select(html, "capability")
    assert (
        _select(html, "country"),
        capabilities[:3],
        [option for option in capabilities if option[3]],
        len(capabilities),
    ) == (
        [(None, "", "All", False), (None, "FR", "France", True), (None, "DE", "Germany", False)],
        [
            (None, "", "All", False),
            ("Process", str(Category.objects.get(code="machining").pk), "Machining", False),
            ("Process", str(Category.objects.get(code="cnc-milling").pk), "— CNC milling", False),
        ],
        [("Process", str(welding.pk), "Welding and joining", True)],
        1 + Category.objects.filter(organiser=None).count(),
    )


@pytest.mark.usefixtures("viewer")
def test_catalogue_filter_choices_follow_each_request_s_language(client, edition):
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    pages = [
        client.get(url, {"role": "buyer"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for language in ("en", "fr", "en")
    ]

    shown = [
        (
            _select(html, "role"),
            _select(html, "sector")[:2],
            _select(html, "language")[:3],
            _select(html, "country")[:1],
            sorted({group for group, *_rest in _select(html, "capability") if group}),
        )
        for html in pages
    ]
    english = (
        [
            (None, "", "All", False),
            (None, "buyer", "Buyers", True),
            (None, "supplier", "Suppliers", False),
        ],
        [(None, "", "All", True), (None, "automotive", "Automotive", False)],
        [(None, "", "All", True), (None, "fr", "French", False), (None, "en", "English", False)],
        [(None, "", "All", True)],
        ["Certification", "Design and testing service", "Equipment", "Material", "Process"],
    )
    assert shown == [
        english,
        (
            [
                (None, "", "Tous", False),
                (None, "buyer", "Acheteurs", True),
                (None, "supplier", "Fournisseurs", False),
            ],
            [(None, "", "Tous", True), (None, "automotive", "Automobile", False)],
            [
                (None, "", "Toutes", True),
                (None, "fr", "Français", False),
                (None, "en", "Anglais", False),
            ],
            [(None, "", "Tous", True)],
            ["Certification", "Matériau", "Procédé", "Service d’études et d’essais", "Équipement"],
        ),
        english,
    ]


@pytest.mark.usefixtures("viewer")
def test_catalogue_capability_filter_shows_a_taxonomy_change_at_once(client, edition):
    url = reverse("participants-portal:catalogue", args=[edition.slug])
    welding = Category.objects.get(code="welding")
    before = _select(client.get(url).content.decode(), "capability")

    Category.objects.filter(pk=welding.pk).update(label_en="Joining")
    added = factories.make_category(code="riveting", label_en="Riveting", parent=welding)
    after = _select(client.get(url).content.decode(), "capability")

    changed = [option for option in after if option not in before]
    assert changed == [
        ("Process", str(welding.pk), "Joining", False),
        ("Process", str(added.pk), "— Riveting", False),
    ]


# The loop that wrote the filters after the search before `more_filters` (issue 16).
TEMPLATE_LOOP = (
    "{% for field in form.visible_fields %}{% if field.name != 'q' %}\n"
    '    <div class="field">\n'
    '      <label for="{{ field.id_for_label }}">{{ field.label }}</label>\n'
    "      {{ field }}\n"
    "    </div>\n"
    "    {% endif %}{% endfor %}"
)


@pytest.mark.parametrize(
    "query",
    [{}, {"country": "BE", "role": "buyer", "q": "x"}, {"capability": "999999", "language": "zz"}],
)
def test_catalogue_more_filters_are_what_the_template_loop_wrote(edition, query):
    listed(edition, "Firm BE", country="BE")

    written = {}
    for language in ("en", "fr"):
        with translation.override(language):
            form = CatalogueFilterForm(query or None, edition=edition)
            form.filters()
            written[language] = (
                more_filters(form),
                Template(TEMPLATE_LOOP).render(Context({"form": form})),
            )

    assert [ours for ours, _loop in written.values()] == [loop for _ours, loop in written.values()]
    assert written["fr"][0] != written["en"][0]  # the test means something


def test_catalogue_without_filters_lists_companies_with_a_validated_person_by_name(
    client, edition, viewer
):
    """The catalogue as it opens reads through compiled queries: the same companies, in the
    same order, as the queryset of the filtered catalogue without filters."""
    viewer.company.name = "Mid"
    viewer.company.save()
    last = listed(edition, "Zinc")
    listed(edition, "Waiting", status=ParticipantStatus.REGISTERED)
    listed(edition, "Alpha")
    listed(factories.make_edition(), "Elsewhere")

    response = client.get(reverse("participants-portal:catalogue", args=[edition.slug]))

    page = response.context["page"]
    assert ([(c.name, c.pk) for c in page.object_list], page.paginator.count) == (
        [("Alpha", page.object_list[0].pk), ("Mid", viewer.company_id), ("Zinc", last.company_id)],
        3,
    )
    assert [c.pk for c in page.object_list] == [c.pk for c in catalogue_companies(edition)]


def _after_count(response):
    """What the page shows between the count of companies and the end of its content."""
    html = response.content.decode()
    return html[html.index('<p class="muted" id="result-count">') : html.index("</main>")]


def test_catalogue_cards_and_its_empty_result_keep_their_lines(client, edition, viewer):
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    found, none = client.get(url), client.get(url, {"q": "nothing-like-this"})

    assert (_after_count(found).split("</p>", 1)[1][:21], _after_count(none)) == (
        '\n\n\n<article class="ca',
        '<p class="muted" id="result-count">0 companies</p>\n\n\n'
        "<p>No company matches these filters.</p>\n\n\n\n\n  ",
    )
