"""Organiser pages of the series' memory, under /orga/: the directory of organisations, the
series' history, copying an edition."""

from django.urls import path

from paddock.series.views import copying, organisations

app_name = "series"

directory = "organisers/<int:organiser>/organisations/"
organisation = "organisations/<int:organisation>/"

urlpatterns = [
    path("e/<slug:edition>/copy/", copying.EditionCopyView.as_view(), name="edition-copy"),
    path(directory, organisations.OrganisationListView.as_view(), name="organisation-list"),
    path(
        f"{directory}merge/",
        organisations.OrganisationMergeView.as_view(),
        name="organisation-merge",
    ),
    path(organisation, organisations.OrganisationDetailView.as_view(), name="organisation-detail"),
    path(
        f"{organisation}edit/",
        organisations.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
]
