import pytest

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
