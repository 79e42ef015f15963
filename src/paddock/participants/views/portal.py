"""The participant's own profile: company, person, offers and needs with their attachments,
and the slots when the participant is not available."""

import copy
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.participants import profile, rules
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.portal_forms import (
    AttachmentForm,
    AvailabilityForm,
    CapabilityForm,
    CapabilityTextForm,
    CompanyDetailsForm,
    PersonDetailsForm,
)
from paddock.participants.queries import (
    capability_item_for,
    categories_matching,
    edition_slots_by_session,
    own_attachment_for,
    own_participant_for,
    profile_items,
)
from paddock.participants.returning import copy_previous_profile, previous_participation
from paddock.participants.views.mixins import not_taking_part_page


class OwnProfileMixin(LoginRequiredMixin):
    """Requires login and the user's own registered or validated participation (404 if none).

    Sets `request.participant`; everything edited hangs from it, so another company's items
    are simply not found. Views with `edits_company` also require `rules.can_edit_company`
    (403 otherwise).
    """

    edits_company = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            participant = own_participant_for(request.user, request.edition)  # type: ignore[attr-defined]
        except Http404:
            # Someone who withdrew reads why their profile is closed, and what still works.
            withdrawn = rules.participation_of(request.user, request.edition)  # type: ignore[attr-defined]
            if withdrawn is None or withdrawn.status != ParticipantStatus.WITHDRAWN:
                raise
            return not_taking_part_page(request, withdrawn)
        if self.edits_company and not rules.can_edit_company(participant):
            raise PermissionDenied
        request.participant = participant  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    @property
    def participant(self) -> Participant:
        return self.request.participant  # type: ignore[attr-defined, no-any-return]

    def profile_url(self, anchor: str = "") -> str:
        url = reverse("participants-portal:profile", args=[self.request.edition.slug])  # type: ignore[attr-defined]
        return f"{url}#{anchor}" if anchor else url


class ProfileView(OwnProfileMixin, TemplateView):
    template_name = "participants/portal/profile.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("edition", None)  # the URL's slug; the context carries the Edition
        participant = self.participant
        edition = participant.edition
        offers, needs = profile_items(participant.company)
        shown_form = kwargs.pop("item_text_form", None)
        for kind, items in (("offer", offers), ("need", needs)):
            for item in items:
                # The details form of each item; the one posted, with its errors, when refused.
                item.text_form = (
                    shown_form
                    if shown_form is not None and shown_form.item_key == (kind, item.pk)
                    else CapabilityTextForm(item=item, kind=kind)
                )
        context = {
            "edition": edition,
            "participant": participant,
            "can_edit_company": rules.can_edit_company(participant),
            "previous": previous_participation(participant),
            "company_form": CompanyDetailsForm(instance=participant.company),
            "person_form": PersonDetailsForm(instance=participant),
            "offer_form": CapabilityForm(prefix="offer", edition=edition),
            "need_form": CapabilityForm(prefix="need", edition=edition),
            "offers": offers,
            "needs": needs,
            "sessions": edition_slots_by_session(edition),
            "availability_form": _availability_form(participant),
            "attachment_form": AttachmentForm(),
            "attachment_target": None,
        }
        context.update(kwargs)
        # The boxes ticked: the form's value (the posted one, or as saved now after a conflict).
        ticked = context["availability_form"]["slots"].value() or []
        context["unavailable_ids"] = {str(key) for key in ticked}
        return super().get_context_data(**context)


def _apply_errors(form: forms.BaseForm, error: Exception) -> None:
    """A service's refusal shown next to its field (or above the form)."""
    if isinstance(error, DomainError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)  # type: ignore[arg-type]


class ProfileSectionView(OwnProfileMixin, View):
    """One form of the profile page: valid input goes to one service, else the page shows
    the form again with its errors, under `context_name`."""

    context_name = ""
    anchor = ""
    success_message = ""

    def get_form(self) -> forms.BaseForm:
        raise NotImplementedError

    def save(self, form: forms.BaseForm) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form.is_valid():
            try:
                self.save(form)
            except (DomainError, ValidationError) as error:
                _apply_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(self.profile_url(self.anchor))
        return self.invalid(form)

    def invalid(self, form: forms.BaseForm) -> HttpResponse:
        page = ProfileView(request=self.request, kwargs=self.kwargs)
        context = page.get_context_data(**{self.context_name: form})
        return render(self.request, ProfileView.template_name, context)


class CompanyUpdateView(ProfileSectionView):
    context_name, anchor = "company_form", "company"
    edits_company = True

    def get_form(self) -> forms.BaseForm:
        # A copy: the service writes the fields that differ from the company as read.
        return CompanyDetailsForm(self.request.POST, instance=copy.copy(self.participant.company))

    def save(self, form: forms.BaseForm) -> None:
        company = self.participant.company
        # As read: a field changed since the page was opened, by someone else, is refused.
        profile.update_company(company, by=self.request.user, read=company, **form.cleaned_data)
        self.success_message = _("Company details saved.")


