"""An edition past its series' period after the retention job erased its whole team, its own
organiser role included: its organiser's members and the site administrators still open
every page of it, reports and the admin site included."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paddock.events.enums import EditionRole
from paddock.privacy.models import ErasureRequest
from paddock.privacy.services import erase_expired_personal_data
from paddock.reports.queries import edition_figures
from tests import factories
from tests.html_text import text_of
from tests.test_permissions import ALLOWED, EXPECTED, PAGES, make_objects, url_for

pytestmark = pytest.mark.integration


@pytest.fixture
def left(db):
    """The expired edition's objects (`test_permissions.make_objects`), its organiser role
    held by someone with no other link, and a member of its organiser, after the job ran."""
    series = factories.make_series(retention_months=6)
    ended = timezone.localdate() - dt.timedelta(days=400)
    old = factories.make_edition(series=series, start_date=ended, end_date=ended)
    buyer = factories.make_participant(old, user=factories.make_user(email="buyer@example.com"))
    objects = make_objects(old, buyer)
    factories.give_role(factories.make_user(email="boss@example.com"), old, EditionRole.ORGANISER)
    member = factories.make_user(email="member@example.com")
    series.organiser.members.add(member)
    figures = edition_figures(old)

    erased = erase_expired_personal_data()

    # The pending request of the buyer went with them: the job's own request stands for it.
    objects["erasure"] = ErasureRequest.objects.get(user=buyer.user)
    return {"objects": objects, "member": member, "erased": erased, "figures": figures}


def _pages_not_shown(client, objects, role: str) -> dict[str, int]:
    """Every page that opens by GET and that `role` opens in any edition
    (`test_permissions.EXPECTED`), with its status when it is neither shown nor a redirection."""
    statuses = {
        name: client.get(url_for(name, PAGES[name], objects)).status_code
        for name in sorted(set(PAGES) & set(EXPECTED))
        if EXPECTED[name].method == "get" and EXPECTED[name].outcomes[role] == ALLOWED
    }
    return {name: status for name, status in statuses.items() if status not in {200, 302}}


@pytest.mark.parametrize("role", ["organiser", "superuser"])
def test_an_expired_edition_without_its_team_opens_for_its_organisers(left, role):
    edition = left["objects"]["edition"]
    user = left["member"]
    if role == "superuser":
        user = factories.make_user(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)

    not_shown = _pages_not_shown(client, left["objects"], role)

    team = client.get(reverse("events:team", args=[edition.slug]))
    listed = " ".join(text_of(team.content.decode()).split())
    assert (left["erased"], list(edition.memberships.all()), not_shown) == (6, [], {})
    assert ("member@example.com" in listed, "@erased.invalid" in listed) == (True, False)
    assert edition_figures(edition) == left["figures"]


def test_an_expired_edition_without_its_team_opens_on_the_admin_site(left):
    edition = left["objects"]["edition"]
    client = Client()
    client.force_login(factories.make_user(is_superuser=True, is_staff=True))

    statuses = [
        client.get(reverse(name, args=[pk])).status_code
        for name, pk in (
            ("admin:events_edition_change", edition.pk),
            ("admin:events_organiser_change", edition.series.organiser_id),
            ("admin:events_eventseries_change", edition.series_id),
        )
    ]

    assert statuses == [200, 200, 200]
