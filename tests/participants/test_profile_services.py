"""Services of the participant's profile editor and the attachment checks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from paddock.core.models import AuditEntry
from paddock.events.models import Session, TimeSlot
from paddock.participants import organisations, profile, services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import (
    Attachment,
    Category,
    Company,
    Need,
    Offer,
    Organisation,
    Participant,
)
from paddock.participants.services import CompanyError
from paddock.participants.validators import safe_filename, sniff_content_type
from tests import factories
from tests.participants import sample_files

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def need(participant):
    return Need.objects.create(company=participant.company, text="Titanium brackets")


def test_update_company_changes_fields_and_search_text(participant):
    company = participant.company

    profile.update_company(
        company, by=participant.user, name="Soudure Océane", city="Le Mans", description="Réparé"
    )

    company.refresh_from_db()
    assert (company.name, company.city, company.search_text) == (
        "Soudure Océane",
        "Le Mans",
        "soudure oceane le mans repare",
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["company.update"]


def test_update_company_logs_the_changed_fields_only(participant):
    company = participant.company

    profile.update_company(company, by=participant.user, name=company.name, city="Le Mans")

    assert AuditEntry.objects.get(action="company.update").data == {"fields": ["city"]}


def test_update_company_strips_control_characters_from_text(participant):
    company = participant.company

    profile.update_company(
        company,
        by=participant.user,
        name="Soudure\u202e Océane\r\n",
        description="Line one\x1b[31m\r\nLine two\u2066",
    )

    company.refresh_from_db()
    assert (company.name, company.description) == ("Soudure Océane", "Line one[31m\nLine two")


def test_update_company_refuses_a_name_taken_in_the_edition(edition, participant):
    factories.make_company(edition, name="Laser Nova")

    with pytest.raises(ValidationError) as caught:
        profile.update_company(participant.company, by=participant.user, name="laser nova")

    assert caught.value.message_dict == {"name": ["A company named laser nova already takes part."]}


def test_update_participant_details_sets_user_and_visibility(participant):
    profile.update_participant_details(
        participant,
        by=participant.user,
        first_name="Anne",
        last_name="Martin",
        job_title="Buyer",
        phone="+33 2 43 00 00 00",
        languages=["fr", "en"],
        role="buyer",
        show_email=True,
        show_phone=False,
        show_job_title=True,
    )

    participant.refresh_from_db()
    assert (
        participant.user.get_full_name(),
        participant.phone,
        participant.languages,
        participant.role,
        participant.show_email,
        participant.show_phone,
    ) == ("Anne Martin", "+33 2 43 00 00 00", ["fr", "en"], "buyer", True, False)


def test_update_participant_details_keeps_a_validation_made_since_the_page_was_read(edition):
    """The participant saves their profile while an organiser validates them: the save wrote
    back every field as the participant's request had read it, their status "registered"
    included (after the validation email had gone). Only the profile's fields are written."""
    participant = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    read = Participant.objects.get(pk=participant.pk)  # as the profile page's request read it
    organiser = factories.make_user()
    services.validate_participant(participant, by=organiser)

    profile.update_participant_details(
        read, by=read.user, first_name="Anne", last_name="Martin", job_title="Buyer",
        phone="", languages=["fr"], role="buyer", show_email=False, show_phone=False,
        show_job_title=True,
    )  # fmt: skip

    saved = Participant.objects.get(pk=participant.pk)
    assert (saved.status, saved.validated_by, saved.job_title, saved.user.first_name) == (
        ParticipantStatus.VALIDATED,
        organiser,
        "Buyer",
        "Anne",
    )


def test_update_company_keeps_an_organisation_linked_since_the_page_was_read(edition):
    """A representative edits the company while an organiser links it to an organisation of the
    directory: the edit wrote the link back to none. Only the fields edited are written."""
    company = factories.make_company(edition, name="Soudure Océane")
    read = Company.objects.get(pk=company.pk)  # as the company page's request read it
    organiser = edition.series.organiser
    directory = Organisation.objects.create(organiser=organiser, name="Soudure Océane Group")
    organisations.link_company(company, by=None, organisation=directory)

    profile.update_company(read, by=None, name="Soudure Océane", website="https://so.example")

    assert Company.objects.values_list("website", "organisation").get(pk=company.pk) == (
        "https://so.example",
        directory.pk,
    )


