"""The organiser's reports: an edition's and a series' dashboards, each chart as an SVG image,
each chart's table as CSV or XLSX, and the funders' PDF."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events.models import EventSeries
from paddock.exchange.writing import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from paddock.reports import rules
from paddock.reports.charts import chart_svg
from paddock.reports.documents import funders_pdf
from paddock.reports.downloads import FORMATS, section_bytes
from paddock.reports.queries import edition_figures, series_key_figures
from paddock.reports.sections import Section, edition_sections, section_named, series_sections

SVG_CONTENT_TYPE = "image/svg+xml; charset=utf-8"


def chosen_section(sections: list[Section], key: str) -> Section:
    section = section_named(sections, key)
    if section is None:
        raise Http404(_("No report section is called “%(key)s”.") % {"key": key})
    return section


def svg_response(section: Section) -> HttpResponse:
    return HttpResponse(chart_svg(section), content_type=SVG_CONTENT_TYPE)


def file_response(section: Section, file_format: str, stem: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404(_("Reports are downloaded as CSV or XLSX."))
    content_type = XLSX_CONTENT_TYPE if file_format == "xlsx" else CSV_CONTENT_TYPE
    response = HttpResponse(section_bytes(section, file_format), content_type=content_type)
    filename = f"{stem}-{section.key}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EditionReportMixin(EditionPermissionMixin):
    permission = rules.can_view_edition_report

    def sections(self) -> list[Section]:
        return edition_sections(edition_figures(self.request.edition))  # type: ignore[attr-defined]


class EditionReportView(EditionReportMixin, TemplateView):
    template_name = "reports/orga/edition.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        edition = self.request.edition  # type: ignore[attr-defined]
        return super().get_context_data(
            sections=self.sections(),
            can_see_series=rules.can_view_series_report(self.request.user, edition.series),
            **kwargs,
        )


class EditionChartView(EditionReportMixin, View):
    def get(self, request: HttpRequest, edition: str, section: str) -> HttpResponse:
        return svg_response(chosen_section(self.sections(), section))


class EditionTableView(EditionReportMixin, View):
    def get(self, request: HttpRequest, edition: str, section: str, format: str) -> HttpResponse:
        return file_response(chosen_section(self.sections(), section), format, edition)


class FundersPdfView(EditionReportMixin, View):
    def get(self, request: HttpRequest, edition: str) -> HttpResponse:
        response = HttpResponse(funders_pdf(request.edition), content_type="application/pdf")  # type: ignore[attr-defined]
        response["Content-Disposition"] = f'inline; filename="{edition}-report.pdf"'
        return response


class SeriesReportMixin(LoginRequiredMixin):
    """The series from the URL, for the organisers of its organisation (404 if none)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.series = get_object_or_404(
            EventSeries.objects.select_related("organiser"), pk=kwargs["series"]
        )
        if not rules.can_view_series_report(request.user, self.series):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def sections(self) -> list[Section]:
        return series_sections(series_key_figures(self.series))


class SeriesReportView(SeriesReportMixin, TemplateView):
    template_name = "reports/orga/series.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs |= {"series": self.series, "sections": self.sections()}
        return super().get_context_data(**kwargs)


class SeriesChartView(SeriesReportMixin, View):
    def get(self, request: HttpRequest, series: int, series_section: str) -> HttpResponse:
        return svg_response(chosen_section(self.sections(), series_section))


class SeriesTableView(SeriesReportMixin, View):
    def get(
        self, request: HttpRequest, series: int, series_section: str, format: str
    ) -> HttpResponse:
        section = chosen_section(self.sections(), series_section)
        return file_response(section, format, self.series.slug)
