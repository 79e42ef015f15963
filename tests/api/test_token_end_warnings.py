"""Owners are told before their tokens end: a mail a week before and again on the last day,
each once, written by `periodic` to the outbox in the owner's language; the tokens page marks
the tokens that end soon."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.models import OutgoingMail
from paddock.api import services
from paddock.api.models import ApiToken
from paddock.privacy.services import erased_email
from tests import factories
from tests.api.conftest import new_token

pytestmark = pytest.mark.integration

URL = "/accounts/api-tokens/"
# Factories' editions are in Europe/Paris, the zone of the tokens page and its mails.
END = dt.datetime(2041, 6, 12, 7, 5, tzinfo=dt.UTC)
WEEK_BEFORE, LAST_DAY = END - dt.timedelta(days=6, hours=20), END - dt.timedelta(hours=10)


@pytest.fixture
def participant_user(participant_user):
    """The participant, who reads English (the factories' edition speaks French first)."""
    participant_user.preferred_language = "en"
    participant_user.save()
    return participant_user


def _token(user, edition, *, name="CRM", end=END):
    new_token(user, edition)
    token = ApiToken.objects.filter(user=user).latest("pk")
    ApiToken.objects.filter(pk=token.pk).update(name=name, expires_at=end)
    return token


def _periodic():
    call_command("periodic", stdout=io.StringIO(), stderr=io.StringIO())


def _warn(now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.warn_of_token_ends(now=now)


def _mails(mailoutbox):
    return [(message.to, message.subject) for message in mailoutbox]


def test_owner_is_mailed_a_week_before_the_end_once_however_often_periodic_runs(
    edition, participant_user, mailoutbox
):
    end = timezone.now() + dt.timedelta(days=6, hours=20)
    token = _token(participant_user, edition, end=end)
    in_paris = end.astimezone(ZoneInfo("Europe/Paris"))

    _periodic()
    _periodic()

    (message,) = mailoutbox
    assert (message.to, message.subject) == (
        [participant_user.email],
        f"Your API token “CRM” ends on {in_paris:%d/%m/%Y}",
    )
    assert message.body == (
        "Hello,\n\n"
        "This API token of yours ends soon. From its end, the tool that uses it is refused "
        "(401 “expired”):\n\n"
        f"- “CRM” ({token.prefix}…), ends on {in_paris:%d/%m/%Y %H:%M} (Europe/Paris time)\n\n"
        "To keep a tool working, make a new token on the API tokens page and put it in the "
        "tool before the end:\n\n"
        "http://127.0.0.1:8000/accounts/api-tokens/?lang=en\n\n"
        "Paddock mails this a week before a token ends, and again on its last day. A token "
        "you no longer need can be left to end, or revoked on the same page.\n"
    )
    assert list(OutgoingMail.objects.values_list("kind", "status")) == [
        (OutgoingMailKind.API_TOKEN_END, "sent")
    ]


def test_owner_is_mailed_again_on_the_last_day_once(
    edition, participant_user, mailoutbox, django_capture_on_commit_callbacks
):
    _token(participant_user, edition)

    counts = [
        _warn(WEEK_BEFORE, django_capture_on_commit_callbacks),
        _warn(WEEK_BEFORE + dt.timedelta(days=3), django_capture_on_commit_callbacks),
        _warn(LAST_DAY, django_capture_on_commit_callbacks),
        _warn(LAST_DAY + dt.timedelta(hours=5), django_capture_on_commit_callbacks),
    ]

    assert (counts, len(mailoutbox), ApiToken.objects.get().end_warnings_sent) == (
        [1, 0, 1, 0],
        2,
        2,
    )


def test_a_token_first_seen_on_its_last_day_gets_the_last_mail_only(
    edition, participant_user, mailoutbox, django_capture_on_commit_callbacks
):
    _token(participant_user, edition)

    counts = [_warn(LAST_DAY, django_capture_on_commit_callbacks) for _run in range(2)]

    assert (counts, len(mailoutbox)) == ([1, 0], 1)


def test_the_mail_is_in_the_owner_s_language(
    edition, mailoutbox, django_capture_on_commit_callbacks
):
    owner = factories.make_participant(
        edition, user=factories.make_user(preferred_language="fr")
    ).user
    _token(owner, edition)

    _warn(WEEK_BEFORE, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert (message.subject, message.extra_headers["Content-Language"]) == (
        "Votre jeton d’API «\u00a0CRM\u00a0» prend fin le 12/06/2041",
        "fr",
    )
    assert "http://127.0.0.1:8000/accounts/api-tokens/?lang=fr" in message.body


def test_tokens_of_one_owner_ending_the_same_week_make_one_mail(
    edition, participant_user, mailoutbox, django_capture_on_commit_callbacks
):
    _token(participant_user, edition, name="CRM")
    _token(participant_user, edition, name="Badges", end=END - dt.timedelta(days=2))
    _token(participant_user, edition, name="Later", end=END + dt.timedelta(days=30))

    _warn(WEEK_BEFORE, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.subject == "2 of your API tokens end soon"
    assert re.findall(r"^- “(\w+)”", message.body, re.M) == ["Badges", "CRM"]


def test_no_mail_for_revoked_or_ended_tokens_nor_to_inactive_or_erased_accounts(
    edition, participant_user, mailoutbox, django_capture_on_commit_callbacks
):
    revoked = _token(participant_user, edition, name="Revoked")
    services.revoke_token(revoked, by=participant_user)
    _token(participant_user, edition, name="Ended", end=WEEK_BEFORE - dt.timedelta(minutes=1))
    inactive = factories.make_participant(edition).user
    _token(inactive, edition)
    inactive.is_active = False
    inactive.save()
    erased = factories.make_participant(edition).user
    _token(erased, edition)
    erased.email = erased_email(erased)
    erased.save()

    counts = _warn(WEEK_BEFORE, django_capture_on_commit_callbacks)

    assert (counts, mailoutbox) == (0, [])


def test_tokens_page_marks_the_tokens_that_end_soon(client, edition, participant_user):
    now = timezone.now()
    _token(participant_user, edition, name="Soon", end=now + dt.timedelta(days=6))
    _token(participant_user, edition, name="Later", end=now + dt.timedelta(days=8))
    revoked = _token(participant_user, edition, name="Revoked", end=now + dt.timedelta(days=6))
    services.revoke_token(revoked, by=participant_user)
    client.force_login(participant_user)

    page = client.get(URL).content.decode()

    rows = re.findall(r"<tr>\s*<td>(\w+)</td>(.*?)</tr>", page, re.S)
    assert {name: "Ends soon" in row for name, row in rows} == {
        "Soon": True,
        "Later": False,
        "Revoked": False,
    }
    assert "You get an email 7 days before the end, and again on the last day." in page