def test_add_capability_refuses_an_item_of_another_organiser(participant):
    theirs = factories.make_category(factories.make_organiser(), label_en="Theirs")

    with pytest.raises(CompanyError) as caught:
        profile.add_capability(
            participant.company, by=participant.user, kind="offer", category=theirs, text=""
        )

    assert (caught.value.code, caught.value.field, caught.value.message, Offer.objects.count()) == (
        "unknown_category",
        "category",
        "Theirs is not a capability of this edition.",
        0,
    )


def test_add_capability_refuses_an_empty_item(participant):
    with pytest.raises(CompanyError) as caught:
        profile.add_capability(
            participant.company, by=participant.user, kind="need", category=None, text="  "
        )

    assert (caught.value.code, caught.value.field) == ("empty_capability", "text")


def test_add_and_update_capability_keep_the_search_text(participant):
    category = Category.objects.get(code="welding")

    offer = profile.add_capability(
        participant.company, by=participant.user, kind="offer", category=category, text="MIG"
    )
    profile.update_capability(offer, by=participant.user, category=category, text="TIG inox")

    participant.company.refresh_from_db()
    assert (Offer.objects.get().text, participant.company.search_text.endswith("tig inox")) == (
        "TIG inox",
        True,
    )


@pytest.mark.parametrize(
    ("make_file", "content_type"),
    [
        (sample_files.pdf, "application/pdf"),
        (sample_files.png, "image/png"),
        (sample_files.jpeg, "image/jpeg"),
    ],
)
def test_add_attachment_takes_the_type_from_the_content(participant, need, make_file, content_type):
    upload = make_file()

    attachment = profile.add_attachment(need, by=participant.user, upload=upload)

    assert (attachment.content_type, attachment.original_name, attachment.need_id) == (
        content_type,
        upload.name,
        need.pk,
    )
    assert attachment.file.name.startswith(f"attachments/{participant.edition_id}/")
    assert upload.name not in attachment.file.name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.html", "report.pdf"),
        ("report.PDF", "report.PDF"),
        ("report", "report.pdf"),
        ("Spec v1.2", "Spec v1.2.pdf"),
    ],
)
def test_add_attachment_names_a_file_after_its_content(participant, need, name, expected):
    upload = sample_files.upload(name, sample_files.POLYGLOT_BYTES, "text/html")

    attachment = profile.add_attachment(need, by=participant.user, upload=upload)

    assert (attachment.original_name, attachment.content_type) == (expected, "application/pdf")
    assert attachment.file.name.endswith(".pdf")


def test_add_attachment_refuses_a_renamed_text_file(participant, need):
    upload = sample_files.upload("drawing.pdf", b"just some text", "application/pdf")

    with pytest.raises(ValidationError) as caught:
        profile.add_attachment(need, by=participant.user, upload=upload)

    assert caught.value.message_dict == {"file": ["drawing.pdf is not a PDF, PNG or JPEG file."]}
    assert Attachment.objects.count() == 0


def test_add_attachment_refuses_an_executable(participant, need):
    upload = sample_files.upload("drawing.exe", b"MZ\x90\x00\x03")

    with pytest.raises(ValidationError) as caught:
        profile.add_attachment(need, by=participant.user, upload=upload)

    assert caught.value.message_dict == {"file": ["drawing.exe is not a PDF, PNG or JPEG file."]}


def test_add_attachment_refuses_a_file_just_over_ten_megabytes(participant, need):
    size = 10 * 1024 * 1024 + 109
    upload = sample_files.upload("plan.pdf", sample_files.PDF_BYTES.ljust(size, b" "))

    with pytest.raises(ValidationError) as caught:
        profile.add_attachment(need, by=participant.user, upload=upload)

    assert caught.value.message_dict == {
        "file": ["plan.pdf is larger than 10 MB (10,485,869 bytes)."]
    }


def test_add_attachment_refuses_more_than_ten_megabytes(participant, need):
    size = int(12.3 * 1024 * 1024)
    upload = sample_files.upload("plan.pdf", sample_files.PDF_BYTES.ljust(size, b" "))

    with pytest.raises(ValidationError) as caught:
        profile.add_attachment(need, by=participant.user, upload=upload)

    assert caught.value.message_dict == {
        "file": ["plan.pdf is larger than 10 MB (12,897,484 bytes)."]
    }


