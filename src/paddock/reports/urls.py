"""Organiser pages of the reports, under /orga/."""

from django.urls import path

from paddock.reports import views

app_name = "reports"

edition = "e/<slug:edition>/reports/"
series = "series/<int:series>/reports/"

urlpatterns = [
    path(edition, views.EditionReportView.as_view(), name="edition"),
    path(f"{edition}funders.pdf", views.FundersPdfView.as_view(), name="funders-pdf"),
    path(f"{edition}<slug:section>.svg", views.EditionChartView.as_view(), name="edition-chart"),
    path(
        f"{edition}<slug:section>.<slug:format>",
        views.EditionTableView.as_view(),
        name="edition-table",
    ),
    path(series, views.SeriesReportView.as_view(), name="series"),
    path(
        f"{series}<slug:series_section>.svg", views.SeriesChartView.as_view(), name="series-chart"
    ),
    path(
        f"{series}<slug:series_section>.<slug:format>",
        views.SeriesTableView.as_view(),
        name="series-table",
    ),
]
