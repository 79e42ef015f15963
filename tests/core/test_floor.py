"""What every page pays before its own work (issue 16): the session, the user, the edition and
the person's place in it are read with queries compiled once (paddock.core.prepared), so a
page compiles only the queries of its own content."""

import pytest
from django.urls import reverse

from paddock.events.enums import EditionRole
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.compilations import compiled_models

pytestmark = pytest.mark.integration


def test_floor_of_a_participant_page_compiles_no_query(client, participant, participant_user):
    participant.status = ParticipantStatus.REGISTERED
    participant.save()
    client.force_login(participant_user)
    url = reverse("participants-portal:home", args=[participant.edition.slug])
    client.get(url)

    with compiled_models() as models:
        response = client.get(url)

    assert (response.status_code, models) == (200, [])


def test_floor_of_an_organiser_page_compiles_no_query(client, edition, organiser_user):
    client.force_login(organiser_user)
    url = reverse("events:protocol", args=[edition.slug])
    client.get(url)

    with compiled_models() as models:
        response = client.get(url)

    assert response.status_code == 200
    assert [m for m in models if m in FLOOR] == []


FLOOR = {
    "sessions.Session",
    "accounts.User",
    "events.Edition",
    "events.EditionMembership",
    "events.Organiser_members",
    "participants.Participant",
}


def test_floor_of_a_staff_member_reads_the_roles_at_once(client, edition):
    user = factories.make_user()
    factories.give_role(user, edition, EditionRole.STAFF)
    client.force_login(user)
    url = reverse("events:edition-home", args=[edition.slug])
    assert client.get(url).status_code == 200
    user.edition_memberships.all().delete()

    response = client.get(url)

    assert response.status_code == 403
