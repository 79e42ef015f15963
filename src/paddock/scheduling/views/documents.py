"""The venue documents page and its PDFs: agendas, table signs, room sheets, badges.

The long ones (all agendas, room sheets, all badges) are built by the task worker and kept in
storage (`services.documents`): asking for one serves the stored file when it still shows the
current data, and otherwise sends the organiser to this page, which follows the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.events.queries import interpreter_for
from paddock.meetings.queries import validated_participants
from paddock.participants.queries import accepted_participant_for
from paddock.scheduling import documents
from paddock.scheduling.enums import DocumentKind
from paddock.scheduling.models import StoredDocument
from paddock.scheduling.services.documents import request_document

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only what prints loads it
    from weasyprint.document import Document

# The page of each stored kind, and the name its file is downloaded under.
STORED = {
    DocumentKind.AGENDAS: ("scheduling:agendas-pdf", "agendas"),
    DocumentKind.ROOM_SHEETS: ("scheduling:room-sheets-pdf", "room-sheets"),
    DocumentKind.BADGES: ("scheduling:badges-pdf", "badges"),
}


def pdf_response(document: Document | None, filename: str) -> HttpResponse:
    pdf = document.write_pdf() if document is not None else b""
    if not pdf:
        # Nothing to print (no participant): an empty PDF would be refused by viewers.
        pdf = documents.empty_document().write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def chosen_language(request: HttpRequest) -> str:
    """The organiser's choice of language, or "" for each reader's own."""
    language = request.GET.get("language", "")
    return language if language in dict(settings.LANGUAGES) else ""


def download_url(edition_slug: str, document: StoredDocument) -> str:
    url = reverse(STORED[DocumentKind(document.kind)][0], args=[edition_slug])
    return f"{url}?{urlencode({'language': document.language})}"


class DocumentsMixin(EditionPermissionMixin):
    """Printing is part of running the day: organisers and their staff."""

    permission = rules.can_manage_participants


class DocumentsView(DocumentsMixin, TemplateView):
    """The documents to print, and the state of the stored ones; htmx polls that part while a
    build goes on."""

    template_name = "scheduling/orga/documents.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx:  # type: ignore[attr-defined]
            return ["scheduling/orga/_stored_documents.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        names = dict(settings.LANGUAGES)
        stored = list(StoredDocument.objects.filter(edition=edition))
        context["stored"] = [
            (document, download_url(edition.slug, document), names.get(document.language, ""))
            for document in stored
        ]
        context["building"] = any(document.is_active for document in stored)
        if not self.request.htmx:  # type: ignore[attr-defined]
            context["participants"] = validated_participants(edition)
            context["languages"] = settings.LANGUAGES
        return context


class StoredPdfView(DocumentsMixin, View):
    """A long PDF: the stored file when it shows the current data, else a build is asked and
    the documents page follows it. `?language=` chooses the language ("" for agendas: each
    reader's own; other documents default to the organiser's)."""

    kind = DocumentKind.AGENDAS  # each URL gives its own

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        language = chosen_language(request)
        if not language and self.kind != DocumentKind.AGENDAS:
            language = translation.get_language()
        page = reverse("scheduling:documents", args=[edition.slug])
        try:
            document = request_document(edition, kind=self.kind, language=language, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(page)
        if document.is_ready:
            filename = f"{STORED[self.kind][1]}-{edition.slug}.pdf"
            return FileResponse(
                document.file.open("rb"), content_type="application/pdf", filename=filename
            )
        if document.is_active:
            messages.info(
                request,
                _("“%(document)s” is being prepared: it will be ready to download below.")
                % {"document": self.kind.label},
            )
        return HttpResponseRedirect(f"{page}#stored-documents")


class ParticipantAgendaPdfView(DocumentsMixin, View):
    """One agenda is laid out in well under a second: built in the request, never stored."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        participant = accepted_participant_for(edition, kwargs["participant"])
        document = documents.agendas_document(
            edition, participants=[participant], language=chosen_language(request)
        )
        return pdf_response(document, f"agenda-{edition.slug}-{participant.pk}.pdf")


class TableSignsPdfView(DocumentsMixin, View):
    """One page per table, quick even for a big venue: built in the request."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        document = documents.table_signs_document(edition)
        return pdf_response(document, f"table-signs-{edition.slug}.pdf")


class InterpreterAgendaView(DocumentsMixin, TemplateView):
    """An interpreter's meetings, for the organiser to read or hand over."""

    template_name = "scheduling/orga/interpreter_agenda.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        interpreter = interpreter_for(self.request.edition, kwargs["interpreter"])  # type: ignore[attr-defined]
        context["interpreter"] = interpreter
        context["meetings"] = documents.interpreter_meetings(interpreter)
        return context


class InterpreterAgendaPdfView(DocumentsMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        interpreter = interpreter_for(edition, kwargs["interpreter"])
        with translation.override(chosen_language(request) or translation.get_language()):
            document = documents.interpreter_agenda_document(interpreter)
        return pdf_response(document, f"interpreter-{edition.slug}-{interpreter.pk}.pdf")
