import datetime as dt
import hashlib

import pytest
from django.db import transaction
from django.utils import timezone

from paddock.accounts import services
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken
from tests import factories

pytestmark = pytest.mark.integration

INVITATION = TokenPurpose.INVITATION


def _error_code(call):
    with pytest.raises(services.TokenError) as raised:
        call()
    return raised.value.code


def test_issue_token_stores_only_the_digest_of_the_secret(edition):
    user = factories.make_user()

    secret = services.issue_token(user, purpose=INVITATION, edition=edition, by=None)

    token = AccountToken.objects.get()
    assert (token.digest, token.user, token.edition, token.used_at, token.replaced_at) == (
        hashlib.sha256(secret.encode()).hexdigest(),
        user,
        edition,
        None,
        None,
    )


def test_find_token_returns_the_usable_link(edition):
    user = factories.make_user()
    secret = services.issue_token(user, purpose=INVITATION, edition=edition, by=None)

    token = services.find_token(secret, purpose=INVITATION, edition=edition)

    assert token.user == user


def test_find_token_refuses_unknown_secrets_other_purposes_and_other_editions(edition):
    secret = services.issue_token(
        factories.make_user(), purpose=INVITATION, edition=edition, by=None
    )
    other = factories.make_edition()

    codes = [
        _error_code(lambda: services.find_token("nonsense", purpose=INVITATION, edition=edition)),
        _error_code(
            lambda: services.find_token(
                secret, purpose=TokenPurpose.EMAIL_VERIFICATION, edition=edition
            )
        ),
        _error_code(lambda: services.find_token(secret, purpose=INVITATION, edition=other)),
    ]

    assert codes == ["invalid", "invalid", "invalid"]


def test_use_token_works_once(edition):
    secret = services.issue_token(
        factories.make_user(), purpose=INVITATION, edition=edition, by=None
    )
    with transaction.atomic():
        services.use_token(secret, purpose=INVITATION, edition=edition)

    code = _error_code(lambda: services.use_token(secret, purpose=INVITATION, edition=edition))

    assert code == "used"


def test_expired_token_is_refused_and_carries_the_token(edition):
    secret = services.issue_token(
        factories.make_user(), purpose=INVITATION, edition=edition, by=None
    )
    AccountToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(services.TokenError) as raised:
        services.find_token(secret, purpose=INVITATION, edition=edition)

    assert (raised.value.code, raised.value.token) == ("expired", AccountToken.objects.get())


def test_a_new_token_replaces_the_unused_ones_of_the_same_purpose(edition):
    user = factories.make_user()
    first = services.issue_token(user, purpose=INVITATION, edition=edition, by=None)
    verification = services.issue_token(
        user, purpose=TokenPurpose.EMAIL_VERIFICATION, edition=edition, by=None
    )

    second = services.issue_token(user, purpose=INVITATION, edition=edition, by=None)

    assert (
        _error_code(lambda: services.find_token(first, purpose=INVITATION, edition=edition)),
        services.find_token(second, purpose=INVITATION, edition=edition).user,
        services.find_token(
            verification, purpose=TokenPurpose.EMAIL_VERIFICATION, edition=edition
        ).user,
    ) == ("replaced", user, user)


def test_a_set_password_link_gives_no_password_back_to_an_account_disabled_in_the_admin(db):
    ada = factories.make_user(last_login=timezone.now())
    secret = services.issue_token(ada, purpose=TokenPurpose.PASSWORD, by=None)
    ada.set_unusable_password()  # the site's administrators disabled it since
    ada.save()

    code = _error_code(lambda: services.set_password_from_link(secret, password="paddock-1957x"))

    ada.refresh_from_db()
    assert (code, ada.has_usable_password()) == ("disabled", False)
