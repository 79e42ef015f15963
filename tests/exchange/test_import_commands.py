from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants.models import Company, Participant
from tests import factories
from tests.exchange.files import FRENCH_EXCEL, xlsx

pytestmark = pytest.mark.integration


def _run(*args):
    """The command's exit status, standard output and error, as a person sees them."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def french_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(FRENCH_EXCEL)
    return path


def test_import_participants_command_creates_and_counts(edition, french_file):
    status = _run("import_participants", edition.slug, str(french_file))

    assert status == (
        0,
        "Created 2 people and 2 companies (0 companies already taking part).\n",
        "",
    )
    assert sorted(Participant.objects.values_list("user__email", "status")) == [
        ("francois.noel@example.fr", "invited"),
        ("helene.lefevre@example.fr", "invited"),
    ]
    assert mail.outbox == []


def test_import_participants_command_dry_run_changes_nothing(edition, french_file):
    status = _run("import_participants", edition.slug, str(french_file), "--dry-run")

    assert status == (
        0,
        "Would create 2 people and 2 companies (0 companies already taking part).\n",
        "",
    )
    assert (Participant.objects.count(), Company.objects.count()) == (0, 0)


def test_import_participants_command_invite_sends_invitations(
    edition, french_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        status = _run("import_participants", edition.slug, str(french_file), "--invite")

    assert (status[0], status[1].splitlines()[-1]) == (0, "2 invitations queued for sending.")
    assert sorted((m.to, m.subject != "") for m in mail.outbox) == [
        (["francois.noel@example.fr"], True),
        (["helene.lefevre@example.fr"], True),
    ]


def test_import_participants_command_errors_by_line_and_column(edition, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["E-mail", "Entreprise", "Pays", "Secteur", "Rôle"],
                ["a@example.com", "A", "FR", "energy", "buyer"],
                ["A@EXAMPLE.COM", "A", "FR", "energy", "buyer"],
                ["nope", "B", "Narnia", "energy", "buyer"],
            ]
        )
    )

    status = _run("import_participants", edition.slug, str(path), "--invite")

    assert status == (
        1,
        "",
        "line 3, column E-mail: a@example.com is already on line 2.\n"
        "line 4, column E-mail: nope is not an email address.\n"
        "line 4, column Pays: Unknown value: Narnia.\n",
    )
    assert (Participant.objects.count(), Company.objects.count(), mail.outbox) == (0, 0, [])


def test_import_participants_command_missing_required_column(edition, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"Name;Town\nAnn;Paris\n")

    status = _run("import_participants", edition.slug, str(path))

    assert status == (
        1,
        "",
        "Choose the column that holds “Email”: it is required.\n"
        "Choose the column that holds “Company”: it is required.\n"
        "Columns found: Name, Town.\n",
    )


def test_import_participants_command_options_override_detection(edition, tmp_path):
    path = tmp_path / "list.tsv"
    path.write_bytes("Email\tSociété\nz@example.com\tZèta\n".encode("cp1252"))

    status = _run(
        "import_participants",
        edition.slug,
        str(path),
        "--encoding",
        "cp1252",
        "--delimiter",
        "tab",
        "--role",
        "buyer",
        "--country",
        "fr",
        "--sector",
        "energy",
    )

    assert status[0] == 0
    assert list(Company.objects.values_list("name", "country", "sector")) == [
        ("Zèta", "FR", "energy")
    ]


def test_import_meetings_command_fixed_meetings(edition, tmp_path):
    first = factories.make_participant(edition, user=factories.make_user(email="a@example.com"))
    second = factories.make_participant(edition, user=factories.make_user(email="b@example.com"))
    path = tmp_path / "pairs.csv"
    path.write_bytes(b"Demandeur;Destinataire\na@example.com;B@example.com\n")

    status = _run("import_meetings", edition.slug, str(path), "--fixed")

    assert status == (0, "Created 1 meeting.\n", "")
    assert list(Meeting.objects.values_list("first", "second", "weight", "request")) == [
        (first.pk, second.pk, 3, None)
    ]


def test_import_meetings_command_errors_and_nothing_created(edition, tmp_path):
    first = factories.make_participant(edition, user=factories.make_user(email="a@example.com"))
    factories.make_participant(
        edition, user=factories.make_user(email="c@example.com"), company=first.company
    )
    factories.make_participant(
        edition, user=factories.make_user(email="r@example.com"), status="registered"
    )
    factories.make_participant(edition, user=factories.make_user(email="b@example.com"))
    path = tmp_path / "pairs.csv"
    path.write_bytes(
        b"Email 1;Email 2;Priority\n"
        b"a@example.com;b@example.com;must\n"
        b"b@example.com;A@example.com;could\n"
        b"a@example.com;a@example.com;\n"
        b"a@example.com;c@example.com;\n"
        b"a@example.com;r@example.com;\n"
        b"x@example.com;b@example.com;urgent\n"
    )

    status = _run("import_meetings", edition.slug, str(path))

    assert status == (
        1,
        "",
        "line 3, column Email 2: This pair is already on line 2.\n"
        "line 4, column Email 2: a@example.com is named twice: a meeting needs two people.\n"
        "line 5, column Email 2: a@example.com and c@example.com work for the same company: "
        "meetings are between companies.\n"
        "line 6, column Email 2: r@example.com is not a validated participant of this edition.\n"
        "line 7, column Email 1: x@example.com takes no part in this edition.\n"
        "line 7, column Priority: Unknown value: urgent.\n",
    )
    assert Meeting.objects.count() == 0


def test_import_meetings_command_pair_already_requested_and_edition_closed(edition, tmp_path):
    first = factories.make_participant(edition, user=factories.make_user(email="a@example.com"))
    second = factories.make_participant(edition, user=factories.make_user(email="b@example.com"))
    MeetingRequest.objects.create(edition=edition, requester=second, recipient=first)
    edition.status = "closed"
    edition.save(update_fields=["status"])
    path = tmp_path / "pairs.csv"
    path.write_bytes(b"From,To\na@example.com,b@example.com\n")

    status = _run("import_meetings", edition.slug, str(path), "--dry-run")

    assert status == (
        1,
        "",
        "This edition does not take meeting requests.\n"
        "line 2, column To: a@example.com and b@example.com already have a request or a "
        "meeting together.\n",
    )
    assert MeetingRequest.objects.count() == 1
