import re

import pytest
from django.contrib.staticfiles import finders

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


def test_home_page_edition_card_links_to_the_edition_page(client, db):
    edition = factories.make_edition(name="International Business Days 2031")

    content = client.get("/").content.decode()

    assert re.search(r'<section class="card current-edition">\s*(<h2>.*</h2>)', content)[1] == (
        f'<h2><a href="/e/{edition.slug}/">International Business Days 2031</a></h2>'
    )
