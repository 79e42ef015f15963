"""The catalogue of an edition's companies, their pages and their attachments, for the
edition's validated participants and its organisers."""

from functools import lru_cache
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from paddock.core.markup import escape
from paddock.events.rules import can_manage_participants
from paddock.matchmaking.queries import met_before
from paddock.participants.enums import ParticipantRole, ParticipantStatus, Sector
from paddock.participants.portal_forms import CatalogueFilterForm
from paddock.participants.queries import (
    CardDetails,
    CatalogueCompany,
    attachment_for_viewer,
    catalogue_card_details,
    catalogue_companies,
    catalogue_companies_in_order,
    catalogue_company_for,
    catalogue_company_values,
    country_names,
    listed_company_ids_by_name,
)
from paddock.participants.rules import participation_of
from paddock.participants.validators import name_for_type
from paddock.participants.views.catalogue_page import catalogue_body
from paddock.participants.views.mixins import not_taking_part_page
from paddock.participants.views.rows import pk_url

PAGE_SIZE = 20


class CatalogueAccessMixin(LoginRequiredMixin):
    """Validated participants of the edition and its organisers' team pass; a participant
    still waiting for validation gets the waiting page; anyone else a 404, so nothing tells
    that the edition's catalogue exists.

    Sets `request.participant` (None for organisers).
    """

    waiting_page = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if not self.waiting_page:
                raise Http404
            return self.handle_no_permission()
        edition = request.edition  # type: ignore[attr-defined]
        participant = participation_of(request.user, edition)
        request.participant = participant  # type: ignore[attr-defined]
        validated = participant is not None and participant.status == ParticipantStatus.VALIDATED
        if not validated and not can_manage_participants(request.user, edition):
            if participant is None or not self.waiting_page:
                raise Http404
            return not_taking_part_page(request, participant)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class CatalogueView(CatalogueAccessMixin, TemplateView):
    template_name = "participants/portal/catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("edition", None)  # the URL's slug; the context carries the Edition
        edition = self.request.edition  # type: ignore[attr-defined]
        form = CatalogueFilterForm(self.request.GET or None, edition=edition)
        filters = form.filters()
        number = self.request.GET.get("page")
        if any(filters.values()):
            companies = catalogue_company_values(catalogue_companies(edition, **filters))
            page = Paginator(companies, PAGE_SIZE).get_page(number)
            page.object_list = [CatalogueCompany(*row) for row in page.object_list]
        else:  # as the catalogue opens: two compiled queries rather than the ORM's (issue 16)
            page = Paginator(listed_company_ids_by_name(edition), PAGE_SIZE).get_page(number)
            page.object_list = catalogue_companies_in_order(page.object_list)
        details = catalogue_card_details([company.pk for company in page.object_list])
        _mark_met_before(self.request.participant, page.object_list, details)  # type: ignore[attr-defined]
        _write_card_lines(page.object_list, details)
        own_company_id = getattr(self.request.participant, "company_id", None)  # type: ignore[attr-defined]
        query = self.request.GET.copy()
        query.pop("page", None)
        shown = {
            "form": form,
            "page": page,
            "filter_query": query.urlencode(),
            "filtered": any(filters.values()),
            "filtered_beyond_search": any(
                value for key, value in filters.items() if key != "search"
            ),
            "cards": _cards(page.object_list, slug=edition.slug, own_company_id=own_company_id),
            "more_filters": more_filters(form),
        }
        return super().get_context_data(
            edition=edition,
            catalogue_body=catalogue_body(edition.slug, **shown),
            **shown,
            **kwargs,
        )


def more_filters(form: CatalogueFilterForm) -> SafeString:
    """The filters after the search, each a label and its widget, as the template's loop
    wrote them (some 1,400 calls of template nodes a page): the widgets are Django's
    (`BoundField`: ids, aria attributes), the labels remembered per language."""
    labels = filter_labels(get_language())
    return SafeString(
        "".join(
            f'\n    <div class="field">\n      <label for="{escape(field.id_for_label)}">'
            f"{labels[field.name]}</label>\n      {field}\n    </div>\n    "
            for field in form.visible_fields()
            if field.name != "q"
        )
    )


@lru_cache(maxsize=16)
def filter_labels(language: str | None) -> dict[str, str]:
    """The filter form's labels, escaped, in `language` (the active one, passed as part of
    the key only)."""
    return {
        name: escape(str(field.label)) for name, field in CatalogueFilterForm.base_fields.items()
    }