class PersonUpdateView(ProfileSectionView):
    context_name, anchor = "person_form", "person"

    def get_form(self) -> forms.BaseForm:
        # A copy: the service writes the fields that differ from the participant as read.
        return PersonDetailsForm(self.request.POST, instance=copy.copy(self.participant))

    def save(self, form: forms.BaseForm) -> None:
        profile.update_participant_details(
            self.participant, by=self.request.user, read=self.participant, **form.cleaned_data
        )
        self.success_message = _("Your details are saved.")


class CapabilityAddView(ProfileSectionView):
    """Adds an offer or a need (`kind` comes from the URL)."""

    edits_company = True

    def get_form(self) -> forms.BaseForm:
        kind = self.kwargs["kind"]
        self.context_name, self.anchor = f"{kind}_form", f"{kind}s"
        return CapabilityForm(self.request.POST, prefix=kind, edition=self.participant.edition)

    def save(self, form: forms.BaseForm) -> None:
        kind = self.kwargs["kind"]
        profile.add_capability(
            self.participant.company,
            by=self.request.user,
            kind=kind,
            category=form.cleaned_data["category"],
            text=form.cleaned_data["text"],
        )
        self.success_message = _("Offer added.") if kind == "offer" else _("Need added.")


class CapabilityItemView(ProfileSectionView):
    """Base of the views acting on one of the company's own offers or needs (404 otherwise)."""

    edits_company = True

    @property
    def item(self) -> Any:
        if not hasattr(self, "_item"):
            kind, pk = self.kwargs["kind"], self.kwargs["pk"]
            self._item = capability_item_for(self.participant.company, kind, pk)
            self.anchor = f"{kind}-{pk}"
        return self._item


class CapabilityUpdateView(CapabilityItemView):
    context_name = "item_text_form"

    def get_form(self) -> forms.BaseForm:
        return CapabilityTextForm(self.request.POST, item=self.item, kind=self.kwargs["kind"])

    def save(self, form: forms.BaseForm) -> None:
        profile.update_capability(
            self.item,
            by=self.request.user,
            category=self.item.category,
            text=form.cleaned_data["text"],
        )
        self.success_message = _("Saved.")


class CapabilityDeleteView(CapabilityItemView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item
        kind = self.kwargs["kind"]
        profile.remove_capability(item, by=request.user)
        messages.success(request, _("Offer removed.") if kind == "offer" else _("Need removed."))
        return HttpResponseRedirect(self.profile_url(f"{kind}s"))


class AttachmentAddView(CapabilityItemView):
    context_name = "attachment_form"

    def get_form(self) -> forms.BaseForm:
        self.item  # noqa: B018 -- 404 before reading the upload
        return AttachmentForm(self.request.POST, self.request.FILES)

    def save(self, form: forms.BaseForm) -> None:
        profile.add_attachment(self.item, by=self.request.user, upload=form.cleaned_data["file"])
        self.success_message = _("File attached.")

    def invalid(self, form: forms.BaseForm) -> HttpResponse:
        page = ProfileView(request=self.request, kwargs=self.kwargs)
        context = page.get_context_data(
            attachment_form=form, attachment_target=(self.kwargs["kind"], self.item.pk)
        )
        return render(self.request, ProfileView.template_name, context)


class AttachmentDeleteView(OwnProfileMixin, View):
    edits_company = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attachment = own_attachment_for(self.participant.company, kwargs["pk"])
        profile.remove_attachment(attachment, by=request.user)
        messages.success(request, _("%(name)s removed.") % {"name": attachment.original_name})
        anchor = (
            f"offer-{attachment.offer_id}" if attachment.offer_id else f"need-{attachment.need_id}"
        )
        return HttpResponseRedirect(self.profile_url(anchor))


def _availability_form(participant: Participant, data: Any = None) -> AvailabilityForm:
    saved = list(participant.unavailable_slots.values_list("pk", flat=True))
    return AvailabilityForm(data, edition=participant.edition, initial={"slots": saved})


class AvailabilityUpdateView(ProfileSectionView):
    context_name, anchor = "availability_form", "availability"

    def get_form(self) -> forms.BaseForm:
        return _availability_form(self.participant, self.request.POST)

    def save(self, form: forms.BaseForm) -> None:
        profile.set_unavailable_slots(
            self.participant,
            by=self.request.user,
            slots=form.cleaned_data["slots"],
            read=form.initial["slots"],
        )
        self.success_message = _("Your availability is saved.")


class CategorySearchView(OwnProfileMixin, TemplateView):
    """The options of the capability select narrowed to labels holding the typed words
    (htmx, as you type); the page works without it, the select then lists everything."""

    template_name = "participants/portal/_category_options.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.get("q", "")[:100]
        return {"categories": categories_matching(self.participant.edition, query), "query": query}


class PreviousProfileCopyView(OwnProfileMixin, View):
    """One click: start from last year's profile (`returning.copy_previous_profile`)."""

    edits_company = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            copy_previous_profile(self.participant, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Last year's profile was copied: check it."))
        edition = self.participant.edition
        return HttpResponseRedirect(reverse("participants-portal:profile", args=[edition.slug]))
