"""The organiser's import wizard: upload -> columns -> preview -> import (then invitations).

The same four pages serve participants and meeting pairs; the uploaded file is kept in an
ImportFile row whose random id travels in the `file` parameter. The task worker reads, checks
and imports it (`jobs.py`): while it works, the columns and preview pages show its progress
(htmx polls them; without JavaScript the page refreshes itself), then what it found.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import FormView
from django_htmx.http import HttpResponseClientRefresh

from paddock.accounts.mail import unsent_mail
from paddock.core.exceptions import DomainError
from paddock.core.ids import id_of
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.exchange import services
from paddock.exchange.import_forms import ColumnsForm, UploadForm
from paddock.exchange.imports import send_invitations
from paddock.exchange.jobs import is_mapped
from paddock.exchange.models import ImportFile, ImportKind, ImportStatus
from paddock.exchange.previews import Preview
from paddock.exchange.queries import (
    UploadReplacedError,
    current_upload_for,
    is_job_stopped,
    upload_for,
)
from paddock.exchange.reading import ReadingError
from paddock.participants.views.invitations import tell_invitations_sent


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

    def current_url(self, upload: ImportFile) -> str:
        """Where to go on with an upload: its columns until its import is asked, then the
        page that follows the import."""
        applied = upload.applying or upload.status == ImportStatus.APPLIED
        return self.step_url("preview" if applied else "columns", upload)


class UploadStepMixin(ImportMixin):
    """Pages after the upload: the upload named by `file`, or back to the upload page. While
    the worker has not done what the page needs, the page shows how far it has gone."""

    upload: ImportFile

    def load(self, request: HttpRequest) -> bool:
        """Find the upload named by `file` (404 when it is not the user's, or too old);
        False when none is named. Called once the permission is checked."""
        pk = request.POST.get("file") or request.GET.get("file")
        if not pk:
            return False
        self.upload = upload_for(request.user, request.edition, self.kind, pk)  # type: ignore[attr-defined]
        return True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except UploadReplacedError as replaced:
            return self.replaced_page(replaced.current)

    def replaced_page(self, current: ImportFile) -> HttpResponse:
        """The file of this page was replaced by a newer upload (another tab): say so and point
        to that one; a poll reloads the page, which stops it."""
        if self.request.htmx:  # type: ignore[attr-defined]
            return HttpResponseClientRefresh()
        context = {
            "edition": self.request.edition,  # type: ignore[attr-defined]
            "kind": self.kind,
            "kinds": ImportKind,
            "current": current,
            "current_url": self.current_url(current),
        }
        template = "exchange/orga/import_replaced.html"
        return TemplateResponse(self.request, template, context, status=410)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.load(request):
            return HttpResponseRedirect(self.step_url())
        if self.waiting():
            return self.progress_page()
        if request.htmx:  # type: ignore[attr-defined]  # a poll that finds the job over
            return HttpResponseClientRefresh()
        return self.get_step(request, *args, **kwargs)

    def waiting(self) -> bool:
        """The page cannot show its content yet: the worker's job goes on, or it stopped."""
        return not self.upload.is_read

    def progress_page(self) -> HttpResponse:
        template = "exchange/orga/import_progress.html"
        if self.request.htmx:  # type: ignore[attr-defined]
            template = "exchange/orga/_import_progress.html"
        upload = self.upload
        stopped = is_job_stopped(upload)
        context = {
            "edition": self.request.edition,  # type: ignore[attr-defined]
            "kind": self.kind,
            "kinds": ImportKind,
            "upload": upload,
            "stopped": stopped,
            "step": 4 if upload.applying else (3 if upload.is_read else 2),
        }
        if stopped and upload.error_field and not upload.is_read:
            context["form"] = reading_failure_form(upload)
        return TemplateResponse(self.request, template, context)

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
        context |= {"upload": self.upload}
        return context


def reading_failure_form(upload: ImportFile) -> UploadForm:
    """The upload form with the file's choices and the reading's error on its field."""
    initial = {"encoding": upload.encoding, "delimiter": upload.delimiter, "sheet": upload.sheet}
    if "kind" in upload.options:
        initial["meeting_kind"] = upload.options["kind"]
    form = UploadForm(kind=upload.kind, initial=initial)
    form.cleaned_data = {}  # add_error wants it, which an unbound form lacks
    return _with_error(form, upload)


def _with_error(form: UploadForm, upload: ImportFile) -> UploadForm:
    """The form with the reading's error on the field it names (the file by default)."""
    form.add_error(
        upload.error_field if upload.error_field in form.fields else "file", upload.failure_text
    )
    return form


class UploadView(ImportMixin, FormView):
    template_name = "exchange/orga/import_upload.html"
    form_class = UploadForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"kind": self.kind}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """With the person's current upload of this kind, if any: the way back to a check or
        an import whose page was closed."""
        context = super().get_context_data(**kwargs)
        current = current_upload_for(self.request.user, self.request.edition, self.kind)  # type: ignore[attr-defined]
        if current is not None:
            waiting = current.status == ImportStatus.FAILED or current.is_stale
            context |= {
                "current": current,
                "current_stopped": waiting and is_job_stopped(current),
                "current_url": self.current_url(current),
            }
        return context

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
        if upload.status == ImportStatus.FAILED and upload.error_field:
            # Read at once (the inline task backend) and unreadable: say so on the form.
            return self.form_invalid(_with_error(form, upload))
        return HttpResponseRedirect(self.step_url("columns", upload))


