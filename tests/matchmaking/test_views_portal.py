import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.matchmaking.services import recompute_recommendations
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Category, Need, Offer
from tests import factories

pytestmark = pytest.mark.integration


def _printer(edition, number):
    company = factories.make_company(edition, name=f"Additif {number}")
    Offer.objects.create(
        company=company,
        category=Category.objects.get(code="laser-powder-bed-fusion"),
        text="Titanium parts",
    )
    return factories.make_participant(edition, company=company)


@pytest.fixture
def buyer(edition):
    company = factories.make_company(edition, name="Soudures Sarthoises")
    Need.objects.create(company=company, category=Category.objects.get(code="additive-metal"))
    return factories.make_participant(edition, company=company, role=ParticipantRole.BUYER)


def _page(client, buyer, language):
    client.force_login(buyer.user)
    url = reverse("matchmaking-portal:recommendations", args=[buyer.edition.slug])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _reasons(response):
    return re.findall(r"<li>([^<]*)</li>", response.content.decode())


def test_recommendations_show_the_reasons_in_the_readers_language(client, buyer):
    _printer(buyer.edition, 1)
    recompute_recommendations(buyer.edition)

    english = _reasons(_page(client, buyer, "en"))
    french = _reasons(_page(client, buyer, "fr"))

    assert english == [
        "You need metal additive manufacturing; they offer laser powder-bed fusion "
        "(Titanium parts).",
        "They supply and you buy.",
    ]
    assert len(french) == 2
    assert french[0].startswith("Vous recherchez")


def test_recommendations_page_lists_matching_materials_not_siblings(client, edition):
    company = factories.make_company(edition, name="Chaudronnerie Inox")
    Need.objects.create(company=company, category=Category.objects.get(code="stainless-steel"))
    reader = factories.make_participant(edition, company=company, role=ParticipantRole.BUYER)
    for name, code in [("Alu", "aluminium"), ("Metals", "metals"), ("Inox", "stainless-steel")]:
        offering = factories.make_company(edition, name=f"Supplier {name}")
        Offer.objects.create(company=offering, category=Category.objects.get(code=code))
        factories.make_participant(edition, company=offering, role=ParticipantRole.SUPPLIER)
    recompute_recommendations(edition)

    response = _page(client, reader, "en")

    assert re.findall(r"Supplier \w+", response.content.decode()) == [
        "Supplier Inox",
        "Supplier Metals",
    ]
    assert _reasons(response) == [
        "You need stainless steel; they offer stainless steel.",
        "They supply and you buy.",
        "You need stainless steel; they offer metals.",
        "They supply and you buy.",
    ]


def test_recommendations_page_runs_the_same_queries_for_more_matches(
    client, buyer, django_assert_num_queries
):
    _printer(buyer.edition, 1)
    recompute_recommendations(buyer.edition)
    client.force_login(buyer.user)
    url = reverse("matchmaking-portal:recommendations", args=[buyer.edition.slug])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in (2, 3):
        _printer(buyer.edition, number)
    recompute_recommendations(buyer.edition)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count('class="card recommendation"') == 3


def test_recommendations_wait_for_validation(client, edition):
    waiting = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)

    response = _page(client, waiting, "en")

    assert response.status_code == 403


def test_recommendations_refuse_people_outside_the_edition(client, buyer):
    outsider = factories.make_participant(factories.make_edition())
    client.force_login(outsider.user)

    response = client.get(reverse("matchmaking-portal:recommendations", args=[buyer.edition.slug]))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("language", "lines"),
    # English last: the test client leaves the last request's language active.
    [
        (
            "fr",
            [
                "Fournisseur",
                "Vous recherchez\u00a0: fabrication additive métal\u00a0; ils proposent\u00a0: "
                "fusion laser sur lit de poudre (Titanium parts).",
                "Ils fournissent et vous achetez.",
                "Demander un rendez-vous",
            ],
        ),
        (
            "en",
            [
                "Supplier",
                "You need metal additive manufacturing; they offer laser powder-bed fusion "
                "(Titanium parts).",
                "They supply and you buy.",
                "Request a meeting",
            ],
        ),
    ],
)
def test_recommendation_card_names_the_company_the_person_and_the_reasons(
    client, buyer, language, lines
):
    printer = _printer(buyer.edition, 1)
    printer.user.first_name, printer.user.last_name = "Zoé", "O'Neil & Co"
    printer.user.save()
    recompute_recommendations(buyer.edition)

    html = _page(client, buyer, language).content.decode()

    card = html[html.index('<article class="card recommendation">') :]
    slug = buyer.edition.slug
    role, need, supply, ask = lines
    assert card[: card.index("</article>")] == (
        '<article class="card recommendation">\n'
        f'  <h2><a href="/e/{slug}/catalogue/{printer.company_id}/">Additif 1</a></h2>\n'
        f"  <p>Zoé O&#x27;Neil &amp; Co · {role}</p>\n"
        f"  <ul><li>{need}</li><li>{supply}</li></ul>\n  \n  \n  \n"
        f'  <p><a class="button" href="/e/{slug}/requests/new/{printer.pk}/">{ask}</a></p>\n'
    )


def test_recommendation_card_words_follow_each_requests_language(client, buyer):
    """The cards' fixed words are remembered per language: English, French, then English
    again each read in their own language."""
    printer = _printer(buyer.edition, 1)
    recompute_recommendations(buyer.edition)

    pages = [_page(client, buyer, language).content.decode() for language in ("en", "fr", "en")]

    def words(html):
        card = html[html.index('<article class="card recommendation">') :]
        return re.findall(r"<p>[^<]* · ([^<]*)</p>|\">([^<]*)</a></p>", card)

    ask = f"/e/{buyer.edition.slug}/requests/new/{printer.pk}/"
    assert [(words(html), ask in html) for html in pages] == [
        ([("Supplier", ""), ("", "Request a meeting")], True),
        ([("Fournisseur", ""), ("", "Demander un rendez-vous")], True),
        ([("Supplier", ""), ("", "Request a meeting")], True),
    ]


def test_recommendations_page_without_any_says_how_to_get_some(client, buyer):
    html = _page(client, buyer, "en").content.decode()

    start = html.index('<p class="muted">Participants whose')
    assert html[start : html.index("</main>")].split("</p>", 1)[1] == (
        '\n\n<p class="card">No recommendation yet: describe what you offer and what you need '
        "in your profile, and they will appear here.</p>\n\n\n  "
    )
