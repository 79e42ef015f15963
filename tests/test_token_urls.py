"""Every address that carries a secret link refuses a control byte with a 404, before the
token reaches the database (PostgreSQL refuses a NUL byte in text: that was a 500)."""

import pytest

from tests import factories

pytestmark = pytest.mark.integration

TOKEN_PATHS = [
    "/e/{edition}/invitation/{token}/",
    "/e/{edition}/invitation/{token}/new-link/",
    "/e/{edition}/verify/{token}/",
    "/e/{edition}/verify/{token}/new-link/",
    "/e/{edition}/team/join/{token}/",
    "/e/{edition}/interpreter/{token}/",
    "/e/{edition}/interpreter/{token}/agenda.pdf",
    "/e/{edition}/interpreter/{token}/agenda.ics",
    "/accounts/password/{token}/",
]


@pytest.mark.parametrize("path", TOKEN_PATHS)
@pytest.mark.parametrize("token", ["ab%00cd", "ab%0Acd", "ab%7Fcd"])
def test_secret_link_with_a_control_byte_is_not_found(client, db, path, token):
    edition = factories.make_edition()

    response = client.get(path.format(edition=edition.slug, token=token))

    assert response.status_code == 404
