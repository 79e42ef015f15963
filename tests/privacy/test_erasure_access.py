"""Erasure on request takes away everything that lets the person in or lists them in a team
(roles, organiser memberships, team invitations, API tokens, site flags), and is refused while
the person is the last one to organise something."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from paddock.api import services as api
from paddock.api.models import ApiToken
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionRole, TeamInvitationStatus
from paddock.events.models import EditionMembership, TeamInvitation
from paddock.privacy import services
from paddock.privacy.enums import ErasureStatus
from paddock.privacy.exceptions import PrivacyError
from paddock.privacy.models import ErasureRequest
from tests import factories
from tests.html_text import text_of

pytestmark = pytest.mark.integration


@pytest.fixture
def asker(edition):
    """A participant of `edition` who asked to be erased."""
    person = factories.make_participant(
        edition,
        user=factories.make_user(email="kim@example.com", first_name="Kim", last_name="Lee"),
    )
    services.request_erasure(person.user, edition=edition, by=person.user)
    return person.user


def _confirm(client, organiser_user, edition):
    client.force_login(organiser_user)
    erasure = ErasureRequest.objects.get()
    return client.post(
        reverse("privacy:erasure-confirm", args=[edition.slug, erasure.pk]), follow=True
    )


def test_erasure_on_request_takes_away_the_person_s_roles_memberships_invitations_and_tokens(
    client, edition, organiser_user, asker
):
    # Check-in agent here, staff of another organiser's edition with a pending invitation to
    # another role there, one of two members of that organiser, a token, a site flag.
    elsewhere = factories.make_edition(name="Elsewhere")
    factories.give_role(asker, edition, EditionRole.CHECKIN)
    factories.give_role(asker, elsewhere, EditionRole.STAFF)
    TeamInvitation.objects.create(
        edition=factories.make_edition(series=elsewhere.series),
        user=asker,
        email="kim@example.com",
        role=EditionRole.CHECKIN,
    )
    colleague = factories.make_user(email="colleague@example.com")
    elsewhere.series.organiser.members.add(asker, colleague)
    api.create_token(asker, by=asker, name="sync", editions=[edition], can_write=False)
    asker.is_staff = True
    asker.save()
    asker.groups.add(Group.objects.create(name="Helpdesk"))

    response = _confirm(client, organiser_user, edition)

    asker.refresh_from_db()
    team = client.get(reverse("events:team", args=[edition.slug]))
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert [str(m) for m in response.context["messages"]] == ["The person’s data was erased."]
    assert {
        "roles": list(EditionMembership.objects.filter(user=asker)),
        "invitations": list(TeamInvitation.objects.filter(user=asker)),
        "organisers": list(asker.organisers.all()),
        "colleague stays": list(elsewhere.series.organiser.members.all()),
        "tokens": list(ApiToken.objects.filter(user=asker)),
        "site": (asker.is_staff, asker.is_superuser, list(asker.groups.all())),
        "on the team page": asker.email in team.content.decode(),
    } == {
        "roles": [],
        "invitations": [],
        "organisers": [],
        "colleague stays": [colleague],
        "tokens": [],
        "site": (False, False, []),
        "on the team page": False,
    }
    assert (entry.object_repr, entry.data) == (
        f"user #{asker.pk}",
        {
            "origin": "request",
            "participations": 1,
            "files": 0,
            "roles": 2,
            "organisers": 1,
            "team_invitations": 1,
            "api_tokens": 1,
        },
    )


def test_erasure_of_an_organiser_s_only_member_is_refused_and_says_what_to_do(
    client, edition, organiser_user, asker
):
    # The person also runs, alone, the organiser of another series.
    theirs = factories.make_organiser(name="Kim Events", members=[asker])
    factories.make_series(organiser=theirs)

    response = _confirm(client, organiser_user, edition)

    asker.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [
        "Kim Lee is the only member of Kim Events, which organises its series: ask a site "
        "administrator to add another member to it (admin site, Organisers), then confirm the "
        "erasure again."
    ]
    assert (asker.email, list(asker.organisers.all()), ErasureRequest.objects.get().status) == (
        "kim@example.com",
        [theirs],
        ErasureStatus.PENDING,
    )


def test_erasure_of_the_only_member_of_an_organiser_without_series_goes_through(
    edition, organiser_user, asker
):
    factories.make_organiser(name="Kim Events", members=[asker])

    services.confirm_erasure(ErasureRequest.objects.get(), by=organiser_user)

    assert (list(asker.organisers.all()), ErasureRequest.objects.get().status) == (
        [],
        ErasureStatus.DONE,
    )


def test_erasure_of_an_edition_s_only_organiser_is_refused_and_says_what_to_do(
    edition, organiser_user, asker
):
    # An edition of an organiser without members, which the person organises by its role.
    theirs = factories.make_edition(name="Kim Fair")
    factories.give_role(asker, theirs, EditionRole.ORGANISER)

    with pytest.raises(PrivacyError) as refused:
        services.confirm_erasure(ErasureRequest.objects.get(), by=organiser_user)

    assert (refused.value.code, refused.value.message) == (
        "last_organiser",
        "Kim Lee is the only organiser of Kim Fair: ask a site administrator to give its "
        "Organiser role to someone else (admin site, the edition's roles), then confirm the "
        "erasure again.",
    )
    assert list(EditionMembership.objects.filter(user=asker).values_list("role", flat=True)) == [
        EditionRole.ORGANISER
    ]


def test_erasure_of_one_of_an_edition_s_organisers_goes_through(edition, organiser_user, asker):
    # The series' organiser has a member, who organises the edition too.
    factories.give_role(asker, edition, EditionRole.ORGANISER)

    services.confirm_erasure(ErasureRequest.objects.get(), by=organiser_user)

    assert list(EditionMembership.objects.filter(user=asker)) == []


def test_erasure_confirmation_page_of_an_organiser_s_only_member_says_what_to_do_first(
    client, edition, organiser_user, asker
):
    theirs = factories.make_organiser(name="Kim Events", members=[asker])
    factories.make_series(organiser=theirs)
    client.force_login(organiser_user)

    page = client.get(
        reverse("privacy:erasure-confirm", args=[edition.slug, ErasureRequest.objects.get().pk])
    )

    shown = " ".join(text_of(page.content.decode()).split())
    assert (
        "Kim Lee is the only member of Kim Events, which organises its series: ask a site "
        "administrator to add another member to it (admin site, Organisers), then confirm the "
        "erasure again." in shown,
        "Erase this person’s data" in shown,
    ) == (True, False)


def test_a_declined_team_invitation_goes_with_the_erasure_and_is_counted(
    edition, organiser_user, asker
):
    TeamInvitation.objects.create(
        edition=edition,
        user=asker,
        email="kim@example.com",
        role=EditionRole.STAFF,
        status=TeamInvitationStatus.DECLINED,
    )

    services.confirm_erasure(ErasureRequest.objects.get(), by=organiser_user)

    entry = AuditEntry.objects.get(action="privacy.erase")
    assert (list(TeamInvitation.objects.all()), entry.data["team_invitations"]) == ([], 1)
