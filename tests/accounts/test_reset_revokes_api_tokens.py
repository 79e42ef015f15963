"""A password reset ("Forgot your password?") revokes the account's API tokens: whoever had
the account may have made them. The pages say so and the audit log records it."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from paddock.api import services as api_tokens
from paddock.api.models import ApiToken
from paddock.core.models import AuditEntry
from tests import factories
from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"
NEW_PASSWORDS = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def _reset_form_url(client, mailoutbox):
    """The page of the new password, where the reset email's link leads."""
    link = re.findall(rf"{re.escape(settings.SITE_URL)}(/\S*)", mailoutbox[-1].body)[0]
    return client.get(urlsplit(link).path, follow=True).redirect_chain[-1][0]


def test_password_reset_revokes_the_account_s_tokens_and_says_so(
    client, edition, participant_user, mailoutbox, ask_reset
):
    texts = [new_token(participant_user, edition), new_token(participant_user, edition)]
    api_tokens.revoke_token(ApiToken.objects.order_by("pk").first(), by=None)
    someone_else = factories.make_participant(edition).user
    others = new_token(someone_else, edition)
    ask_reset(client, participant_user.email)
    form_url = _reset_form_url(client, mailoutbox)

    form_page = client.get(form_url).content.decode()
    done = client.post(form_url, NEW_PASSWORDS, follow=True)

    note = re.search(r'<p id="tokens-revoked-note">([^<]*)</p>', form_page)
    assert note[1] == (
        "Saving a new password also revokes your API token: whoever had your account may "
        "have made it. A tool using it will be refused until you give it a new one."
    )
    assert [str(message) for message in done.context["messages"]] == [
        "Your 1 API token is revoked: tools using it are refused. Make a new one on the API "
        "tokens page once logged in."
    ]
    statuses = [client.get("/api/v1/editions", headers=bearer(text)).status_code for text in texts]
    assert (statuses, client.get("/api/v1/editions", headers=bearer(others)).status_code) == (
        [401, 401],
        200,
    )
    revoked = ApiToken.objects.filter(user=participant_user).order_by("pk")
    assert [token.revoked_because for token in revoked] == ["owner", "password_reset"]
    entries = AuditEntry.objects.filter(action="api_token.revoke").order_by("pk")
    assert [(entry.actor_id, entry.data) for entry in entries] == [
        (None, {}),
        (participant_user.pk, {"reason": "password_reset"}),
    ]


def test_password_reset_of_an_account_without_tokens_says_nothing_of_them(
    client, participant_user, mailoutbox, ask_reset
):
    ask_reset(client, participant_user.email)
    form_url = _reset_form_url(client, mailoutbox)

    form_page = client.get(form_url).content.decode()
    done = client.post(form_url, NEW_PASSWORDS, follow=True)

    assert ("tokens-revoked-note" in form_page, list(done.context["messages"])) == (False, [])


def test_password_reset_refused_by_the_validators_keeps_the_tokens(
    client, edition, participant_user, mailoutbox, ask_reset
):
    text = new_token(participant_user, edition)
    ask_reset(client, participant_user.email)
    form_url = _reset_form_url(client, mailoutbox)

    client.post(form_url, {"new_password1": "short", "new_password2": "short"})

    assert client.get("/api/v1/editions", headers=bearer(text)).status_code == 200
