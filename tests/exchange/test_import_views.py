import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from paddock.exchange import jobs
from paddock.exchange.models import ImportFile
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants.models import Company, Participant
from tests import factories
from tests.exchange.files import FRENCH_EXCEL, xlsx, xlsx_with_sheet_end

pytestmark = pytest.mark.integration


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


def _url(edition, name, upload=None):
    url = reverse(f"exchange:{name}", args=[edition.slug])
    return f"{url}?file={upload.pk}" if upload else url


def _upload(client, edition, data, name="list.csv", kind="participants", **fields):
    return client.post(
        _url(edition, f"import-{kind}"),
        {"file": SimpleUploadedFile(name, data), **fields},
    )


def _shown(upload) -> dict[str, str]:
    """The preview's form as shown now: the upload and the plan of its last check."""
    return {"file": str(upload.pk), "plan": ImportFile.objects.get(pk=upload.pk).plan}


def _stored_files() -> int:
    """Uploads whose file is still kept (an imported one keeps only what it created)."""
    return ImportFile.objects.exclude(content=b"").count()


def _cells(html, table_id):
    """The text of each body row of a table, cell by cell."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in rows
    ]


def test_import_wizard_french_excel_file_to_invitations(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    response = _upload(organiser_client, edition, FRENCH_EXCEL, "export.csv")
    upload = ImportFile.objects.get()
    assert (response.status_code, response.url) == (
        302,
        _url(edition, "import-participants-columns", upload),
    )

    columns = organiser_client.get(response.url)
    initial = [columns.context["form"][f"column_{i}"].initial for i in range(8)]
    assert initial == [
        "email",
        "first_name",
        "last_name",
        "company",
        "country",
        "sector",
        "role",
        "description",
    ]

    chosen = {f"column_{i}": key for i, key in enumerate(initial)} | {"file": str(upload.pk)}
    chosen["column_7"] = ""  # the description is ignored
    response = organiser_client.post(_url(edition, "import-participants-columns"), chosen)
    assert response.url == _url(edition, "import-participants-preview", upload)

    preview = organiser_client.get(response.url).content.decode()
    assert _cells(preview, "import-people") == [
        ["2", "helene.lefevre@example.fr", "Hélène", "Lefèvre", "Soudures Lefèvre"],
        ["4", "francois.noel@example.fr", "François", "Noël", "Crème Brûlée SA"],
    ]
    assert (Participant.objects.count(), Company.objects.count()) == (0, 0)

    done = organiser_client.post(
        _url(edition, "import-participants-preview"), _shown(upload), follow=True
    )
    people = list(Participant.objects.order_by("user__email"))
    assert (
        [(p.user.email, p.status, p.company.description) for p in people],
        _stored_files(),
        mail.outbox,
    ) == (
        [
            ("francois.noel@example.fr", "invited", ""),
            ("helene.lefevre@example.fr", "invited", ""),
        ],
        0,
        [],
    )
    assert "2 people imported, 2 companies created, 0 companies reused." in done.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _url(edition, "import-participants-invite"),
            {"participant": [str(p.pk) for p in people]},
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "francois.noel@example.fr",
        "helene.lefevre@example.fr",
    ]
    assert response.url == reverse("participants:participant-list", args=[edition.slug]) + (
        "?status=invited"
    )


def test_import_invite_with_ids_that_are_no_numbers_invites_nobody(organiser_client, edition):
    response = organiser_client.post(
        _url(edition, "import-participants-invite"), {"participant": ["²", "9" * 30]}
    )

    assert (response.status_code, mail.outbox) == (302, [])


def test_import_preview_lists_every_error_and_import_refused(organiser_client, edition):
    data = (
        b"Email;Company;Country;Sector;Role\n"
        b"dup@example.com;A;FR;energy;buyer\n"
        b"DUP@example.com;A;FR;energy;buyer\n"
        b"bad-email;A;FR;energy;buyer\n"
    )
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()

    preview = organiser_client.get(_url(edition, "import-participants-preview", upload))
    refused = organiser_client.post(
        _url(edition, "import-participants-preview"), _shown(upload), follow=True
    )

    assert _cells(preview.content.decode(), "import-error-list") == [
        ["3", "Email", "dup@example.com is already on line 2."],
        ["4", "Email", "bad-email is not an email address."],
    ]
    assert _cells(refused.content.decode(), "import-error-list") == [
        ["3", "Email", "dup@example.com is already on line 2."],
        ["4", "Email", "bad-email is not an email address."],
    ]
    assert "Import</button>" not in preview.content.decode()
    assert (Participant.objects.count(), Company.objects.count(), _stored_files()) == (
        0,
        0,
        1,
    )


def test_import_preview_with_errors_announces_nothing_to_create(organiser_client, edition):
    data = b"Email;Company;Country;Sector;Role\nok@x.fr;A;FR;energy;buyer\nbad;A;FR;energy;buyer\n"
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()

    preview = organiser_client.get(_url(edition, "import-participants-preview", upload))

    page = preview.content.decode()
    assert ("1 error: nothing will be imported" in page, 'id="import-summary"' in page) == (
        True,
        False,
    )


def test_import_preview_names_the_new_companies_country_and_sector_in_the_page_language(
    organiser_client, edition
):
    data = "Courriel;Société;Pays;Secteur;Rôle\nh@example.fr;Garage d’Arnage;DE;Énergie;buyer\n"
    _upload(organiser_client, edition, data.encode("cp1252"))
    upload = ImportFile.objects.get()

    preview = organiser_client.get(
        _url(edition, "import-participants-preview", upload), HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert _cells(preview.content.decode(), "import-companies") == [
        ["Garage d’Arnage", "Allemagne", "Énergie", "Nouvelle"]
    ]


def test_import_upload_unreadable_file_named_on_the_field(organiser_client, edition):
    response = _upload(organiser_client, edition, b"\xd0\xcf\x11\xe0" + bytes(50), "old.xls")

    assert (response.status_code, response.context["form"].errors, ImportFile.objects.count()) == (
        200,
        {"file": ["This is an old Excel file (.xls): save it as .xlsx or CSV and try again."]},
        0,
    )


def test_import_upload_unknown_sheet_named_on_the_sheet_field(organiser_client, edition):
    data = xlsx([["Email", "Company"]])

    response = _upload(organiser_client, edition, data, "list.xlsx", sheet="Nope")

    assert response.context["form"].errors == {
        "sheet": ["The spreadsheet has no sheet named Nope; its sheets: Participants."]
    }


def test_import_columns_required_field_not_chosen(organiser_client, edition):
    _upload(organiser_client, edition, b"Email;Company\na@example.com;A\n")
    upload = ImportFile.objects.get()

    response = organiser_client.post(
        _url(edition, "import-participants-columns"),
        {"file": str(upload.pk), "column_0": "email", "column_1": ""},
    )

    assert response.context["form"].non_field_errors() == [
        "Choose the column that holds “Company”: it is required."
    ]


def test_import_upload_of_another_person_not_found(client, edition, organiser_user, staff_user):
    client.force_login(organiser_user)
    _upload(client, edition, b"Email;Company\na@example.com;A\n")
    upload = ImportFile.objects.get()
    client.force_login(staff_user)

    response = client.get(_url(edition, "import-participants-preview", upload))

    assert response.status_code == 404


def test_import_pages_in_french(organiser_client, edition):
    _upload(organiser_client, edition, b"Email;Company\na@example.com;A\n")
    upload = ImportFile.objects.get()

    page = organiser_client.get(
        _url(edition, "import-participants-preview", upload), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).strip() == "Importer des participants"


def test_import_meetings_wizard_creates_wishes(organiser_client, edition):
    first = factories.make_participant(edition, user=factories.make_user(email="a@example.com"))
    second = factories.make_participant(edition, user=factories.make_user(email="b@example.com"))
    data = b"Email 1;Email 2;Priority\nA@example.com;b@example.com;must\n"
    _upload(organiser_client, edition, data, kind="meetings", meeting_kind="wishes")
    upload = ImportFile.objects.get()
    organiser_client.post(
        _url(edition, "import-meetings-columns"),
        {
            "file": str(upload.pk),
            "column_0": "first_email",
            "column_1": "second_email",
            "column_2": "priority",
        },
    )

    done = organiser_client.post(
        _url(edition, "import-meetings-preview"), _shown(upload), follow=True
    )

    assert list(
        MeetingRequest.objects.values_list("requester", "recipient", "priority", "status")
    ) == [(first.pk, second.pk, "must", "pending")]
    assert "1 meeting imported." in done.content.decode()
    assert Meeting.objects.count() == 0


def test_import_meetings_refuses_a_person_unvalidated_after_its_check_before_its_transaction(
    organiser_client, edition, monkeypatch
):
    factories.make_participant(edition, user=factories.make_user(email="a@example.com"))
    second = factories.make_participant(edition, user=factories.make_user(email="b@example.com"))
    data = b"Email 1;Email 2\na@example.com;b@example.com\n"
    _upload(organiser_client, edition, data, kind="meetings", meeting_kind="wishes")
    upload = ImportFile.objects.get()
    columns = {"file": str(upload.pk), "column_0": "first_email", "column_1": "second_email"}
    organiser_client.post(_url(edition, "import-meetings-columns"), columns)
    real_plan = jobs.plan_upload

    def unvalidated_once_checked(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        monkeypatch.setattr(jobs, "plan_upload", real_plan)
        Participant.objects.filter(pk=second.pk).update(status="registered")
        return planned

    monkeypatch.setattr(jobs, "plan_upload", unvalidated_once_checked)

    page = organiser_client.post(
        _url(edition, "import-meetings-preview"), _shown(upload), follow=True
    ).content.decode()

    assert MeetingRequest.objects.count() == 0
    assert "Nothing was imported: the edition changed since the preview" in page
    assert "b@example.com is not a validated participant of this edition." in page


def test_import_preview_lists_the_first_500_errors_of_many(organiser_client, edition):
    # 200,000 bad lines (4 MB) made a page of 55 MB that took 16 s to write.
    data = b"Email;Company;Country;Sector;Role\n" + b"bad-email;A;FR;energy;buyer\n" * 501
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()

    preview = organiser_client.get(_url(edition, "import-participants-preview", upload))

    html = preview.content.decode()
    rows = _cells(html, "import-error-list")
    assert (len(rows), rows[-1]) == (500, ["501", "Email", "bad-email is not an email address."])
    assert "501 errors: nothing will be imported" in html
    assert "Only the first 500 are listed." in html


def test_import_upload_of_a_whole_sheet_merged_refused_on_the_file_field(
    client, edition, staff_user
):
    # 1.5 KB from anyone of the team: openpyxl built the 17 billion cells of the merged range,
    # in the task worker that every organiser of the server shares, until memory ran out.
    client.force_login(staff_user)
    merged = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'

    response = _upload(client, edition, xlsx_with_sheet_end(merged), "merged.xlsx")

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {
            "file": [
                "The spreadsheet is larger than an import reads: more than 2000000 cells, "
                "1048576 rows or 200000 other elements (formats, validations, charts) in all its "
                "sheets, a range merged, linked or commented counting each of its cells. Keep "
                "only the sheet to import and its rows, then upload it again."
            ]
        },
    )
