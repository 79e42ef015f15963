"""Unsubscribing by the signed link at the foot of non-essential emails, and the preferences."""

import json

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import UNSUBSCRIBE_SALT, unsubscribe_token
from paddock.core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.integration

REQUESTS = MailKind.MEETING_REQUESTS


def _link(user, kind=REQUESTS):
    return reverse("accounts:unsubscribe", args=[unsubscribe_token(user, kind)])


def _opt_outs(user):
    user.refresh_from_db()
    return user.mail_opt_outs


def test_unsubscribe_page_asks_first_and_changes_nothing(client, db):
    ana = factories.make_user("ana@example.com")

    response = client.get(_link(ana))

    assert (response.status_code, response.context["kind"], _opt_outs(ana)) == (200, REQUESTS, [])


def test_unsubscribe_post_stops_that_kind_without_login(db):
    ana = factories.make_user("ana@example.com")
    client = Client(enforce_csrf_checks=True)

    response = client.post(_link(ana), {"scope": REQUESTS})

    assert (response.status_code, response.context["done"], _opt_outs(ana)) == (
        200,
        True,
        ["meeting_requests"],
    )
    assert list(AuditEntry.objects.values_list("action", "data")) == [
        ("account.mail_preferences", {"before": [], "after": ["meeting_requests"]})
    ]


def test_one_click_unsubscribe_by_a_mail_client_stops_that_kind(db):
    ana = factories.make_user("ana@example.com")
    client = Client(enforce_csrf_checks=True)

    client.post(
        _link(ana, MailKind.SCHEDULE_PUBLISHED),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert _opt_outs(ana) == ["schedule_published"]


def test_unsubscribe_from_all_non_essential_emails(client, db):
    ana = factories.make_user("ana@example.com")

    client.post(_link(ana), {"scope": "all"})

    assert _opt_outs(ana) == [
        "join_requests",
        "meeting_requests",
        "outcomes",
        "reminders",
        "schedule_published",
    ]


def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(client, db):
    ana = factories.make_user("ana@example.com")
    bruno = factories.make_user("bruno@example.com")
    signature = unsubscribe_token(ana, REQUESTS).rsplit(":", 1)[1]
    bruno_instead = json.dumps({"user": bruno.pk, "kind": REQUESTS}, separators=(",", ":"))
    tokens = [
        f"{signing.b64_encode(bruno_instead.encode()).decode()}:{signature}",
        signing.dumps({"user": ana.pk, "kind": REQUESTS}, salt="another.purpose"),
        "not-a-token",
    ]
    links = [reverse("accounts:unsubscribe", args=[token]) for token in tokens]

    responses = [client.post(link, {"scope": "all"}) for link in links]

    assert [(r.status_code, r.context["message"]) for r in responses] == [
        (404, "This unsubscribe link is not valid.")
    ] * 3
    assert (_opt_outs(ana), _opt_outs(bruno)) == ([], [])


def test_unsubscribe_link_sent_with_a_timestamp_still_stops_that_kind(client, db):
    ana = factories.make_user("ana@example.com")
    sent_before = signing.dumps(
        {"user": ana.pk, "kind": REQUESTS}, salt=UNSUBSCRIBE_SALT, compress=True
    )

    client.post(reverse("accounts:unsubscribe", args=[sent_before]), {"scope": REQUESTS})

    assert _opt_outs(ana) == ["meeting_requests"]


def test_mail_preferences_page_lets_the_person_opt_in_again(client, db):
    ana = factories.make_user("ana@example.com", mail_opt_outs=["meeting_requests"])
    client.force_login(ana)
    url = reverse("accounts:mail-preferences")
    shown = client.get(url).context["form"].initial

    client.post(url, {"wanted": ["meeting_requests", "schedule_published"]})

    assert (shown, _opt_outs(ana)) == (
        {"wanted": ["schedule_published", "reminders", "join_requests", "outcomes"]},
        ["join_requests", "outcomes", "reminders"],
    )


def test_mail_preferences_page_refuses_an_unknown_kind(client, db):
    ana = factories.make_user("ana@example.com")
    client.force_login(ana)

    response = client.post(reverse("accounts:mail-preferences"), {"wanted": ["newsletter"]})

    assert response.context["form"].errors == {
        "wanted": ["Select a valid choice. newsletter is not one of the available choices."]
    }
    assert _opt_outs(ana) == []


def test_mail_preferences_page_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get(reverse("accounts:mail-preferences"))

    assert response.url == f"{reverse('accounts:login')}?next=/accounts/emails/"
