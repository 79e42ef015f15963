"""The exports page: each kind with its row count, downloaded as XLSX or CSV."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import get_language
from django.views.generic import TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.exchange.exports import KINDS, export_filename, export_table, kind_counts
from paddock.exchange.forms import ExportForm
from paddock.exchange.writing import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_chunks, xlsx_bytes


class ExportView(EditionPermissionMixin, TemplateView):
    """Organisers and their staff, as on the participants pages. Without a `kind` the page;
    with one, the file (the form's errors on the page when the choice is invalid)."""

    permission = rules.can_manage_participants
    template_name = "exchange/orga/exports.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "kind" not in request.GET:
            return self.render_to_response(self.get_context_data(form=ExportForm()))
        form = ExportForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=400)
        return export_response(request.edition, **form.cleaned_data)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = kind_counts(self.request.edition)  # type: ignore[attr-defined]
        return context


def export_response(edition: Any, *, kind: str, format: str, delimiter: str) -> HttpResponseBase:
    """The file as an attachment, in the language of the page; a CSV is streamed."""
    chosen = KINDS[kind]
    table = export_table(edition, chosen, language=get_language())
    response: HttpResponseBase
    if format == "csv":
        response = StreamingHttpResponse(
            csv_chunks(table, delimiter=delimiter), content_type=CSV_CONTENT_TYPE
        )
    else:
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_CONTENT_TYPE)
    filename = export_filename(edition, chosen, format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
