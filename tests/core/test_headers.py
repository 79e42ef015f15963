"""Security headers on real responses: the Content-Security-Policy and the Permissions-Policy."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.integration

CSP = {
    "default-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
}
FEATURES_OFF = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "paddock"
# An inline script (a <script> without src), an inline event handler, a style attribute or block.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style\b", re.IGNORECASE)


def _headers(response):
    """The two policies, the CSP as {directive: sources} (django-csp's order varies)."""
    directives = response.headers.get("Content-Security-Policy", "").split(";")
    return {
        "Content-Security-Policy": dict(d.strip().split(" ", 1) for d in directives if d),
        "Permissions-Policy": response.headers.get("Permissions-Policy"),
    }


def test_public_page_carries_the_security_headers(client, db):
    response = client.get(reverse("core:home"))

    assert _headers(response) == {
        "Content-Security-Policy": CSP,
        "Permissions-Policy": FEATURES_OFF,
    }


def test_admin_page_carries_the_security_headers(client, db):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"))

    assert (response.status_code, _headers(response)) == (
        200,
        {"Content-Security-Policy": CSP, "Permissions-Policy": FEATURES_OFF},
    )


def test_checkin_desk_may_use_the_camera_of_its_own_origin(client, edition, checkin_user):
    client.force_login(checkin_user)
    url = reverse("checkin:desk", args=[edition.slug])

    policies = [
        client.get(url).headers["Permissions-Policy"],
        client.post(url, {"code": "UNKNOWN", "place": ""}).headers["Permissions-Policy"],
    ]

    assert policies == [FEATURES_OFF.replace("camera=()", "camera=(self)")] * 2


def test_presence_page_keeps_the_camera_off(client, edition, checkin_user):
    client.force_login(checkin_user)

    response = client.get(reverse("checkin:presence", args=[edition.slug]))

    assert response.headers["Permissions-Policy"] == FEATURES_OFF


def test_templates_hold_no_inline_script_handler_or_style():
    found = {
        f"{path.relative_to(TEMPLATES)}: {match[0].strip()}"
        for path in TEMPLATES.rglob("templates/**/*.html")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    }

    assert found == set()
