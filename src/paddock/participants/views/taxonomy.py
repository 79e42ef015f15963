"""Organiser screens of the capability taxonomy: the shared items, changed by site
administrators, and each organiser's own."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from paddock.events import rules
from paddock.participants import taxonomy_services
from paddock.participants.forms import CategoryForm, CategoryUpdateForm
from paddock.participants.models import Category
from paddock.participants.queries import (
    categories_for_user,
    category_tree,
    category_usage,
    flat_tree,
)


def _list_url(category: Category | None = None) -> str:
    url = reverse("participants:category-list")
    return f"{url}#category-{category.pk}" if category is not None else url


def _add_errors(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class TaxonomyPermissionMixin(LoginRequiredMixin):
    """Requires login, then `can_edit_taxonomy`; 403 otherwise."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not rules.can_edit_taxonomy(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class CategoryListView(TaxonomyPermissionMixin, TemplateView):
    template_name = "participants/orga/category_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        groups = category_tree(categories_for_user(user))
        usage = category_usage()
        for _group, items in flat_tree(groups):
            for item in items:
                item.usage = usage[item.pk]  # type: ignore[attr-defined]
                # Anyone else sees only the shared items and their own organisers' items.
                item.editable = user.is_superuser or item.organiser_id is not None  # type: ignore[attr-defined, union-attr]
        context["groups"] = groups
        return context


class CategoryObjectMixin:
    """Loads the category of the URL, 404 when the user may not see it; answers 403 with the
    reason when the user may not change it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.category = get_object_or_404(categories_for_user(request.user), pk=kwargs["pk"])
        try:
            taxonomy_services.check_may_change(self.category, by=request.user)
        except taxonomy_services.TaxonomyError as error:
            context = {"category": self.category, "reason": error.message}
            return render(request, "participants/orga/category_refused.html", context, status=403)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["category"] = self.category
        return context


class CategoryFormMixin:
    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"user": self.request.user}  # type: ignore[misc]


class CategoryCreateView(TaxonomyPermissionMixin, CategoryFormMixin, FormView):
    template_name = "participants/orga/category_form.html"
    form_class = CategoryForm

    def get_initial(self) -> dict[str, Any]:
        # "Add a sub-item" links pass the parent in the query string.
        return {"parent": self.request.GET.get("parent", "")}

    def form_valid(self, form: CategoryForm) -> HttpResponse:
        try:
            category = taxonomy_services.create_category(by=self.request.user, **form.cleaned_data)
        except taxonomy_services.TaxonomyError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(item)s added.") % {"item": category.label})
        return HttpResponseRedirect(_list_url(category))


class CategoryUpdateView(TaxonomyPermissionMixin, CategoryObjectMixin, CategoryFormMixin, FormView):
    template_name = "participants/orga/category_form.html"
    form_class = CategoryUpdateForm

    def get_initial(self) -> dict[str, Any]:
        category = self.category
        return {
            "parent": str(category.parent_id or ""),
            "kind": category.kind,
            "label_en": category.label_en,
            "label_fr": category.label_fr,
            "position": category.position,
        }

    def form_valid(self, form: CategoryUpdateForm) -> HttpResponse:
        try:
            category = taxonomy_services.update_category(
                self.category, by=self.request.user, **form.cleaned_data
            )
        except taxonomy_services.TaxonomyError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(item)s saved.") % {"item": category.label})
        return HttpResponseRedirect(_list_url(category))


class CategoryDeleteView(TaxonomyPermissionMixin, CategoryObjectMixin, TemplateView):
    """GET asks for confirmation; POST deletes or says why it cannot."""

    template_name = "participants/orga/category_confirm_delete.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        label = self.category.label
        try:
            taxonomy_services.delete_category(self.category, by=request.user)
        except taxonomy_services.TaxonomyError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(_list_url(self.category))
        messages.success(request, _("%(item)s deleted.") % {"item": label})
        return HttpResponseRedirect(_list_url())
