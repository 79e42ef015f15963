"""Where webhooks may go: https only and public addresses only, unless local ones are allowed."""

import pytest
from django.core.exceptions import ValidationError

from paddock.webhooks.validators import check_webhook_url

pytestmark = pytest.mark.unit


def refusal(url: str) -> str:
    try:
        check_webhook_url(url)
    except ValidationError as error:
        return str(error.code)
    return "accepted"


def test_webhook_url_in_production_is_https_to_a_public_address(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    urls = [
        "https://93.184.216.34/hook",
        "http://93.184.216.34/hook",
        "http://localhost:8000/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.1/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "ftp://93.184.216.34/hook",
    ]

    assert {url: refusal(url) for url in urls} == {
        "https://93.184.216.34/hook": "accepted",
        "http://93.184.216.34/hook": "https_only",
        "http://localhost:8000/hook": "https_only",
        "https://127.0.0.1/hook": "private_address",
        "https://localhost/hook": "private_address",
        "https://10.1.2.3/hook": "private_address",
        "https://172.16.0.1/hook": "private_address",
        "https://192.168.1.10/hook": "private_address",
        "https://169.254.169.254/latest/meta-data": "private_address",
        "https://100.64.0.1/hook": "private_address",
        "https://0.0.0.0/hook": "private_address",
        "https://[::1]/hook": "private_address",
        "https://[fe80::1]/hook": "private_address",
        "https://[fd00::1]/hook": "private_address",
        "https://[::ffff:10.0.0.1]/hook": "private_address",
        "ftp://93.184.216.34/hook": "https_only",
    }


def test_webhook_url_in_development_may_be_plain_http_on_this_machine(settings):
    settings.WEBHOOK_ALLOW_LOCAL = True
    urls = ["http://127.0.0.1:8000/hook", "http://localhost/hook", "http://192.168.1.10/hook"]

    assert {url: refusal(url) for url in urls} == {
        "http://127.0.0.1:8000/hook": "accepted",
        "http://localhost/hook": "accepted",
        "http://192.168.1.10/hook": "https_only",
    }


def test_webhook_url_with_an_unknown_host_is_refused(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False

    assert refusal("https://no-such-host.invalid/hook") == "unknown_host"


def test_webhook_url_to_an_address_hiding_a_private_one_is_refused(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    urls = [
        "https://[64:ff9b::a00:1]/hook",  # NAT64 of 10.0.0.1
        "https://[64:ff9b:1::a00:1]/hook",  # local-use NAT64
        "https://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
        "https://[::127.0.0.1]/hook",  # IPv4-compatible
        "https://[::ffff:0:7f00:1]/hook",  # IPv4-translated
        "https://[fec0::1]/hook",  # site-local
        "https://[ff02::1]/hook",  # multicast
        "https://224.0.0.1/hook",  # multicast
        "https://[64:ff9b::5db8:d822]/hook",  # NAT64 of 93.184.216.34, public
    ]

    assert {url: refusal(url) for url in urls} == {
        "https://[64:ff9b::a00:1]/hook": "private_address",
        "https://[64:ff9b:1::a00:1]/hook": "private_address",
        "https://[2002:7f00:1::]/hook": "private_address",
        "https://[::127.0.0.1]/hook": "private_address",
        "https://[::ffff:0:7f00:1]/hook": "private_address",
        "https://[fec0::1]/hook": "private_address",
        "https://[ff02::1]/hook": "private_address",
        "https://224.0.0.1/hook": "private_address",
        "https://[64:ff9b::5db8:d822]/hook": "accepted",
    }
