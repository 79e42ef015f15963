"""Imports are read, checked and applied by the task worker; the wizard's pages follow the job,
then show the stored preview, and the import writes only what the preview showed."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from paddock.exchange import jobs, services
from paddock.exchange.models import ImportFile
from paddock.participants import batch
from paddock.participants.models import Company, Participant
from tests import factories

pytestmark = pytest.mark.integration

HEADER = b"Email;Company;Country;Sector;Role\n"
TWO_PEOPLE = (
    HEADER + b"ana@example.pt;Silva Lda;PT;energy;buyer\nbob@example.com;Stone;GB;energy;buyer\n"
)


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


def _url(edition, step="", upload=None, kind="participants"):
    name = f"exchange:import-{kind}" + (f"-{step}" if step else "")
    url = reverse(name, args=[edition.slug])
    return f"{url}?file={upload.pk}" if upload else url


def _upload(client, edition, data, name="list.csv", **fields):
    return client.post(_url(edition), {"file": SimpleUploadedFile(name, data), **fields})


def _progress(response) -> str:
    """The words of the job's progress section, tags stripped."""
    html = response.content.decode()
    found = re.search(r'<section id="import-progress".*?</section>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def _confirm(client, edition, upload, **extra):
    """Post the preview's form as shown now: the upload and the plan of its last check."""
    plan = ImportFile.objects.get(pk=upload.pk).plan
    return client.post(_url(edition, "preview"), {"file": str(upload.pk), "plan": plan, **extra})


def test_upload_stores_the_file_and_the_columns_page_waits_for_the_worker(
    organiser_client, edition, worker
):
    response = _upload(organiser_client, edition, TWO_PEOPLE)

    upload = ImportFile.objects.get()
    page = organiser_client.get(response.url)
    assert (response.url, upload.status, upload.headers, worker.pending()) == (
        _url(edition, "columns", upload),
        "queued",
        [],
        ["run_import_job"],
    )
    assert _progress(page) == ("list.csv Waiting to start Waiting for the worker to start. Refresh")
    assert re.findall(r"<progress [^>]*>", page.content.decode()) == [
        '<progress id="import-progress-bar" aria-labelledby="import-progress-words">'
    ]


def test_worker_reads_and_checks_the_file_then_the_pages_show_columns_and_preview(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()

    outcome = worker.run()
    columns = organiser_client.get(_url(edition, "columns", upload))
    preview = organiser_client.get(_url(edition, "preview", upload))

    assert outcome == ["checked"]
    assert [columns.context["form"][f"column_{i}"].initial for i in range(5)] == [
        "email",
        "company",
        "country",
        "sector",
        "role",
    ]
    assert (
        _progress(preview),
        "2 people to invite, 2 new companies" in preview.content.decode(),
    ) == (
        "",
        True,
    )


def test_the_page_shows_the_lines_checked_while_the_worker_checks(
    organiser_client, edition, worker, monkeypatch
):
    data = HEADER + b"".join(b"p%d@example.com;A;FR;energy;buyer\n" % n for n in range(2500))
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()
    seen = []
    real = jobs._progress

    def progress_and_look(job_upload, **changes):
        real(job_upload, **changes)
        if set(changes) == {"done"}:  # a report from the check's loop
            poll = organiser_client.get(_url(edition, "preview", upload), HTTP_HX_REQUEST="true")
            seen.append(_progress(poll))

    monkeypatch.setattr(jobs, "_progress", progress_and_look)

    worker.run()

    # Then, every 1,000 people, the models' checks say again that every line is checked: the
    # job is not taken for a silent one.
    assert seen == [
        f"list.csv Being checked {n} / 2500 {n} of 2500 lines checked. Refresh"
        for n in (1000, 2000, 2500, 2500, 2500)
    ]


def test_a_poll_that_finds_the_job_over_reloads_the_page(organiser_client, edition, worker):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    waiting = organiser_client.get(_url(edition, "preview", upload), HTTP_HX_REQUEST="true")
    worker.run()

    over = organiser_client.get(_url(edition, "preview", upload), HTTP_HX_REQUEST="true")

    assert (waiting.status_code, waiting.has_header("HX-Refresh")) == (200, False)
    assert (over.status_code, over["HX-Refresh"]) == (200, "true")


def test_the_preview_lists_the_first_500_errors_from_the_stored_check(
    organiser_client, edition, worker
):
    data = HEADER + b"bad-email;A;FR;energy;buyer\n" * 1200
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()
    worker.run()

    html = organiser_client.get(_url(edition, "preview", upload)).content.decode()

    listed = re.findall(r"<tr><td>(\d+)</td><td>Email</td>", html)
    assert (len(listed), listed[-1], len(ImportFile.objects.get().preview["errors"])) == (
        500,
        "501",
        500,
    )
    assert ("1200 errors: nothing will be imported" in html, "Import</button>" in html) == (
        True,
        False,
    )


def test_confirming_queues_the_import_that_the_worker_applies(organiser_client, edition, worker):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()

    asked = _confirm(organiser_client, edition, upload)
    waiting = organiser_client.get(asked.url)
    before = Participant.objects.count()
    outcome = worker.run()
    done = organiser_client.get(asked.url)

    assert (asked.url, _progress(waiting), before, outcome) == (
        _url(edition, "preview", upload),
        "list.csv Waiting to start Waiting for the worker to start. Refresh",
        0,
        ["applied"],
    )
    assert sorted(Participant.objects.values_list("user__email", "status")) == [
        ("ana@example.pt", "invited"),
        ("bob@example.com", "invited"),
    ]
    assert "2 people imported, 2 companies created, 0 companies reused." in done.content.decode()
    imported = ImportFile.objects.get()
    # The file is forgotten, with its first lines shown beside the columns and in the preview.
    assert (bytes(imported.content), imported.samples, imported.preview) == (b"", [], {})


def test_an_import_whose_email_was_taken_meanwhile_refuses_and_shows_the_new_check(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    factories.make_participant(edition, user=factories.make_user(email="bob@example.com"))

    outcome = worker.run()
    page = organiser_client.get(_url(edition, "preview", upload)).content.decode()

    assert (outcome, Participant.objects.count(), Company.objects.count()) == (["checked"], 1, 1)
    assert "Nothing was imported: the edition changed since the preview" in page
    assert "bob@example.com already takes part in this edition." in page
    assert "Import</button>" not in page


def test_the_notice_of_a_refused_import_goes_with_the_next_check(organiser_client, edition, worker):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    factories.make_participant(edition, user=factories.make_user(email="bob@example.com"))
    worker.run()
    chosen = {"file": str(upload.pk), "column_0": "email", "column_1": "company"}
    chosen |= {"column_2": "", "column_3": "sector", "column_4": "role", "country": "FR"}

    organiser_client.post(_url(edition, "columns"), chosen)
    worker.run()
    page = organiser_client.get(_url(edition, "preview", upload)).content.decode()

    assert "bob@example.com already takes part in this edition." in page
    assert "the edition changed since the preview" not in page


def test_an_import_confirmed_from_a_preview_that_other_columns_replaced_is_refused(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    first_tab = organiser_client.get(_url(edition, "preview", upload)).content.decode()
    chosen = {"file": str(upload.pk), "column_0": "email", "column_1": "company"}
    chosen |= {"column_2": "", "column_3": "sector", "column_4": "role", "country": "FR"}
    organiser_client.post(_url(edition, "columns"), chosen)  # in a second tab
    worker.run()

    form = re.search(r'<form method="post" class="actions">.*?</form>', first_tab, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    answer = organiser_client.post(_url(edition, "preview"), fields, follow=True)

    assert (worker.run(), Participant.objects.count()) == ([], 0)
    assert [str(message) for message in answer.context["messages"]] == [
        "The preview changed since this page was shown: nothing was imported. Here is the new one."
    ]


def test_an_import_whose_company_joined_meanwhile_refuses_then_imports_the_new_preview(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    stone = factories.make_company(edition, name="STONE")

    refused = worker.run()
    page = organiser_client.get(_url(edition, "preview", upload)).content.decode()
    _confirm(organiser_client, edition, upload)
    applied = worker.run()

    assert (refused, applied) == (["checked"], ["applied"])
    assert "2 people to invite, 1 new company, 1 company already taking part." in page
    assert sorted(Participant.objects.values_list("user__email", "company__name")) == [
        ("ana@example.pt", "Silva Lda"),
        ("bob@example.com", stone.name),
    ]


def test_an_import_whose_edition_languages_changed_meanwhile_refuses_then_imports_them(
    organiser_client, edition, worker
):
    # The file has no languages column: each person gets the edition's languages.
    edition.languages = ["fr"]
    edition.save(update_fields=["languages"])
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    edition.languages = ["en", "de"]
    edition.save(update_fields=["languages"])

    refused = worker.run()
    page = organiser_client.get(_url(edition, "preview", upload)).content.decode()
    _confirm(organiser_client, edition, upload)
    applied = worker.run()

    assert (refused, applied) == (["checked"], ["applied"])
    assert "Nothing was imported: the edition changed since the preview" in page
    assert sorted(Participant.objects.values_list("user__email", "languages")) == [
        ("ana@example.pt", ["en", "de"]),
        ("bob@example.com", ["en", "de"]),
    ]


def test_an_import_that_fails_in_the_worker_changes_nothing_and_offers_a_new_check(
    organiser_client, edition, worker, monkeypatch, caplog
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(batch, "add_participants", broken)
    outcome = worker.run()
    monkeypatch.undo()
    page = organiser_client.get(_url(edition, "preview", upload))
    retried = _confirm(organiser_client, edition, upload, retry="1")
    again = worker.run()

    assert (outcome, Participant.objects.count(), Company.objects.count()) == (["failed"], 0, 0)
    assert _progress(page) == (
        "list.csv Failed The import stopped on an unexpected error. Check the file again, then "
        "import it; if it fails again, tell the site’s administrator: the details are in the "
        "server’s log. Nothing was imported. Check the file again Upload another file"
    )
    assert (retried.url, again) == (_url(edition, "preview", upload), ["checked"])
    # The administrator finds the exception in the log.
    assert _logged_errors(caplog) == [("paddock.exchange.jobs", "disk full")]


def _failure_as_read(client, edition, upload, language):
    page = client.get(_url(edition, "preview", upload), HTTP_ACCEPT_LANGUAGE=language)
    found = re.search(
        r'<p class="message error" id="import-failure">([^<]*)</p>', page.content.decode()
    )
    return found.group(1) if found else None


def test_a_check_that_fails_in_the_worker_speaks_the_language_of_whoever_reads_it(
    organiser_client, edition, worker, monkeypatch, caplog
):
    organiser_client.post(
        _url(edition), {"file": SimpleUploadedFile("l.csv", TWO_PEOPLE)}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(jobs, "plan_participants", broken)
    outcome = worker.run()
    upload = ImportFile.objects.get()

    read = {
        lang: _failure_as_read(organiser_client, edition, upload, lang) for lang in ("en", "fr")
    }

    assert (outcome, read) == (
        ["failed"],
        {
            "en": "The check of the file stopped on an unexpected error. Check the file again; "
            "if it fails again, tell the site’s administrator: the details are in the server’s "
            "log.",
            "fr": "La vérification du fichier s’est arrêtée sur une erreur inattendue. Vérifiez "
            "le fichier à nouveau\u00a0; si elle échoue encore, prévenez l’administrateur du "
            "site\u00a0: le détail est dans le journal du serveur.",
        },
    )
    assert _logged_errors(caplog) == [("paddock.exchange.jobs", "disk full")]


def test_a_file_the_worker_cannot_read_says_why_in_the_language_of_whoever_reads_it(
    organiser_client, edition, worker
):
    organiser_client.post(
        _url(edition), {"file": SimpleUploadedFile("l.csv", HEADER)}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    outcome = worker.run()
    upload = ImportFile.objects.get()

    read = {
        lang: _failure_as_read(organiser_client, edition, upload, lang) for lang in ("en", "fr")
    }

    assert (outcome, read) == (
        ["failed"],
        {
            "en": "The file has no rows below its header.",
            "fr": "Le fichier n’a aucune ligne sous ses en-têtes.",
        },
    )


def _logged_errors(caplog):
    return [(r.name, str(r.exc_info[1])) for r in caplog.records if r.exc_info]


def test_a_job_whose_worker_fell_silent_is_shown_stopped_with_a_retry(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ImportFile.objects.filter(pk=upload.pk).update(status="checking", progressed_at=long_ago)
    worker.run()  # the lost task finds its job taken

    page = organiser_client.get(_url(edition, "preview", upload))
    _confirm(organiser_client, edition, upload, retry="1")

    assert _progress(page) == (
        "list.csv Failed The worker stopped answering before it finished. "
        "Check the file again Upload another file"
    )
    assert worker.run() == ["checked"]


def test_an_import_whose_worker_died_is_shown_stopped_with_nothing_imported(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    # Its worker took the job, then died: its transaction rolled back, releasing the row.
    ImportFile.objects.filter(pk=upload.pk).update(status="applying", progressed_at=long_ago)
    worker.run()

    page = organiser_client.get(_url(edition, "preview", upload))

    assert (_progress(page), Participant.objects.count()) == (
        "list.csv Failed The worker stopped answering before it finished. Nothing was imported. "
        "Check the file again Upload another file",
        0,
    )


def test_a_file_the_worker_cannot_read_shows_the_error_on_the_upload_form(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, "Email;Société\na@example.com;Crème\n".encode("cp1252"),
            encoding="utf-8")  # fmt: skip
    upload = ImportFile.objects.get()
    worker.run()

    page = organiser_client.get(_url(edition, "columns", upload))

    assert page.context["form"].errors == {
        "encoding": ["The file is not in utf-8: choose another encoding."]
    }
    assert _progress(page) == (
        "list.csv Failed The file is not in utf-8: choose another encoding. "
        "Choose the file again, with other settings if needed."
    )


def test_other_columns_while_a_check_waits_replace_it(organiser_client, edition, worker):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    chosen = {"file": str(upload.pk), "column_0": "email", "column_1": "company"}
    chosen |= {"column_2": "", "column_3": "sector", "column_4": "role", "country": "FR"}

    organiser_client.post(_url(edition, "columns"), chosen)

    assert (worker.pending(), ImportFile.objects.get().job) == (["run_import_job"], 2)
    assert worker.run() == ["checked"]


def test_the_same_columns_keep_the_check_done(organiser_client, edition, worker):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    chosen = {"file": str(upload.pk), "column_0": "email", "column_1": "company"}
    chosen |= {"column_2": "country", "column_3": "sector", "column_4": "role"}
    chosen |= {"role": "", "country": "", "sector": ""}

    response = organiser_client.post(_url(edition, "columns"), chosen)

    assert (response.url, worker.pending(), ImportFile.objects.get().job) == (
        _url(edition, "preview", upload),
        [],
        1,
    )


def test_a_new_upload_replaces_the_earlier_file(organiser_client, edition, worker):
    _upload(organiser_client, edition, TWO_PEOPLE, "first.csv")

    _upload(organiser_client, edition, TWO_PEOPLE, "second.csv")

    assert list(ImportFile.objects.values_list("name", flat=True)) == ["second.csv"]
    assert worker.run() == ["skipped", "checked"]


def test_a_tab_of_a_file_replaced_by_a_newer_upload_says_so_and_stops_polling(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE, "first.csv")
    first = ImportFile.objects.get()
    worker.run()
    old_tab = _url(edition, "preview", first)
    _upload(organiser_client, edition, TWO_PEOPLE, "second.csv")  # in another tab
    second = ImportFile.objects.get()

    poll = organiser_client.get(old_tab, HTTP_HX_REQUEST="true")
    page = organiser_client.get(old_tab)
    imported = organiser_client.post(_url(edition, "preview"), {"file": str(first.pk)})

    assert (poll.status_code, poll.headers.get("HX-Refresh")) == (200, "true")
    assert (page.status_code, imported.status_code) == (410, 410)
    words = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "This file was replaced by a newer upload: second.csv. Continue with it" in words
    assert f'<a href="{_url(edition, "columns", second)}">Continue with it</a>' in (
        page.content.decode()
    )
    assert "hx-trigger" not in page.content.decode()
    assert (worker.run(), Participant.objects.count()) == (["checked"], 0)


def test_the_start_page_leads_back_to_the_current_check_or_import(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    checking = organiser_client.get(_url(edition))
    worker.run()
    _confirm(organiser_client, edition, upload)
    importing = organiser_client.get(_url(edition))
    worker.run()
    imported = organiser_client.get(_url(edition))
    meetings = organiser_client.get(_url(edition, kind="meetings"))

    assert [_current(page) for page in (checking, importing, imported, meetings)] == [
        "Your current file list.csv Waiting to start Continue with it",
        "Your current file list.csv Waiting to start Continue with it",
        "Your current file list.csv Imported Continue with it",
        "",
    ]
    assert f'<a href="{_url(edition, "columns", upload)}">Continue with it</a>' in (
        checking.content.decode()
    )
    assert f'<a href="{_url(edition, "preview", upload)}">Continue with it</a>' in (
        imported.content.decode()
    )


def _current(response) -> str:
    """The words of the start page's section on the current upload, tags stripped."""
    html = response.content.decode()
    found = re.search(r'<section id="import-current".*?</section>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def test_a_new_upload_keeps_an_import_confirmed_and_waiting_for_the_worker(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE, "first.csv")
    first = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, first)

    _upload(organiser_client, edition, HEADER + b"cid@example.com;Stone;GB;energy;buyer\n")
    outcome = worker.run()

    assert (outcome, sorted(Participant.objects.values_list("user__email", flat=True))) == (
        ["applied", "checked"],
        ["ana@example.pt", "bob@example.com"],
    )
    assert organiser_client.get(_url(edition, "preview", first)).templates[0].name == (
        "exchange/orga/import_done.html"
    )


def test_the_clean_up_of_day_old_files_keeps_one_whose_import_waits_for_the_worker(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    ImportFile.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))

    deleted = services.delete_old_uploads()
    outcome = worker.run()

    assert (deleted, outcome, Participant.objects.count()) == (0, ["applied"], 2)


@pytest.mark.parametrize("step", ["columns", "preview"])
def test_an_import_is_seen_only_by_the_edition_organisers(
    organiser_client, edition, participant_user, worker, step
):
    client = organiser_client
    _upload(client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    other = factories.make_user(email="other@example.com")
    factories.make_edition().series.organiser.members.add(other)

    answers = []
    for user in (other, participant_user):
        client.force_login(user)
        answers.append(client.get(_url(edition, step, upload)).status_code)
        answers.append(client.get(_url(edition, step, upload), HTTP_HX_REQUEST="true").status_code)
        answers.append(_confirm(client, edition, upload, retry="1").status_code)

    assert (answers, worker.pending()) == ([403] * 6, ["run_import_job"])


def test_an_upload_is_reached_only_by_its_uploader_in_its_edition_and_wizard(
    organiser_client, edition, worker, staff_user
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    sister = factories.make_edition(series=edition.series)  # the uploader organises it too

    answers = [
        organiser_client.get(_url(sister, "preview", upload)).status_code,
        _confirm(organiser_client, sister, upload).status_code,
        organiser_client.get(_url(edition, "preview", upload, kind="meetings")).status_code,
    ]
    organiser_client.force_login(staff_user)  # staff of the edition, not the uploader
    answers.append(_confirm(organiser_client, edition, upload).status_code)

    assert (answers, worker.pending(), ImportFile.objects.get().status) == (
        [404] * 4,
        [],
        "checked",
    )


def test_the_file_s_cells_and_name_are_shown_as_text_on_every_page(
    organiser_client, edition, worker
):
    data = HEADER + b"<b>x</b>@example.com;<script>alert(1)</script>;FR;energy;buyer\n"
    _upload(organiser_client, edition, data, "<i>list.csv")
    upload = ImportFile.objects.get()

    waiting = organiser_client.get(_url(edition, "columns", upload))
    worker.run()
    columns = organiser_client.get(_url(edition, "columns", upload))
    preview = organiser_client.get(_url(edition, "preview", upload))

    pages = [page.content.decode() for page in (waiting, columns, preview)]
    assert [("<script>" in html, "<b>" in html, "<i>" in html) for html in pages] == [
        (False, False, False)
    ] * 3
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]
    assert "&lt;i&gt;list.csv" in pages[0]


def _errors_as_read(client, edition, upload, kind="participants"):
    """The preview's list of errors as its page shows them: line, column, problem."""
    html = client.get(_url(edition, "preview", upload, kind=kind)).content.decode()
    table = re.search(r'<table class="data" id="import-error-list">.*?</table>', html, re.S)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table.group(0))
    return [list(row) for row in rows]


def _switch_language(client, language):
    """The language menu of the pages (Django's `set_language`)."""
    client.post(reverse("set_language"), {"language": language})


def test_the_errors_of_a_check_read_in_the_language_the_reader_switches_to(
    organiser_client, edition, worker
):
    """The worker checked the file in French, the uploader's language then: switched to
    English, the uploader reads every error in English, the column the file lacks included,
    and in French again after switching back."""
    data = b"Email;Company;Country;Role\nbad-email;Atelier;Atlantis;buyer\n"
    _switch_language(organiser_client, "fr")
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()
    worker.run()

    _switch_language(organiser_client, "en")
    english = _errors_as_read(organiser_client, edition, upload)
    _switch_language(organiser_client, "fr")
    french = _errors_as_read(organiser_client, edition, upload)

    assert (upload.language, english, french) == (
        "fr",
        [
            ["2", "Email", "bad-email is not an email address."],
            ["2", "Country", "Unknown value: Atlantis."],
            ["2", "Sector", "Atelier is a new company: its Sector is required."],
        ],
        [
            ["2", "Email", "bad-email n’est pas une adresse e-mail."],
            ["2", "Country", "Valeur inconnue\u00a0: Atlantis."],
            [
                "2",
                "Secteur",
                "Atelier est une nouvelle entreprise\u00a0: le champ «\u00a0Secteur\u00a0» est "
                "obligatoire.",
            ],
        ],
    )


def test_the_errors_of_a_meetings_check_read_in_the_language_the_reader_switches_to(
    organiser_client, edition, worker
):
    data = b"First email;Second email;Priority\nnobody@example.com;who@example.com;soon\n"
    _switch_language(organiser_client, "fr")
    organiser_client.post(
        _url(edition, kind="meetings"),
        {"file": SimpleUploadedFile("m.csv", data), "meeting_kind": "wishes"},
    )
    upload = ImportFile.objects.get()
    worker.run()

    _switch_language(organiser_client, "en")
    english = _errors_as_read(organiser_client, edition, upload, kind="meetings")
    _switch_language(organiser_client, "fr")
    french = _errors_as_read(organiser_client, edition, upload, kind="meetings")

    assert (english, french) == (
        [
            ["2", "First email", "nobody@example.com takes no part in this edition."],
            ["2", "Second email", "who@example.com takes no part in this edition."],
            ["2", "Priority", "Unknown value: soon."],
        ],
        [
            ["2", "First email", "nobody@example.com ne participe pas à cette édition."],
            ["2", "Second email", "who@example.com ne participe pas à cette édition."],
            ["2", "Priority", "Valeur inconnue\u00a0: soon."],
        ],
    )


def test_a_preview_stored_before_errors_were_kept_in_no_language_still_reads(
    organiser_client, edition, worker
):
    """Previews written by the worker before this change hold plain strings: shown as they
    are, in the language they were written in."""
    _upload(organiser_client, edition, HEADER + b"bad-email;A;FR;energy;buyer\n")
    upload = ImportFile.objects.get()
    worker.run()
    ImportFile.objects.filter(pk=upload.pk).update(
        preview={
            "errors": [[2, "Email", "bad-email n’est pas une adresse e-mail."]],
            "error_count": 1,
        }
    )

    assert _errors_as_read(organiser_client, edition, upload) == [
        ["2", "Email", "bad-email n’est pas une adresse e-mail."]
    ]


def test_a_preview_of_many_people_lists_500_and_the_import_creates_them_all(
    organiser_client, edition, worker
):
    data = HEADER + b"".join(b"p%d@example.com;A;FR;energy;buyer\n" % n for n in range(501))
    _upload(organiser_client, edition, data)
    upload = ImportFile.objects.get()
    worker.run()

    html = organiser_client.get(_url(edition, "preview", upload)).content.decode()
    _confirm(organiser_client, edition, upload)
    outcome = worker.run()

    people = re.search(r'<table class="data" id="import-people">.*?</table>', html, re.S).group(0)
    assert (people.count("<tr><td>"), html.count("Only the first 500 are listed.")) == (500, 1)
    assert "501 people to invite, 1 new company, 0 companies already taking part." in html
    assert (outcome, Participant.objects.count()) == (["applied"], 501)


def test_a_file_whose_required_columns_are_not_recognised_goes_to_the_columns_page(
    organiser_client, edition, worker
):
    _upload(organiser_client, edition, b"Who;What\na@example.com;A\n")
    upload = ImportFile.objects.get()
    outcome = worker.run()

    preview = organiser_client.get(_url(edition, "preview", upload))

    assert (outcome, preview.status_code, preview.url) == (
        ["checked"],
        302,
        _url(edition, "columns", upload),
    )
    assert ImportFile.objects.get().preview == {}  # nothing checked yet


def test_the_page_says_the_import_goes_on_while_the_worker_imports(
    organiser_client, edition, worker, monkeypatch
):
    _upload(organiser_client, edition, TWO_PEOPLE)
    upload = ImportFile.objects.get()
    worker.run()
    _confirm(organiser_client, edition, upload)
    seen = []
    real = jobs.import_upload

    def look_and_import(*args, **kwargs):
        poll = organiser_client.get(_url(edition, "preview", upload), HTTP_HX_REQUEST="true")
        seen.append(_progress(poll))
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "import_upload", look_and_import)

    worker.run()

    assert seen == [
        "list.csv Being imported Importing: everything is written at once, or nothing. Refresh"
    ]
