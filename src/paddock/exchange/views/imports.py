"""The organiser's import wizard: upload -> columns -> preview -> import (then invitations).

The same four pages serve participants and meeting pairs; the uploaded file is kept in an
ImportFile row whose random id travels in the `file` parameter.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from paddock.core.exceptions import DomainError
from paddock.core.ids import id_of
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.exchange import services
from paddock.exchange.import_forms import ColumnsForm, UploadForm
from paddock.exchange.imports import send_invitations
from paddock.exchange.models import ImportFile, ImportKind
from paddock.exchange.queries import upload_for
from paddock.exchange.reading import ReadingError, Table


class ImportMixin(EditionPermissionMixin):
    permission = rules.can_manage_participants
    kind: str = ImportKind.PARTICIPANTS
    request: HttpRequest

    def step_url(self, step: str = "", upload: ImportFile | None = None) -> str:
        name = f"exchange:import-{self.kind}" + (f"-{step}" if step else "")
        url = reverse(name, args=[self.request.edition.slug])  # type: ignore[attr-defined]
        return f"{url}?file={upload.pk}" if upload is not None else url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context |= {"kind": self.kind, "kinds": ImportKind}
        return context


class UploadStepMixin(ImportMixin):
    """Pages after the upload: the upload named by `file`, or back to the upload page."""

    upload: ImportFile
    table: Table

    def load(self, request: HttpRequest) -> bool:
        """Find the upload named by `file` (404 when it is not the user's, or too old);
        False when none is named. Called once the permission is checked."""
        pk = request.POST.get("file") or request.GET.get("file")
        if not pk:
            return False
        self.upload = upload_for(request.user, request.edition, self.kind, pk)  # type: ignore[attr-defined]
        self.table = services.table_of(self.upload)
        return True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.load(request):
            return HttpResponseRedirect(self.step_url())
        return self.get_step(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.load(request):
            messages.error(request, services.expired_message())
            return HttpResponseRedirect(self.step_url())
        return self.post_step(request, *args, **kwargs)

    def get_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def post_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().post(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context |= {"upload": self.upload, "table": self.table}
        return context


class UploadView(ImportMixin, FormView):
    template_name = "exchange/orga/import_upload.html"
    form_class = UploadForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"kind": self.kind}

    def form_valid(self, form: UploadForm) -> HttpResponse:
        data = form.cleaned_data
        options = {"kind": data["meeting_kind"]} if "meeting_kind" in data else {}
        try:
            upload = services.store_upload(
                self.request.edition,  # type: ignore[attr-defined]
                by=self.request.user,
                kind=self.kind,
                name=data["file"].name or "",
                content=data["file"].read(),
                encoding=data["encoding"],
                delimiter=data["delimiter"],
                sheet=data["sheet"],
                options=options,
            )
        except ReadingError as error:
            form.add_error(error.field if error.field in form.fields else "file", error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.step_url("columns", upload))


class ColumnsView(UploadStepMixin, FormView):
    template_name = "exchange/orga/import_columns.html"
    form_class = ColumnsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"upload": self.upload, "headers": self.table.headers}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        samples = [row.cells for row in self.table.rows[:3]]
        context["columns"] = [
            (field, [cells[index] for cells in samples])
            for index, field in enumerate(form.column_fields())
        ]
        return context

    def form_valid(self, form: ColumnsForm) -> HttpResponse:
        try:
            services.choose_columns(
                self.upload, by=self.request.user, keys=form.keys(), options=form.options()
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.step_url("preview", self.upload))


class PreviewView(UploadStepMixin, View):
    """GET: what the import would do, and every error; POST: import."""

    template_name = "exchange/orga/import_preview.html"

    def render(self, result: Any, *, template: str = "") -> HttpResponse:
        context = self.get_context_data(result=result)
        return TemplateResponse(self.request, template or self.template_name, context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            "edition": self.request.edition,  # type: ignore[attr-defined]
            "kind": self.kind,
            "kinds": ImportKind,
            "upload": self.upload,
            "table": self.table,
            "columns_url": self.step_url("columns", self.upload),
            **kwargs,
        }

    def get_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(services.run_import(self.upload, by=request.user, dry_run=True))

    def post_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        result = services.run_import(self.upload, by=request.user)
        if result.errors:
            return self.render(result)
        return self.render(result, template="exchange/orga/import_done.html")


class InviteView(ImportMixin, View):
    """POST: send the invitations to the people just imported (those still invited)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ids = [pk for pk in map(id_of, request.POST.getlist("participant")) if pk is not None]
        invited = send_invitations(request.edition, by=request.user, participant_ids=ids)  # type: ignore[attr-defined]
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", len(invited))
            % {"count": len(invited)},
        )
        url = reverse("participants:participant-list", args=[request.edition.slug])  # type: ignore[attr-defined]
        return HttpResponseRedirect(f"{url}?status=invited")
