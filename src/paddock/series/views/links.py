"""One click on the participants page: link a company to the returning organisation
suggested for it."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from paddock.core.exceptions import DomainError
from paddock.core.ids import id_of
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.participants.models import Company, Organisation
from paddock.participants.organisations import link_company


class CompanyLinkView(EditionPermissionMixin, View):
    permission = rules.can_manage_participants

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        company = get_object_or_404(Company, edition=edition, pk=kwargs["company"])
        chosen = id_of(request.POST.get("organisation", ""))
        organisation = Organisation.objects.filter(pk=chosen).first() if chosen else None
        try:
            if organisation is None:
                raise DomainError(_("Choose an organisation."), field="organisation")
            link_company(company, by=request.user, organisation=organisation)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(company)s is now linked to %(organisation)s.")
                % {"company": company.name, "organisation": organisation.name},
            )
        return HttpResponseRedirect(reverse("participants:participant-list", args=[edition.slug]))
