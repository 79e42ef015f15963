"""“New edition from 2026”: the new name and dates, a preview of what will be created, then
the copy."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin
from paddock.series import copying, rules
from paddock.series.forms import EditionCopyForm


class EditionCopyView(EditionPermissionMixin, FormView):
    """POST without `confirm` shows the plan; POST with it creates the edition."""

    permission = rules.can_copy_edition
    template_name = "series/orga/edition_copy.html"
    form_class = EditionCopyForm

    def get_initial(self) -> dict[str, Any]:
        return {"timezone": self.request.edition.timezone}  # type: ignore[attr-defined]

    def form_valid(self, form: EditionCopyForm) -> HttpResponse:
        source, data = self.request.edition, form.cleaned_data  # type: ignore[attr-defined]
        try:
            if "confirm" not in self.request.POST:
                plan = copying.copy_plan(
                    source,
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    timezone=data["timezone"],
                )
                return self.render_to_response(self.get_context_data(form=form, plan=plan))
            edition = copying.copy_edition(source, by=self.request.user, **data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The new edition was created as a draft."))
        cancelled = copying.sessions_copied_cancelled(edition)
        if cancelled:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)s visit session cancelled in the original is cancelled in the "
                    "new edition too, with its reason: add a new session where its zone "
                    "runs again.",
                    "%(count)s visit sessions cancelled in the original are cancelled in the "
                    "new edition too, with their reasons: add new sessions where their zones "
                    "run again.",
                    cancelled,
                )
                % {"count": cancelled},
            )
        return HttpResponseRedirect(reverse("events:edition-home", args=[edition.slug]))
