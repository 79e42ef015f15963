"""`python -m paddock api_token`: a new token, printed once, that works."""

import io

import pytest
from django.core.management import CommandError, call_command

from paddock.api.models import ApiToken
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.integration


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_api_token_prints_a_token_that_works(client, edition, organiser_user):
    text, note = _run("ORGANISER@example.com", "--edition", edition.slug, "--write")

    response = client.get("/api/v1/editions", headers=bearer(text))

    token = ApiToken.objects.get()
    assert [edition["slug"] for edition in response.json()["results"]] == [edition.slug]
    assert (token.can_write, list(token.editions.all()), token.prefix in note) == (
        True,
        [edition],
        True,
    )


def test_api_token_without_edition_reaches_the_person_s_editions(edition, participant_user):
    factories.make_edition(slug="not-mine")

    _run(participant_user.email)

    token = ApiToken.objects.get()
    assert (list(token.editions.all()), token.can_write) == ([edition], False)


def test_api_token_refuses_an_edition_of_someone_else(edition, participant_user):
    factories.make_edition(slug="not-mine")

    with pytest.raises(CommandError) as error:
        _run(participant_user.email, "--edition", "not-mine")

    assert str(error.value) == "buyer@example.com has no role in and takes no part in: not-mine."
    assert list(ApiToken.objects.all()) == []


def test_api_token_refuses_an_unknown_email(db):
    with pytest.raises(CommandError) as error:
        _run("nobody@example.com")

    assert str(error.value) == "No account with the email nobody@example.com."
