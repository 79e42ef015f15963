import datetime as dt
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from paddock.core.models import AuditEntry
from paddock.core.services import log_action
from paddock.events.enums import EditionRole, TeamInvitationStatus
from paddock.events.models import TeamInvitation
from paddock.events.services.team import invite_team_member
from tests import factories

pytestmark = pytest.mark.integration


def _admin_pages() -> list[str]:
    """Every model the admin shows: a page added later is opened too."""
    return sorted(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    )


ADMIN_PAGES = _admin_pages()


def test_admin_pages_open_for_a_superuser(client, participant):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    statuses = {name: client.get(reverse(name)).status_code for name in ADMIN_PAGES}

    assert statuses == dict.fromkeys(ADMIN_PAGES, 200)


def test_admin_refuses_an_organiser_without_superuser_rights(client, organiser_user):
    client.force_login(organiser_user)

    response = client.get(reverse("admin:events_edition_changelist"))

    assert (response.status_code, response.url.startswith(reverse("admin:login"))) == (302, True)


def test_audit_log_admin_refuses_to_add_change_or_delete_even_for_a_superuser(
    client, organiser_user
):
    entry = log_action("edition.update", by=organiser_user)
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    change_url = reverse("admin:core_auditentry_change", args=[entry.pk])

    statuses = [
        client.get(reverse("admin:core_auditentry_add")).status_code,
        client.post(change_url, {"action": "forged"}).status_code,
        client.get(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code,
        client.post(
            reverse("admin:core_auditentry_changelist"),
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        ).status_code,
    ]

    assert (statuses, list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))) == (
        [403, 403, 403, 200],
        ["edition.update", "account.login"],
    )


def test_audit_log_admin_shows_the_name_of_a_deleted_edition(client, edition, organiser_user):
    log_action("edition.update", by=organiser_user, edition=edition)
    name = edition.name
    edition.delete()
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:core_auditentry_changelist"))

    changelist = response.context["cl"]
    assert [
        (entry.action, changelist.model_admin.edition_label(entry))
        for entry in changelist.result_list
        if entry.action != "account.login"  # the superuser's own login
    ] == [("edition.update", name)]


def test_team_invitation_admin_shows_invitations_but_refuses_to_add_change_or_delete(
    client, edition, organiser_user
):
    invitation = invite_team_member(
        edition, by=organiser_user, email="agent@example.com", role=EditionRole.CHECKIN
    )
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    change_url = reverse("admin:events_teaminvitation_change", args=[invitation.pk])

    listing = client.get(reverse("admin:events_teaminvitation_changelist"))
    statuses = [
        client.get(reverse("admin:events_teaminvitation_add")).status_code,
        client.post(change_url, {"status": TeamInvitationStatus.DECLINED}).status_code,
        client.get(reverse("admin:events_teaminvitation_delete", args=[invitation.pk])).status_code,
    ]

    assert [row.email for row in listing.context["cl"].result_list] == ["agent@example.com"]
    assert (statuses, list(TeamInvitation.objects.values_list("status", flat=True))) == (
        [403, 403, 403],
        [TeamInvitationStatus.PENDING],
    )


def test_admin_shows_times_in_the_zone_of_the_superuser_s_edition_and_names_it(client, db):
    superuser = factories.make_user(is_staff=True, is_superuser=True)
    edition = factories.make_edition(name="IBD Tokyo", timezone="Asia/Tokyo")
    factories.give_role(superuser, edition, EditionRole.ORGANISER)
    entry = log_action("edition.update", by=superuser, edition=edition)
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=dt.datetime(2031, 6, 1, 12, 0, tzinfo=dt.UTC)
    )
    client.force_login(superuser)

    page = client.get(reverse("admin:core_auditentry_changelist")).content.decode()

    created = re.search(r"field-created_at[^>]*><a [^>]*>([^<]*)</a>", page)
    note = re.search(r'<p id="time-zone">([^<]*)</p>', page)
    assert (created.group(1), note.group(1) if note else None) == (
        "1 Jun 2031, 21:00",
        "Times are in the Asia/Tokyo time zone, that of IBD Tokyo.",
    )
