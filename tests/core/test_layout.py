"""The layout's header and the participants' menu, written in Python (issue 16): the markup of
the templates they replace, in the reader's language, with the current page marked."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.integration

TOKEN = re.compile(r'(?<=name="csrfmiddlewaretoken" value=")[^"]+')


def _part(response, start, end):
    html = TOKEN.sub("TOKEN", response.content.decode())
    return html[html.index(start) : html.index(end, html.index(start)) + len(end)]


def test_site_header_of_a_participant_in_french(client, participant_user, edition):
    client.force_login(participant_user)
    client.cookies["django_language"] = "fr"

    response = client.get(reverse("participants-portal:home", args=[edition.slug]) + "?a=1&b=2")

    assert _part(response, '<header class="site-header">', "</header>") == (
        '<header class="site-header">\n'
        '    <a class="brand" href="/">Paddock</a>\n'
        '    <nav class="site-nav" aria-label="Navigation principale">\n'
        "      \n"
        '        <a href="/orga/">Mes éditions</a>\n'
        '        <a class="who" href="/accounts/emails/" title="Préférences d’e-mails">'
        "buyer@example.com</a>\n"
        '        <a href="/accounts/api-tokens/">Jetons d’API</a>\n'
        '        <form method="post" action="/accounts/logout/" class="inline">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">\n'
        '          <button type="submit" class="link">Se déconnecter</button>\n'
        "        </form>\n"
        "      \n"
        '      <form method="post" action="/i18n/setlang/" class="inline language-switch">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">\n'
        f'        <input type="hidden" name="next" value="/e/{edition.slug}/?a=1&amp;b=2">\n'
        "        \n"
        "        \n"
        '          <button type="submit" name="language" value="en" class="link" lang="en">'
        "English</button>\n"
        "        \n"
        "      </form>\n"
        "    </nav>\n"
        "  </header>"
    )


def test_site_header_of_a_visitor(client, db):
    response = client.get(reverse("accounts:login"))

    assert _part(response, '<nav class="site-nav"', "</nav>") == (
        '<nav class="site-nav" aria-label="Main">\n'
        "      \n"
        '        <a href="/accounts/login/">Log in</a>\n'
        "      \n"
        '      <form method="post" action="/i18n/setlang/" class="inline language-switch">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">\n'
        '        <input type="hidden" name="next" value="/accounts/login/">\n'
        "        \n"
        "        \n"
        '          <button type="submit" name="language" value="fr" class="link" lang="fr">'
        "Français</button>\n"
        "        \n"
        "      </form>\n"
        "    </nav>"
    )


def test_portal_nav_marks_the_current_page(client, participant_user, edition):
    edition.name = "Rendez-vous <2026>"
    edition.save()
    client.force_login(participant_user)

    response = client.get(reverse("participants-portal:profile", args=[edition.slug]))

    slug = edition.slug
    assert _part(response, '<nav class="edition-nav portal-nav"', "</nav>") == (
        '<nav class="edition-nav portal-nav" aria-label="Edition">\n'
        '  <span class="title">Rendez-vous &lt;2026&gt;</span>\n'
        f'  <a href="/e/{slug}/catalogue/">Catalogue</a>\n'
        f'  <a href="/e/{slug}/recommendations/">Recommendations</a>\n'
        f'  <a href="/e/{slug}/requests/">Requests</a>\n'
        f'  <a href="/e/{slug}/agenda/">My agenda</a>\n'
        f'  <a href="/e/{slug}/visits/">Visits</a>\n'
        f'  <a href="/e/{slug}/network/">My network</a>\n'
        f'  <a href="/e/{slug}/profile/" aria-current="page">My profile</a>\n'
        f'  <a href="/e/{slug}/my-data/">My data</a>\n'
        "</nav>"
    )


def _portal_nav_texts(response):
    nav = _part(response, '<nav class="edition-nav portal-nav"', "</nav>")
    return [text for text in re.findall(r">([^<>]+)</", nav) if text.strip()]


def test_portal_nav_follows_the_language_and_the_edition_at_once(client, participant_user, edition):
    client.force_login(participant_user)
    url = reverse("participants-portal:home", args=[edition.slug])
    client.get(url)
    edition.name = "Renamed"
    edition.save()
    client.cookies["django_language"] = "fr"

    response = client.get(url)

    assert _portal_nav_texts(response) == [
        "Renamed",
        "Catalogue",
        "Recommandations",
        "Demandes",
        "Mon agenda",
        "Visites",
        "Mon réseau",
        "Mon profil",
        "Mes données",
    ]


def test_portal_nav_links_to_the_edition_of_the_page(client, edition):
    other = factories.make_edition(slug="other-2026", name="Other")
    person = factories.make_user()
    factories.make_participant(edition, user=person)
    factories.make_participant(other, user=person)
    client.force_login(person)
    client.get(reverse("participants-portal:home", args=[edition.slug]))

    response = client.get(reverse("participants-portal:home", args=[other.slug]))

    nav = _part(response, '<nav class="edition-nav portal-nav"', "</nav>")
    assert re.findall(r'href="([^"]+)"', nav)[:2] == [
        "/e/other-2026/catalogue/",
        "/e/other-2026/recommendations/",
    ]


def test_layout_head_links_the_static_files(client, db, settings):
    settings.STATIC_URL = "/assets/"

    response = client.get(reverse("accounts:login"))

    assert _part(response, '<link rel="stylesheet"', "</script>") == (
        '<link rel="stylesheet" href="/assets/paddock/paddock.css">\n'
        '  <link rel="icon" href="/assets/paddock/favicon.svg" type="image/svg+xml">\n'
        "  \n"
        '  <meta name="htmx-config" content=\'{"includeIndicatorStyles": false, '
        '"allowEval": false}\'>\n'
        '  <script src="/assets/django_htmx/htmx-2.min.js" defer></script>'
    )