def _write_card_lines(companies: list[CatalogueCompany], details: dict[int, CardDetails]) -> None:
    """Sets the lines of each card (offers, needs, people) as text: a page of twenty cards
    lists hundreds of items, and a template loop costs some hundred calls per item."""
    roles = card_words(get_language())["roles"]
    # French sets a no-break space before the semicolon.
    between = pgettext("between items that hold commas", "; ")
    for company in companies:
        card = details[company.pk]
        company.offer_line = between.join(card.offers)
        company.need_line = between.join(card.needs)
        company.people_line = ", ".join(
            f"{person.name} ({roles.get(person.role, person.role)})" for person in card.people
        )


def _cards(
    companies: list[CatalogueCompany], *, slug: str, own_company_id: int | None
) -> SafeString:
    """The companies' cards as HTML, each on lines of its own, written here rather than by a
    template loop (some 1,500 calls a card, most of the page; the loop over the written cards
    alone cost 25 calls a card). Every value is escaped as Django's `escape` does (by
    `core.markup.escape`), without `format_html`'s calls (250 a card); country names are remembered
    per language (`country_names`), not looked up by django-countries for each card."""
    words = card_words(get_language())
    met_in, own, sectors = words["met_in"], words["own"], words["sectors"]
    link = pk_url("participants-portal:company-detail", slug)
    countries = country_names({company.country for company in companies})
    cards = []
    for company in companies:
        code = company.country
        country = escape(countries[code]) if code else ""
        year = getattr(company, "met_in", None)
        met = f' <span class="badge">{escape(met_in % {"year": year})}</span>' if year else ""
        lines = "".join(
            f"  <p><strong>{words[kind]}</strong> {escape(line)}</p>\n"
            for kind, line in (("offers", company.offer_line), ("needs", company.need_line))
            if line
        )
        sector = sectors.get(company.sector) or escape(company.sector)
        city = escape(f"{company.city}, ") if company.city else ""
        cards.append(
            f'\n<article class="card">\n  <h2><a href="{escape(link(company.pk))}">'
            f"{escape(company.name)}</a>{own if company.pk == own_company_id else ''}{met}"
            f'</h2>\n  <p class="muted">{sector} · {city}{country}</p>\n{lines}'
            f'  <p class="muted">{escape(company.people_line)}</p>\n</article>\n'
        )
    return SafeString("".join(cards))


@lru_cache(maxsize=16)
def card_words(language: str | None) -> dict[str, Any]:
    """The cards' fixed words, escaped, in `language` (the active one, passed as part of the
    key only): sectors and roles are lazily translated labels, some 40 calls each to write
    (700 calls a page)."""
    own = escape(_("Your company"))  # not in the f-string, where makemessages misses it
    return {
        "offers": escape(_("Offers:")),
        "needs": escape(_("Needs:")),
        "met_in": _("You met in %(year)s"),
        "own": f' <span class="badge">{own}</span>',
        "sectors": {value: escape(str(label)) for value, label in Sector.choices},
        "roles": {value: str(label).lower() for value, label in ParticipantRole.choices},
    }


def _mark_met_before(
    viewer: Any, companies: list[CatalogueCompany], details: dict[int, CardDetails]
) -> None:
    """Sets `met_in` on each company one of whose people the viewer met in an earlier
    edition (issue 14), in one query."""
    if viewer is None:
        return
    met = met_before(viewer, [person for card in details.values() for person in card.people])
    for company in companies:
        years = [met[person.pk] for person in details[company.pk].people if person.pk in met]
        company.met_in = max(years, default=None)


class CompanyDetailView(CatalogueAccessMixin, TemplateView):
    template_name = "participants/portal/company_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("edition", None)  # the URL's slug; the context carries the Edition
        edition = self.request.edition  # type: ignore[attr-defined]
        company = catalogue_company_for(edition, self.kwargs["pk"])
        viewer = self.request.participant  # type: ignore[attr-defined]
        return super().get_context_data(
            edition=edition,
            company=company,
            # Organisers browse without a participation: they suggest meetings elsewhere.
            can_request=viewer is not None and viewer.company_id != company.pk,
            **kwargs,
        )


class AttachmentDownloadView(CatalogueAccessMixin, View):
    """Sends an attachment as a download that browsers neither render nor sniff."""

    waiting_page = False  # a file link answers 404 to anyone who may not have it

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attachment = attachment_for_viewer(request.edition, kwargs["pk"])  # type: ignore[attr-defined]
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            # Rows older than the naming rule may still carry a misleading extension.
            filename=name_for_type(attachment.original_name, attachment.content_type),
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
