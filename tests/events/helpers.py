"""Helpers of the events page tests."""

import re


def swapped_out_of_band(response):
    """The elements an htmx fragment swaps out of band (hx-swap-oob): their id and text."""
    found = re.findall(
        r'<(\w+) id="([^"]+)"[^>]*hx-swap-oob="true"[^>]*>(.*?)</\1>',
        response.content.decode(),
        re.S,
    )
    return [(key, " ".join(re.sub(r"<[^>]+>", "", text).split())) for _, key, text in found]
