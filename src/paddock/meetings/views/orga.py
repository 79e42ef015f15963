"""Organiser screens of meeting requests: every request of the edition, and suggestions."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.meetings import services
from paddock.meetings.forms import RequestFilterForm, SuggestForm
from paddock.meetings.queries import filtered_requests

PAGE_SIZE = 50


class RequestListView(EditionPermissionMixin, FormView):
    """The edition's requests, filtered, with the form to suggest a meeting (POST)."""

    permission = rules.can_manage_participants
    template_name = "meetings/orga/request_list.html"
    form_class = SuggestForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.request.edition
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filter_form = RequestFilterForm(self.request.GET)
        filters = filter_form.filters()
        requests = filtered_requests(
            self.request.edition, status=filters["status"], search=filters["q"]
        )
        page = Paginator(requests, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter_form=filter_form, page_obj=page, requests=page.object_list)
        return context

    def form_valid(self, form: SuggestForm) -> HttpResponse:
        data = form.cleaned_data
        action = services.arrange_meeting if data["arrange"] else services.suggest_meeting
        try:
            action(
                self.request.edition,
                by=self.request.user,
                first=data["first"],
                second=data["second"],
                message=data["message"],
            )
        except services.MeetingError as error:
            field = "second" if error.code in {"same_company", "oneself"} else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if data["arrange"]:
            text = _("Meeting set up between %(first)s and %(second)s; both are told.")
        else:
            text = _("Suggestion sent to %(first)s and %(second)s.")
        messages.success(
            self.request, text % {"first": data["first"].user, "second": data["second"].user}
        )
        return HttpResponseRedirect(
            reverse("meetings:request-list", args=[self.request.edition.slug])
        )
