import pytest
from django.test import RequestFactory

from paddock.core.network import client_ip

pytestmark = pytest.mark.unit

FORWARDED = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.7"}


def test_client_ip_ignores_forwarded_headers_without_a_proxy(settings):
    settings.PADDOCK_BEHIND_PROXY = False

    assert client_ip(RequestFactory().get("/", **FORWARDED)) == "127.0.0.1"


def test_client_ip_behind_a_proxy_is_the_address_the_proxy_saw(settings):
    settings.PADDOCK_BEHIND_PROXY = True

    assert client_ip(RequestFactory().get("/", **FORWARDED)) == "203.0.113.7"


def test_client_ip_behind_a_proxy_without_the_header_is_the_peer(settings):
    settings.PADDOCK_BEHIND_PROXY = True

    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
