"""Organiser screens of an edition's participants: list, validation, adding by hand, detail."""

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views import View
from django.views.generic import TemplateView

from paddock.accounts.mail import unsent_mail
from paddock.accounts.outbox_views import queued_message
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.participants import services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.forms import BulkValidateForm, ParticipantFilterForm
from paddock.participants.models import Participant
from paddock.participants.organisations import organisation_suggestions
from paddock.participants.queries import (
    ListedRowValues,
    ParticipantRow,
    edition_status_counts,
    filtered_participants,
    participant_detail_for,
    participant_for,
    participant_row_values,
    participant_rows,
    pending_join_requests_count,
    status_counts,
)
from paddock.participants.views.invitations import InvitationCreateView
from paddock.participants.views.list_page import list_body, list_head
from paddock.participants.views.rows import row_writer, status_tabs
from paddock.participants.withdrawal import undo_withdrawal

PAGE_SIZE = 50


def _list_url(edition: Any) -> str:
    return reverse("participants:participant-list", args=[edition.slug])


def _next_url(request: HttpRequest, default: str) -> str:
    """The `next` field when it points inside this site, else `default`."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


def _status_tabs(counts: dict[str, int], current: str) -> list[dict[str, Any]]:
    every = pgettext("participant status", "All")
    tabs = [{"value": "", "label": every, "count": counts["all"], "current": not current}]
    for value, label in ParticipantStatus.choices:
        tabs.append(
            {"value": value, "label": label, "count": counts[value], "current": current == value}
        )
    return tabs


def _filtered_list(edition: Any, query: QueryDict) -> dict[str, Any]:
    """The filter form, status tabs with counts, and the participants the query selects."""
    form = ParticipantFilterForm(query, edition=edition)
    filters = form.filters()
    participants: QuerySet[Participant] | None = None
    if filters["role"] or filters["country"] or filters["q"]:
        participants = filtered_participants(
            edition, role=filters["role"], country=filters["country"], search=filters["q"]
        )
        counts = status_counts(participants)
        if filters["status"]:
            participants = participants.filter(status=filters["status"])
    else:  # The list as it opens, or a status tab: queries compiled once (issue 16).
        counts = edition_status_counts(edition)
    tabs = _status_tabs(counts, filters["status"])
    return {
        "filter_form": form,
        "status_tabs": tabs,
        "status_tabs_html": status_tabs(tabs, query),
        "counts": counts,
        "tab_query": query,
        "filtered": any(filters.values()),
        # None for the list as it opens or a status tab (see _selected_rows).
        "selected": participants,
        "selected_status": filters["status"],
        "selected_count": counts[filters["status"] or "all"],
    }


def _selected_rows(
    edition: Any, selected: QuerySet[Participant] | None, status: str, count: int
) -> Sequence[tuple[Any, ...]]:
    """The selected participants' row values, for the paginator to slice."""
    if selected is None:
        return ListedRowValues(edition.pk, status, count)
    return participant_row_values(selected)


class ParticipantListView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_participants
    template_name = "participants/orga/participant_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_filtered_list(self.request.edition, self.request.GET))
        # The status counts have counted the selection already: no second count (issue 16).
        count = context.pop("selected_count")
        selected = _selected_rows(
            self.request.edition, context.pop("selected"), context.pop("selected_status"), count
        )
        paginator = Paginator(selected, PAGE_SIZE)
        paginator.count = count
        page = paginator.get_page(self.request.GET.get("page"))
        next_url = self.request.get_full_path()
        # One CSRF token for the rows' forms and the layout's: each `get_token` masks the
        # secret anew (some 500 Python calls), and one token a page is as safe (issue 16).
        context["csrf_token"] = get_token(self.request)
        writer = row_writer(self.request, next_url=next_url, token=context["csrf_token"])
        participants = participant_rows(page.object_list)
        edition = self.request.edition
        # One string, not a template loop over 50 rows (900 Python calls).
        rows = "".join(writer.row(participant) for participant in participants)
        context.update(
            page_obj=page,
            participants=participants,
            next_url=next_url,
            organisation_suggestions=organisation_suggestions(edition),
            # The rest of the page written by Python too (list_page.py).
            list_head=list_head(
                edition.slug,
                join_requests=pending_join_requests_count(edition),
                can_edit_taxonomy=rules.can_edit_taxonomy(self.request.user),
            ),
            list_body=list_body(
                edition.slug,
                form=context["filter_form"],
                query=self.request.GET,
                filtered=context["filtered"],
                registered=context["counts"]["registered"],
                page=page,
                rows=rows,
                csrf=writer.csrf,
                next_url=next_url,
            ),
        )
        return context


