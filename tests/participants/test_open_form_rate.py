"""The open form's limit per client address (issue 16): each form sent hashes a password and
may send a mail, so one client may send only so many (OPEN_FORM_RATE_PER_IP) before the
site's 429 page, in the reader's language."""

import re

import pytest
from django.urls import reverse

from paddock.participants.models import PendingRegistration

pytestmark = pytest.mark.integration

PASSWORD = "A-long-pass-phrase-9"
PROXY = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def open_edition(edition, settings):
    settings.OPEN_FORM_RATE_PER_IP = "3/h"  # an hour: no new window during the test
    edition.registration_open = True
    edition.save()
    return edition


def _form(number: int, **overrides) -> dict:
    return {
        "email": f"person{number}@example.com",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "first_name": "Ada",
        "last_name": f"Number {number}",
        "company_name": f"Works {number}",
        "company_country": "FR",
        "company_sector": "metalwork",
        "role": "buyer",
        "languages": ["fr"],
        "consent": "on",
        "consent_version": "default",
        **overrides,
    }


def _send(client, edition, number: int, **extra):
    url = reverse("participants-portal:register", args=[edition.slug])
    return client.post(url, _form(number), **extra)


def _heading(response) -> str:
    return re.search(r"<h1>([^<]*)</h1>", response.content.decode()).group(1)


def _message(response) -> str:
    return re.search(r'<p role="alert">([^<]*)</p>', response.content.decode()).group(1)


def _registered() -> list[str]:
    """The addresses whose forms were kept (nothing else is made before confirmation)."""
    return sorted(PendingRegistration.objects.values_list("email", flat=True))


def test_open_form_past_the_limit_answers_429_in_the_readers_language_and_registers_nobody(
    client, open_edition
):
    sent = [_send(client, open_edition, n, HTTP_ACCEPT_LANGUAGE="fr") for n in range(3)]

    refused = _send(client, open_edition, 3, HTTP_ACCEPT_LANGUAGE="fr")

    assert [response.status_code for response in sent] == [302, 302, 302]
    assert (refused.status_code, _heading(refused), _message(refused)) == (
        429,
        "Trop de demandes",
        "Trop de formulaires d’inscription ont été envoyés depuis votre adresse réseau. "
        "Réessayez plus tard\u00a0: rien n’a été enregistré.",
    )
    assert _registered() == [f"person{n}@example.com" for n in range(3)]


def test_open_form_counts_forms_refused_too_and_never_the_page_itself(client, open_edition):
    url = reverse("participants-portal:register", args=[open_edition.slug])
    wrong = [client.post(url, _form(n, password_again="Not-the-same-9")) for n in range(3)]

    refused = _send(client, open_edition, 3)
    page = client.get(url)

    assert [response.status_code for response in wrong] == [200, 200, 200]
    assert (refused.status_code, _heading(refused), page.status_code) == (
        429,
        "Too many requests",
        200,
    )
    assert _registered() == []


def test_open_form_limit_counts_each_client_behind_the_proxy_apart(client, open_edition, settings):
    settings.PADDOCK_BEHIND_PROXY = True
    first = [
        _send(client, open_edition, n, HTTP_X_FORWARDED_FOR="203.0.113.5", **PROXY)
        for n in range(3)
    ]

    # A forged address in front of the one nginx appends changes nothing.
    forged = _send(client, open_edition, 3, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5", **PROXY)
    other = _send(client, open_edition, 4, HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY)

    assert [response.status_code for response in (*first, forged, other)] == [
        302,
        302,
        302,
        429,
        302,
    ]
    assert _registered() == [f"person{n}@example.com" for n in (0, 1, 2, 4)]
