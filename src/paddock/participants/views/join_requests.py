"""Answering the requests to join a company: the organisers on the edition's participants
pages, the company's validated representatives in the portal. Both ask the same services."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules as event_rules
from paddock.participants import join_requests
from paddock.participants.models import Company, JoinRequest
from paddock.participants.queries import join_request_for, pending_join_requests
from paddock.participants.views.mixins import ValidatedParticipantMixin

TEMPLATE = "participants/join_requests.html"


class JoinRequestsPage(TemplateView):
    """The pending requests of the edition, or of `company()` when it is not None."""

    template_name = TEMPLATE
    url_namespace = ""
    base_template = ""

    def company(self) -> Company | None:
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        company = self.company()
        context.update(
            edition=edition,
            company=company,
            join_requests=pending_join_requests(edition, company=company),
            accept_url=f"{self.url_namespace}:join-request-accept",
            decline_url=f"{self.url_namespace}:join-request-decline",
            base_template=self.base_template,
        )
        return context


class JoinRequestAnswer(View):
    """POST: accept or decline one request (`answer`), then back to the list with a message."""

    answer: Callable[..., Any]
    list_url_name = ""

    def company(self) -> Company | None:
        return None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        join = join_request_for(edition, kwargs["join_request"], company=self.company())
        try:
            type(self).answer(join, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message(join))
        return HttpResponseRedirect(reverse(self.list_url_name, args=[edition.slug]))

    def success_message(self, join: JoinRequest) -> str:
        names = {"name": join.user, "company": join.company}
        if type(self).answer is join_requests.accept_join_request:
            return _("%(name)s now represents %(company)s, waiting for validation.") % names
        return _("The request of %(name)s to represent %(company)s is declined.") % names


# The organisers' team, on the edition's participants pages.


class OrganiserMixin(EditionPermissionMixin):
    permission = event_rules.can_manage_participants
    url_namespace = "participants"
    base_template = "orga_base.html"
    list_url_name = "participants:join-request-list"


class OrganiserJoinRequestListView(OrganiserMixin, JoinRequestsPage):
    pass


class OrganiserAcceptView(OrganiserMixin, JoinRequestAnswer):
    answer = join_requests.accept_join_request


class OrganiserDeclineView(OrganiserMixin, JoinRequestAnswer):
    answer = join_requests.decline_join_request


# The company's validated representatives, in the portal: their own company's requests only.


class RepresentativeMixin(ValidatedParticipantMixin):
    url_namespace = "participants-portal"
    base_template = "portal_base.html"
    list_url_name = "participants-portal:join-requests"

    def company(self) -> Company | None:
        return self.request.participant.company  # type: ignore[attr-defined, no-any-return]


class RepresentativeJoinRequestListView(RepresentativeMixin, JoinRequestsPage):
    pass


class RepresentativeAcceptView(RepresentativeMixin, JoinRequestAnswer):
    answer = join_requests.accept_join_request


class RepresentativeDeclineView(RepresentativeMixin, JoinRequestAnswer):
    answer = join_requests.decline_join_request