class ParticipantActionView(EditionPermissionMixin, View):
    """POST one status change on one participant; htmx gets the row back, others a redirect."""

    permission = rules.can_manage_participants
    action: Callable[..., Participant]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = participant_for(request.edition, kwargs["pk"])  # type: ignore[attr-defined]
        error = notice = None
        with unsent_mail() as unsent:
            try:
                participant = type(self).action(participant, by=request.user)
            except services.ParticipantError as exc:
                error = exc.message
                # The refused service may have set the new status on the object before it
                # refused: the row must show what the database kept.
                participant.refresh_from_db()
        if unsent and not error:
            notice = self.get_unsent_message(participant)
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request,
                "participants/orga/_row_update.html",
                self.row_context(participant, error or notice),
            )
        if error:
            messages.error(request, error)
        elif notice:
            messages.warning(request, notice)
        else:
            messages.success(request, self.get_success_message(participant))
        return HttpResponseRedirect(_next_url(request, _list_url(request.edition)))  # type: ignore[attr-defined]

    def row_context(self, participant: Participant, error: str | None) -> dict[str, Any]:
        """The new row, and the list's status counts recomputed for its current filters."""
        edition = self.request.edition  # type: ignore[attr-defined]
        # The page the row sits on, so that its forms still work without htmx.
        page_url = self.request.htmx.current_url_abs_path or _list_url(edition)  # type: ignore[attr-defined]
        context = _filtered_list(edition, QueryDict(urlsplit(page_url).query))
        del context["selected"], context["selected_status"], context["selected_count"]
        writer = row_writer(self.request, next_url=page_url)
        context.update(
            row=writer.row(ParticipantRow.of(participant), error),
            status_tabs_html=status_tabs(context["status_tabs"], context["tab_query"], oob=True),
        )
        return context

    def get_success_message(self, participant: Participant) -> str:
        raise NotImplementedError

    def get_unsent_message(self, participant: Participant) -> str:
        """Done, but the mail telling the participant could not be sent."""
        raise NotImplementedError


class ParticipantValidateView(ParticipantActionView):
    action = services.validate_participant

    def get_success_message(self, participant: Participant) -> str:
        return _("%(name)s is validated.") % {"name": participant.name_for_organisers()}

    def get_unsent_message(self, participant: Participant) -> str:
        return _(
            "%(name)s is validated, but the mail telling them could not be sent (the mail "
            "server failed): let them know another way."
        ) % {"name": participant.name_for_organisers()}


class ParticipantWithdrawView(ParticipantActionView):
    action = services.withdraw_validation

    def get_success_message(self, participant: Participant) -> str:
        return _("%(name)s is back to registered.") % {"name": participant.name_for_organisers()}


class ParticipantUndoWithdrawalView(ParticipantActionView):
    action = undo_withdrawal

    def get_success_message(self, participant: Participant) -> str:
        return _("%(name)s is back to registered: validate them again when they can come.") % {
            "name": participant.name_for_organisers()
        }


class ParticipantBulkValidateView(EditionPermissionMixin, View):
    permission = rules.can_manage_participants

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        form = BulkValidateForm(request.POST, edition=edition)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["participants"]))
            return HttpResponseRedirect(_next_url(request, _list_url(edition)))
        ids = [participant.pk for participant in form.cleaned_data["participants"]]
        with unsent_mail() as unsent:
            validated, skipped = services.validate_participants(
                edition, by=request.user, participant_ids=ids
            )
        if validated:
            messages.success(
                request,
                ngettext(
                    "%(count)d participant validated.",
                    "%(count)d participants validated.",
                    len(validated),
                )
                % {"count": len(validated)},
            )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d selected participant was skipped: only registered "
                    "participants can be validated.",
                    "%(count)d selected participants were skipped: only registered "
                    "participants can be validated.",
                    skipped,
                )
                % {"count": skipped},
            )
        if unsent.queued:
            messages.info(request, queued_message(unsent.queued))
        return HttpResponseRedirect(_next_url(request, _list_url(edition)))


class ParticipantAddView(InvitationCreateView):
    """Adding someone by hand is inviting them: an address may belong to an existing account,
    whose owner alone agrees to take part (issue 16)."""

    template_name = "participants/orga/participant_form.html"


class ParticipantDetailView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_participants
    template_name = "participants/orga/participant_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["participant"] = participant_detail_for(self.request.edition, kwargs["pk"])
        return context
