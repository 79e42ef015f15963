"""The long PDFs (all agendas, room sheets, badges) are built by the task worker, followed on
the documents page, then served from storage until the data they show changes."""

import datetime as dt
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from paddock.core import pdf
from paddock.scheduling import services
from paddock.scheduling.enums import DocumentStatus
from paddock.scheduling.models import StoredDocument
from paddock.scheduling.services import documents as stored_documents

pytestmark = pytest.mark.integration


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def _agendas(client, edition, language="en", **extra):
    url = reverse("scheduling:agendas-pdf", args=[edition.slug])
    return client.get(url, {"language": language}, **extra)


def _page(client, edition, **extra):
    return client.get(reverse("scheduling:documents", args=[edition.slug]), **extra)


def _states(response) -> list[str]:
    """The words of each stored document's entry on the documents page, tags stripped."""
    html = response.content.decode()
    entries = re.findall(r'<li id="document-\d+">(.*?)</li>', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", entry).split()) for entry in entries]


def _bars(response) -> list[str]:
    return re.findall(r"<progress [^>]*>", response.content.decode())


def test_all_agendas_first_ask_queues_a_build_that_the_page_follows(staff, edition, placed, worker):
    response = _agendas(staff, edition)

    page = _page(staff, edition)
    document = StoredDocument.objects.get()
    assert (response.status_code, response["Location"], worker.pending()) == (
        302,
        reverse("scheduling:documents", args=[edition.slug]) + "#stored-documents",
        ["build_document"],
    )
    assert _states(page) == [
        "All agendas English Waiting to start Waiting for the worker to start."
    ]
    assert _bars(page) == [
        f'<progress id="progress-{document.pk}" aria-labelledby="document-{document.pk}-words">'
    ]
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_all_agendas_page_shows_the_parts_laid_out_while_the_worker_builds(
    staff, edition, placed, worker, monkeypatch
):
    _agendas(staff, edition)
    seen = []
    real = pdf.render_part

    def render_and_look(part, stylesheet=None):
        seen.append(_states(_page(staff, edition, HTTP_HX_REQUEST="true")))
        return real(part, stylesheet)

    monkeypatch.setattr(pdf, "render_part", render_and_look)

    worker.run()

    assert seen == [
        [f"All agendas English Being prepared {n} / 4 {n} of 4 parts laid out."] for n in range(4)
    ]


def test_all_agendas_once_built_are_served_from_storage_without_building_again(
    staff, edition, placed, worker
):
    _agendas(staff, edition)
    assert worker.run() == ["ready"]
    stored = StoredDocument.objects.get()

    response = _agendas(staff, edition)
    again = _agendas(staff, edition)

    with default_storage.open(stored.file.name) as file:
        kept = file.read()
    assert (response.status_code, response["Content-Type"], response.getvalue()) == (
        200,
        "application/pdf",
        kept,
    )
    assert (again.getvalue() == kept, worker.pending(), StoredDocument.objects.get().build) == (
        True,
        [],
        1,
    )
    assert response["Content-Disposition"] == f'inline; filename="agendas-{edition.slug}.pdf"'
    assert kept[:5] == b"%PDF-"


def test_all_agendas_ready_page_offers_the_download(staff, edition, placed, worker):
    _agendas(staff, edition)
    worker.run()

    page = _page(staff, edition, HTTP_HX_REQUEST="true")

    (state,) = _states(page)
    url = reverse("scheduling:agendas-pdf", args=[edition.slug]) + "?language=en"
    assert (state.split(" Prepared ")[0], f'href="{url}"' in page.content.decode()) == (
        "All agendas English Ready Download",
        True,
    )
    assert "hx-trigger" not in page.content.decode()


def test_a_ready_document_says_when_it_was_prepared_in_the_edition_time_zone(
    staff, edition, placed, worker
):
    _agendas(staff, edition)
    worker.run()
    prepared = dt.datetime(2026, 6, 10, 8, 5, tzinfo=dt.UTC)  # 10:05 in Paris (summer time)
    StoredDocument.objects.update(finished_at=prepared)

    page = _page(staff, edition, HTTP_HX_REQUEST="true")

    (state,) = _states(page)
    assert state.split(" Prepared ")[1].split(" in ")[0] == "10 Jun 2026, 10:05"


def test_all_agendas_are_built_again_after_a_meeting_moves(staff, edition, venue, placed, worker):
    _agendas(staff, edition)
    worker.run()
    first = StoredDocument.objects.get()
    old_bytes = _agendas(staff, edition).getvalue()

    services.move_meeting(placed[0], by=None, slot=venue.slots[2], table=venue.tables[2])
    asked = _agendas(staff, edition)
    outcome = worker.run()
    served = _agendas(staff, edition)

    second = StoredDocument.objects.get()
    assert (asked.status_code, outcome, second.build) == (302, ["ready"], 2)
    assert (second.fingerprint != first.fingerprint, served.getvalue() != old_bytes) == (
        True,
        True,
    )
    assert (default_storage.exists(first.file.name), default_storage.exists(second.file.name)) == (
        False,
        True,
    )


def test_room_sheets_are_built_in_the_request_with_the_inline_backend(staff, edition, placed):
    url = reverse("scheduling:room-sheets-pdf", args=[edition.slug])

    response = staff.get(url)
    again = staff.get(url)

    document = StoredDocument.objects.get()
    served = response.getvalue()
    assert (response.status_code, served[:5], document.status, document.build) == (
        200,
        b"%PDF-",
        DocumentStatus.READY,
        1,
    )
    assert again.getvalue() == served


@pytest.mark.usefixtures("placed")
def test_a_failed_build_shows_its_error_and_a_retry(staff, edition, worker, monkeypatch, caplog):
    _agendas(staff, edition)

    def broken(part, stylesheet=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(pdf, "render_part", broken)
    outcome = worker.run()
    monkeypatch.undo()

    page = _page(staff, edition)
    url = reverse("scheduling:agendas-pdf", args=[edition.slug]) + "?language=en"
    assert (outcome, _states(page)) == (
        ["failed"],
        [
            "All agendas English Failed The preparation stopped on an unexpected error. "
            "Try again; if it fails again, tell the site’s administrator: the details are in "
            "the server’s log. Try again"
        ],
    )
    assert [(r.name, str(r.exc_info[1])) for r in caplog.records if r.exc_info] == [
        ("paddock.scheduling.services.documents", "No space left on device")
    ]
    assert f'<a href="{url}">Try again</a>' in page.content.decode()
    assert (_agendas(staff, edition).status_code, worker.run()) == (302, ["ready"])


@pytest.mark.usefixtures("placed")
def test_a_failed_build_speaks_the_language_of_whoever_reads_it(
    staff, edition, worker, monkeypatch
):
    _agendas(staff, edition)

    def broken(part, stylesheet=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(pdf, "render_part", broken)
    with translation.override("fr"):  # the worker's language is nobody's
        worker.run()
    monkeypatch.undo()

    read = {
        language: re.search(
            r'<p class="message error">([^<]*)</p>',
            _page(staff, edition, HTTP_ACCEPT_LANGUAGE=language).content.decode(),
        ).group(1)
        for language in ("en", "fr")
    }

    assert read == {
        "en": "The preparation stopped on an unexpected error. Try again; if it fails again, "
        "tell the site’s administrator: the details are in the server’s log.",
        "fr": "La préparation s’est arrêtée sur une erreur inattendue. Réessayez\u00a0; si "
        "elle échoue encore, prévenez l’administrateur du site\u00a0: le détail est dans le "
        "journal du serveur.",
    }


def test_a_build_whose_worker_fell_silent_is_shown_failed_and_asked_again(
    staff, edition, placed, worker
):
    _agendas(staff, edition)
    StoredDocument.objects.update(
        status=DocumentStatus.BUILDING, progressed_at=timezone.now() - dt.timedelta(minutes=3)
    )

    page = _page(staff, edition)
    asked = _agendas(staff, edition)

    assert _states(page) == [
        "All agendas English Failed The preparation stopped answering before it finished. Try again"
    ]
    assert (asked.status_code, StoredDocument.objects.get().build, len(worker.pending())) == (
        302,
        2,
        2,
    )


def test_a_replaced_build_stops_and_leaves_no_file(staff, edition, placed, worker):
    _agendas(staff, edition)
    StoredDocument.objects.update(requested_at=timezone.now() - dt.timedelta(hours=1))
    _agendas(staff, edition)

    outcome = worker.run()

    document = StoredDocument.objects.get()
    _folders, files = default_storage.listdir("documents")
    assert (outcome, document.build, files) == (
        ["skipped", "ready"],
        2,
        [document.file.name.removeprefix("documents/")],
    )


def test_agendas_in_each_language_are_stored_apart(staff, edition, placed):
    _agendas(staff, edition, language="fr")
    _agendas(staff, edition, language="en")
    _agendas(staff, edition, language="")

    stored = StoredDocument.objects.values_list("kind", "language", "status")
    assert sorted(stored) == [
        ("agendas", "", "ready"),
        ("agendas", "en", "ready"),
        ("agendas", "fr", "ready"),
    ]


def test_documents_page_in_french_follows_the_build(client, staff_user, edition, placed, worker):
    client.force_login(staff_user)
    client.cookies["django_language"] = "fr"
    url = reverse("scheduling:room-sheets-pdf", args=[edition.slug])

    client.get(url)
    waiting = _page(client, edition)
    worker.run()
    ready = _page(client, edition)

    assert _states(waiting) == [
        "Fiches de salle Français En attente En attente du démarrage du traitement en arrière-plan."
    ]
    assert _states(ready)[0].split(" Préparé ")[0] == ("Fiches de salle Français Prêt Télécharger")
    assert StoredDocument.objects.get().language == "fr"


def test_badges_of_all_participants_are_stored_with_the_other_documents(
    staff, edition, placed, worker
):
    old_address = staff.get(reverse("checkin:badge-sheet", args=[edition.slug]))

    asked = staff.get(old_address["Location"])
    worker.run()
    served = staff.get(old_address["Location"])

    assert (old_address["Location"], asked.status_code, served.getvalue()[:5]) == (
        reverse("scheduling:badges-pdf", args=[edition.slug]),
        302,
        b"%PDF-",
    )
    assert served["Content-Disposition"] == f'inline; filename="badges-{edition.slug}.pdf"'


def test_an_unknown_language_is_refused_with_a_message(edition, organiser_user, placed):
    with pytest.raises(stored_documents.DocumentError) as refused:
        stored_documents.request_document(
            edition, kind="room_sheets", language="xx", by=organiser_user
        )

    assert (refused.value.field, refused.value.message, StoredDocument.objects.count()) == (
        "language",
        "Choose a language of the list.",
        0,
    )


def test_a_ready_document_whose_file_is_gone_is_built_again(staff, edition, placed, worker):
    _agendas(staff, edition)
    worker.run()
    default_storage.delete(StoredDocument.objects.get().file.name)

    asked = _agendas(staff, edition)

    assert (asked.status_code, worker.run(), _agendas(staff, edition).getvalue()[:5]) == (
        302,
        ["ready"],
        b"%PDF-",
    )


def test_a_meeting_moved_during_a_build_stops_it_for_a_new_one(
    staff, venue, placed, worker, monkeypatch
):
    edition = placed[0].edition
    _agendas(staff, edition)
    real = pdf.render_part
    asked = []

    def move_while_laying_out(part, stylesheet=None):
        if not asked:
            services.move_meeting(placed[0], by=None, slot=venue.slots[2], table=venue.tables[2])
            asked.append(_agendas(staff, edition).status_code)
        return real(part, stylesheet)

    monkeypatch.setattr(pdf, "render_part", move_while_laying_out)

    first = worker.run()
    second = worker.run()

    document = StoredDocument.objects.get()
    assert (asked, first, second, document.build) == ([302], ["skipped"], ["ready"], 2)
    assert default_storage.listdir("documents")[1] == [document.file.name.split("/")[-1]]
