"""Badges: issued once with a random code, printed eight per A4 sheet with a QR of the code."""

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.checkin import badges, services
from paddock.checkin.models import Badge
from paddock.core.models import AuditEntry
from paddock.participants.enums import ParticipantStatus
from tests import factories

pytestmark = pytest.mark.integration


def _people(edition, count: int, prefix: str = "p"):
    return [
        factories.make_participant(
            edition,
            user=factories.make_user(f"{prefix}{n}@example.com", first_name=f"P{n}"),
            company=factories.make_company(edition, name=f"Company {n}", country="FR"),
        )
        for n in range(count)
    ]


def test_issuing_creates_one_badge_per_validated_participant(edition, organiser_user):
    people = _people(edition, 2)
    factories.make_participant(edition, status=ParticipantStatus.INVITED)

    issued = services.issue_badges(edition, by=organiser_user)

    assert sorted(b.participant_id for b in issued) == sorted(p.pk for p in people)


def test_issuing_again_keeps_the_codes_and_logs_only_new_badges(edition, organiser_user):
    _people(edition, 2)
    first = {b.pk: b.code for b in services.issue_badges(edition, by=organiser_user)}

    again = {b.pk: b.code for b in services.issue_badges(edition, by=organiser_user)}

    logged = AuditEntry.objects.filter(action="checkin.badges_issued").count()
    assert (again, logged) == (first, 1)


def test_a_badge_code_is_random_and_says_nothing_of_its_wearer(edition, organiser_user):
    (person,) = _people(edition, 1)

    (badge,) = services.issue_badges(edition, by=organiser_user, participants=[person])

    words = {person.user.first_name, person.user.email, person.company.name, str(person.pk)}
    # Four characters at least: a one- or two-digit id turns up in 12 random characters by chance.
    assert (
        len(badge.code),
        set(badge.code) <= set(services.CODE_ALPHABET),
        any(word.lower() in badge.code.lower() for word in words if len(word) >= 4),
    ) == (12, True, False)


def test_the_qr_code_is_made_from_the_badge_code_alone():
    qr = badges.badge_qr("ABCD2345EFGH")

    assert (qr.matrix, qr.error, qr.mode) == (
        segno.make_qr("ABCD2345EFGH", error="m", boost_error=False).matrix,
        "M",
        "alphanumeric",
    )


def test_the_qr_code_is_embedded_as_an_svg_data_uri():
    assert badges.qr_data_uri("ABCD2345EFGH").startswith("data:image/svg+xml")


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (8, 1), (9, 2)])
def test_badges_fill_sheets_of_eight(edition, organiser_user, count, pages):
    _people(edition, count)
    issued = services.issue_badges(edition, by=organiser_user)

    document = badges.badges_document(edition, issued)

    assert (len(document.pages), document.write_pdf()[:5]) == (pages, b"%PDF-")


def _print_queries(client, edition, count: int) -> int:
    _people(edition, count, prefix=edition.slug)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("scheduling:badges-pdf", args=[edition.slug]))
    assert response.status_code == 200
    return len(queries)


def test_printing_badges_reads_as_many_queries_for_one_as_for_three(client, edition):
    other = factories.make_edition(series=edition.series, slug="three")
    organiser = factories.make_user()
    edition.series.organiser.members.add(organiser)
    client.force_login(organiser)

    assert _print_queries(client, edition, 1) == _print_queries(client, other, 3)


def test_staff_print_all_badges(client, edition, staff_user):
    _people(edition, 3)
    client.force_login(staff_user)

    response = client.get(reverse("checkin:badge-sheet", args=[edition.slug]), follow=True)

    assert (response.status_code, response.getvalue()[:5], Badge.objects.count()) == (
        200,
        b"%PDF-",
        3,
    )


def test_staff_print_one_participants_badge(client, edition, staff_user):
    person, _other = _people(edition, 2)
    client.force_login(staff_user)

    response = client.get(reverse("checkin:participant-badge", args=[edition.slug, person.pk]))

    assert (response.status_code, list(Badge.objects.values_list("participant", flat=True))) == (
        200,
        [person.pk],
    )


def test_a_participant_of_another_edition_has_no_badge_here(client, edition, staff_user):
    (stranger,) = _people(factories.make_edition(slug="elsewhere"), 1)
    client.force_login(staff_user)

    response = client.get(reverse("checkin:participant-badge", args=[edition.slug, stranger.pk]))

    assert (response.status_code, Badge.objects.count()) == (404, 0)


@pytest.mark.parametrize("who", ["participant_user", "checkin_user"])
def test_participants_and_checkin_agents_may_not_print_badges(client, edition, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("checkin:badge-sheet", args=[edition.slug]))

    assert (response.status_code, Badge.objects.count()) == (403, 0)
