import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders

from paddock.events.enums import EditionRole
from tests import factories

pytestmark = pytest.mark.integration


def test_home_page_speaks_the_browser_language(client, db):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert ('<html lang="en">' in english, '<html lang="fr">' in french) == (True, True)


def test_home_page_shows_the_current_edition(client, db):
    edition = factories.make_edition(name="International Business Days 2031")

    content = client.get("/").content.decode()

    assert edition.name in content


def test_home_page_links_the_favicon(client, db):
    content = client.get("/").content.decode()

    link = re.search(r'<link rel="icon"[^>]*>', content)[0]
    path = re.search(r'href="/static/([^"]+)"', link)[1]
    with open(finders.find(path), encoding="utf-8") as icon:
        head = icon.read(40)
    assert (link, head) == (
        '<link rel="icon" href="/static/paddock/favicon.svg" type="image/svg+xml">',
        '<svg xmlns="http://www.w3.org/2000/svg" ',
    )


def _edition_title(client) -> str:
    content = client.get("/").content.decode()
    return re.search(r'<section class="card current-edition">\s*(<h2>.*</h2>)', content)[1]


def _register_buttons(client) -> list[str]:
    return re.findall(r'<a class="button" href="([^"]+)">', client.get("/").content.decode())


def test_home_page_edition_card_leads_a_visitor_to_the_login_page(client, db):
    factories.make_edition(name="International Business Days 2031")

    assert _edition_title(client) == (
        '<h2><a href="/accounts/login/">International Business Days 2031</a></h2>'
    )


@pytest.fixture
def editions(db):
    """The 2031 edition, which an agent of the 2025 one has no part in; 2031 is on the home
    page."""
    series = factories.make_series()
    past = factories.make_edition(series, name="IBD 2025", start_date=dt.date(2025, 6, 12))
    return past, factories.make_edition(series, name="IBD 2031")


def test_home_page_edition_card_without_link_for_someone_with_no_part_in_it(client, editions):
    past, current = editions
    agent = factories.make_user()
    factories.give_role(agent, past, EditionRole.CHECKIN)
    client.force_login(agent)

    title = _edition_title(client)

    assert (title, _register_buttons(client)) == ("<h2>IBD 2031</h2>", [])
    assert client.get(f"/e/{current.slug}/").status_code == 403


def test_home_page_edition_card_leads_an_outsider_to_the_registration_form_while_open(
    client, editions
):
    past, current = editions
    current.registration_open = True
    current.save(update_fields=["registration_open"])
    agent = factories.make_user()
    factories.give_role(agent, past, EditionRole.CHECKIN)
    client.force_login(agent)
    register = f"/e/{current.slug}/register/"

    title = _edition_title(client)

    assert (title, _register_buttons(client)) == (
        f'<h2><a href="{register}">IBD 2031</a></h2>',
        [register],
    )
    assert client.get(f"/e/{current.slug}/")["Location"] == register


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (EditionRole.CHECKIN, "/orga/e/{slug}/checkin/"),
        (EditionRole.ZONE_HOST, "/orga/e/{slug}/my-visits/"),
        (EditionRole.STAFF, "/orga/e/{slug}/"),
    ],
)
def test_home_page_edition_card_leads_a_team_member_to_their_work(client, editions, role, page):
    current = editions[1]
    member = factories.make_user()
    factories.give_role(member, current, role)
    client.force_login(member)
    url = page.format(slug=current.slug)

    title = _edition_title(client)

    assert title == f'<h2><a href="{url}">IBD 2031</a></h2>'
    assert (client.get(url).status_code, client.get(f"/e/{current.slug}/")["Location"]) == (
        200,
        url,
    )


def test_home_page_edition_card_leads_a_participant_to_their_portal(client, editions):
    current = editions[1]
    current.registration_open = True
    current.save(update_fields=["registration_open"])
    client.force_login(factories.make_participant(current, user=factories.make_user()).user)

    title = _edition_title(client)

    assert (title, _register_buttons(client)) == (
        f'<h2><a href="/e/{current.slug}/">IBD 2031</a></h2>',
        [],
    )


def test_home_page_shows_the_edition_held_today_where_it_is(client, db):
    zone, day = factories.zone_off_utc_today()
    for name, offset in (("IBD over yesterday", -1), ("IBD today", 0), ("IBD next week", 7)):
        start = day + dt.timedelta(days=offset)
        factories.make_edition(name=name, timezone=zone, start_date=start, end_date=start)

    assert _edition_title(client) == '<h2><a href="/accounts/login/">IBD today</a></h2>'
