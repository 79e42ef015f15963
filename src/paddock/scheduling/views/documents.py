"""The venue documents page and its PDFs: agendas, table signs, room sheets."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView, View
from weasyprint.document import Document

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.meetings.queries import validated_participants
from paddock.participants.queries import participant_for
from paddock.scheduling import documents


def pdf_response(document: Document | None, filename: str) -> HttpResponse:
    pdf = document.write_pdf() if document is not None else b""
    if not pdf:
        # Nothing to print (no participant): an empty PDF would be refused by viewers.
        pdf = documents.render_document("scheduling/pdf/empty.html", {}).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def chosen_language(request: HttpRequest) -> str:
    """The organiser's choice of language, or "" for each reader's own."""
    language = request.GET.get("language", "")
    return language if language in dict(settings.LANGUAGES) else ""


class DocumentsMixin(EditionPermissionMixin):
    """Printing is part of running the day: organisers and their staff."""

    permission = rules.can_manage_participants


class DocumentsView(DocumentsMixin, TemplateView):
    template_name = "scheduling/orga/documents.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["participants"] = validated_participants(self.request.edition)  # type: ignore[attr-defined]
        context["languages"] = settings.LANGUAGES
        return context


class AgendasPdfView(DocumentsMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        document = documents.agendas_document(edition, language=chosen_language(request))
        return pdf_response(document, f"agendas-{edition.slug}.pdf")


class ParticipantAgendaPdfView(DocumentsMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        participant = participant_for(edition, kwargs["participant"])
        document = documents.agendas_document(
            edition, participants=[participant], language=chosen_language(request)
        )
        return pdf_response(document, f"agenda-{edition.slug}-{participant.pk}.pdf")


class TableSignsPdfView(DocumentsMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        document = documents.table_signs_document(edition)
        return pdf_response(document, f"table-signs-{edition.slug}.pdf")


class RoomSheetsPdfView(DocumentsMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        document = documents.room_sheets_document(edition)
        return pdf_response(document, f"room-sheets-{edition.slug}.pdf")
