"""The audit entries about a participation are the person's whatever they are called since:
"My data" hands them over and erasure anonymises them, found by the row they are about, and
older entries that record no row still by name."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from paddock.core.models import AuditEntry
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.profile import update_company, update_participant_details
from paddock.participants.services import validate_participant
from paddock.privacy import services
from paddock.privacy.enums import ErasureOrigin
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def person(edition):
    return factories.make_participant(
        edition,
        user=factories.make_user(email="ada@example.com", first_name="Ada", last_name="Byron"),
        company=factories.make_company(edition, name="Gearworks"),
        status=ParticipantStatus.REGISTERED,
    )


def _rename(person, *, last_name: str) -> None:
    update_participant_details(
        person,
        by=person.user,
        first_name="Ada",
        last_name=last_name,
        job_title="",
        phone="",
        languages=["en"],
        role=ParticipantRole.SUPPLIER,
        show_email=False,
        show_phone=False,
        show_job_title=False,
    )


def _audit_json(client, person) -> list[dict]:
    client.force_login(person.user)
    response = client.get(reverse("privacy-portal:export", args=[person.edition.slug]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("audit.json"))


def _older(entry: AuditEntry) -> None:
    """As entries were written before they recorded their row."""
    AuditEntry.objects.filter(pk=entry.pk).update(object_model="", object_id=None)


def test_my_data_holds_an_entry_about_the_person_written_before_they_renamed_themselves(
    client, person, organiser_user
):
    validate_participant(person, by=organiser_user)
    _rename(person, last_name="Lovelace")

    entries = _audit_json(client, person)

    assert [(row["action"], row["object"]) for row in entries[:2]] == [
        ("participant.validate", "Ada Byron (Gearworks)"),
        ("participant.update_profile", "Ada Lovelace (Gearworks)"),
    ]


def test_my_data_holds_an_older_entry_without_its_row_by_the_current_name(
    client, person, organiser_user
):
    validate_participant(person, by=organiser_user)
    _older(AuditEntry.objects.get(action="participant.validate"))

    entries = _audit_json(client, person)

    assert [(row["action"], row["object"]) for row in entries[:1]] == [
        ("participant.validate", "Ada Byron (Gearworks)"),
    ]


def _erase(person, organiser_user) -> None:
    erasure = services.request_erasure(person.user, edition=person.edition, by=person.user)
    services.confirm_erasure(erasure, by=organiser_user)


def test_erasure_anonymises_an_entry_about_the_person_written_before_they_renamed_themselves(
    person, organiser_user
):
    validate_participant(person, by=organiser_user)
    _rename(person, last_name="Lovelace")
    other = factories.make_participant(person.edition, status=ParticipantStatus.REGISTERED)
    validate_participant(other, by=organiser_user)

    _erase(person, organiser_user)

    entries = AuditEntry.objects.filter(action="participant.validate").order_by("pk")
    assert list(entries.values_list("object_repr", flat=True)) == [
        f"user #{person.user.pk}",
        str(other),
    ]


def test_erasure_anonymises_an_older_entry_without_its_row_by_the_current_name(
    person, organiser_user
):
    validate_participant(person, by=organiser_user)
    _older(AuditEntry.objects.get(action="participant.validate"))

    _erase(person, organiser_user)

    entry = AuditEntry.objects.get(action="participant.validate")
    assert entry.object_repr == f"user #{person.user.pk}"


def test_erasure_anonymises_a_bulk_invitations_entry_written_before_the_company_was_renamed(
    edition, organiser_user
):
    company = factories.make_company(edition, name="Gearworks")
    (invited,) = invite_many(
        edition,
        by=organiser_user,
        invitees=[Invitee("ada@example.com", "Ada", "Byron", company, "buyer", ["en"])],
    )
    update_company(company, by=organiser_user, name="Gearworks SA")

    services.erase_person(
        invited.user, by=organiser_user, edition=edition, origin=ErasureOrigin.RETENTION
    )

    entry = AuditEntry.objects.get(action="participant.invite")
    assert entry.object_repr == f"user #{invited.user.pk}"