class ColumnsView(UploadStepMixin, FormView):
    template_name = "exchange/orga/import_columns.html"
    form_class = ColumnsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        headers = tuple(self.upload.headers)
        return super().get_form_kwargs() | {"upload": self.upload, "headers": headers}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        samples = self.upload.samples
        context["columns"] = [
            (field, [cells[index] for cells in samples if index < len(cells)])
            for index, field in enumerate(form.column_fields())
        ]
        return context

    def post_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.waiting():
            return self.progress_page()
        return super().post_step(request, *args, **kwargs)

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
    """GET: what the import would do, and every error, once the worker checked the file (then
    what it imported); POST: import it, or (`retry`) check it again."""

    template_name = "exchange/orga/import_preview.html"

    def waiting(self) -> bool:
        upload = self.upload
        return upload.is_active or upload.status == ImportStatus.FAILED or upload.is_stale

    def get_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = self.upload
        if upload.status != ImportStatus.APPLIED and not is_mapped(upload):
            # The recognised columns miss a required field: nothing was checked.
            return HttpResponseRedirect(self.step_url("columns", upload))
        context = {
            "edition": request.edition,  # type: ignore[attr-defined]
            "kind": self.kind,
            "kinds": ImportKind,
            "upload": upload,
            "columns_url": self.step_url("columns", upload),
        }
        if upload.status == ImportStatus.APPLIED:
            context["outcome"] = upload.outcome
            return TemplateResponse(request, "exchange/orga/import_done.html", context)
        context["result"] = Preview(upload.preview)
        return TemplateResponse(request, self.template_name, context)

    def post_step(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if "retry" in request.POST:
                services.request_check(self.upload, by=request.user)
            else:
                shown_plan = request.POST.get("plan", "")
                services.confirm_import(self.upload, by=request.user, shown_plan=shown_plan)
        except DomainError as error:
            messages.error(request, error.message)
        self.upload.refresh_from_db()
        step = "preview" if self.upload.is_read else "columns"
        return HttpResponseRedirect(self.step_url(step, self.upload))


class InviteView(ImportMixin, View):
    """POST: send the invitations to the people just imported (those still invited)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ids = [pk for pk in map(id_of, request.POST.getlist("participant")) if pk is not None]
        try:
            with unsent_mail() as unsent:
                invited = send_invitations(request.edition, by=request.user, participant_ids=ids)  # type: ignore[attr-defined]
        except DomainError as error:  # a closed edition
            messages.error(request, error.message)
        else:
            tell_invitations_sent(request, invited=len(invited), unsent=unsent)
        url = reverse("participants:participant-list", args=[request.edition.slug])  # type: ignore[attr-defined]
        return HttpResponseRedirect(f"{url}?status=invited")
