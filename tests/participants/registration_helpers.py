"""Reading the links that registration emails carry."""

import re
from urllib.parse import urlsplit

from django.conf import settings


def link_in(message) -> str:
    """The path of the one site link in an email's body."""
    links = re.findall(rf"{re.escape(settings.SITE_URL)}(/\S*)", message.body)
    assert len(links) == 1, links
    return urlsplit(links[0]).path


def token_in(message) -> str:
    """The secret at the end of the email's link."""
    return link_in(message).rstrip("/").split("/")[-1]