def _padded_pdf(name, megabytes):
    size = int(megabytes * 1024 * 1024)
    return sample_files.upload(name, sample_files.PDF_BYTES.ljust(size, b" "))


def test_add_attachment_refuses_a_file_over_the_company_quota(participant, need, settings):
    settings.ATTACHMENT_QUOTA_MB = 1
    offer = Offer.objects.create(company=participant.company, text="Casting")
    profile.add_attachment(offer, by=participant.user, upload=_padded_pdf("a.pdf", 0.4))
    profile.add_attachment(need, by=participant.user, upload=_padded_pdf("b.pdf", 0.3))

    with pytest.raises(CompanyError) as caught:
        profile.add_attachment(need, by=participant.user, upload=_padded_pdf("plan.pdf", 0.5))

    assert (caught.value.code, caught.value.field, caught.value.message) == (
        "attachment_quota",
        "file",
        "plan.pdf (0.5 MB) does not fit: your company’s files take 0.7 MB of its 1 MB, "
        "0.3 MB left.",
    )
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]


def test_add_attachment_refuses_a_file_past_the_company_file_count(participant, need, settings):
    settings.ATTACHMENT_QUOTA_FILES = 2
    offer = Offer.objects.create(company=participant.company, text="Casting")
    profile.add_attachment(offer, by=participant.user, upload=sample_files.pdf("a.pdf"))
    profile.add_attachment(need, by=participant.user, upload=sample_files.png("b.png"))

    with pytest.raises(CompanyError) as caught:
        profile.add_attachment(need, by=participant.user, upload=sample_files.pdf("c.pdf"))

    assert (caught.value.code, caught.value.message, Attachment.objects.count()) == (
        "attachment_quota_files",
        "Your company already stores 2 files, the most it may: remove one to add c.pdf.",
        2,
    )


def test_remove_capability_deletes_its_attachments_and_files(
    participant, need, django_capture_on_commit_callbacks
):
    attachment = profile.add_attachment(need, by=participant.user, upload=sample_files.pdf())
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        profile.remove_capability(need, by=participant.user)

    assert (Attachment.objects.count(), storage.exists(name)) == (0, False)


def test_set_unavailable_slots_stores_the_slots(edition, participant):
    slots = _two_slots(edition)

    ids = profile.set_unavailable_slots(participant, by=participant.user, slots=slots[:1])

    assert ids == {slots[0].pk}
    assert list(participant.unavailable_slots.all()) == slots[:1]


def test_set_unavailable_slots_refuses_another_editions_slot(participant):
    other_slot = _two_slots(factories.make_edition())[0]

    with pytest.raises(ValidationError) as caught:
        profile.set_unavailable_slots(participant, by=participant.user, slots=[other_slot])

    assert caught.value.message_dict == {
        "slots": ["These slots are not part of this edition's time grid."]
    }


def _two_slots(edition):
    session = Session.objects.create(edition=edition, name="Morning", date=dt.date(2031, 6, 12))
    start = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)
    return [
        TimeSlot.objects.create(
            edition=edition,
            session=session,
            start=start + dt.timedelta(minutes=30 * n),
            end=start + dt.timedelta(minutes=30 * n + 25),
        )
        for n in range(2)
    ]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_sniff_content_type_reads_the_signature(head, expected):
    assert sniff_content_type(head) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\plan v2.pdf", "plan v2.pdf"),
        ('a"b;c\r\n.pdf', "a_b_c_.pdf"),
        ("pièce usinée.pdf", "pièce usinée.pdf"),
        ("...", "attachment"),
    ],
)
def test_safe_filename_keeps_a_plain_name(name, expected):
    assert safe_filename(name) == expected


def test_update_company_refuses_the_name_of_another_company_with_other_spacing(edition):
    factories.make_company(edition, name="RivalCo A")
    company = factories.make_company(edition, name="Moldes Lda")

    with pytest.raises(ValidationError) as raised:
        profile.update_company(company, by=None, name="rivalco  a")

    company.refresh_from_db()
    assert (raised.value.message_dict, company.name) == (
        {"name": ["A company named rivalco  a already takes part."]},
        "Moldes Lda",
    )
