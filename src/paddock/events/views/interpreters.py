"""Organiser screens of the interpreters: list, add, edit, delete."""

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules, services
from paddock.events.enums import Language
from paddock.events.forms import InterpreterForm, InterpreterUpdateForm
from paddock.events.models import Interpreter
from paddock.events.queries import interpreter_for
from paddock.events.views.common import OrganiserDeleteView, OrganiserFormView


def _list_url(edition: Any) -> str:
    return reverse("events:interpreter-list", args=[edition.slug])


def language_names(codes: list[str]) -> str:
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


class InterpreterListView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_edition
    template_name = "events/orga/interpreter_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        rows = edition.interpreters.annotate(
            away=Count("unavailable_slots", distinct=True),
            busy=Count("meetings", filter=Q(meetings__status="scheduled"), distinct=True),
        )
        slots = edition.slots.count()
        context["interpreters"] = [
            (row, language_names(row.languages), slots - row.away) for row in rows
        ]
        context["slot_count"] = slots
        context["form"] = InterpreterForm(edition=edition)
        return context


class InterpreterFormMixin:
    form_class = InterpreterForm
    template_name = "events/orga/interpreter_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["edition"] = self.request.edition  # type: ignore[attr-defined]
        return kwargs


class InterpreterCreateView(InterpreterFormMixin, OrganiserFormView):
    success_message = gettext_lazy("Interpreter added.")

    def perform(self, form: InterpreterForm) -> str:
        edition = self.request.edition  # type: ignore[attr-defined]
        services.create_interpreter(edition, by=self.request.user, **form.cleaned_data)
        return _list_url(edition)


class InterpreterMixin:
    @cached_property
    def interpreter(self) -> Interpreter:
        return interpreter_for(
            self.request.edition,  # type: ignore[attr-defined]
            self.kwargs["interpreter"],  # type: ignore[attr-defined]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["interpreter"] = self.interpreter
        return context


class InterpreterUpdateView(InterpreterMixin, InterpreterFormMixin, OrganiserFormView):
    form_class = InterpreterUpdateForm
    success_message = gettext_lazy("Interpreter saved.")

    def get_initial(self) -> dict[str, Any]:
        interpreter = self.interpreter
        away = interpreter.unavailable_slots.all()
        return {
            "name": interpreter.name,
            "email": interpreter.email,
            "languages": interpreter.languages,
            "available_slots": list(interpreter.edition.slots.exclude(pk__in=away)),
        }

    def perform(self, form: InterpreterForm) -> str:
        services.update_interpreter(self.interpreter, by=self.request.user, **form.cleaned_data)
        return _list_url(self.request.edition)  # type: ignore[attr-defined]


class InterpreterDeleteView(InterpreterMixin, OrganiserDeleteView):
    success_message = gettext_lazy("Interpreter deleted.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["question"] = _("Delete the interpreter %(name)s?") % {
            "name": self.interpreter.name
        }
        context["cancel_url"] = _list_url(self.request.edition)  # type: ignore[attr-defined]
        return context

    def perform(self) -> str:
        services.delete_interpreter(self.interpreter, by=self.request.user)
        return _list_url(self.request.edition)  # type: ignore[attr-defined]


class InterpreterLinkRenewView(EditionPermissionMixin, View):
    """POST: a new secret for the interpreter's private agenda link; the old one stops."""

    permission = rules.can_manage_edition

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        interpreter = interpreter_for(edition, kwargs["interpreter"])
        services.renew_interpreter_link(interpreter, by=request.user)
        messages.success(
            request,
            _("%(name)s has a new link: send it to them, the old one no longer works.")
            % {"name": interpreter.name},
        )
        return HttpResponseRedirect(_list_url(edition))
