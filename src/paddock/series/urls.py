"""Organiser pages of the series' memory, under /orga/: the directory of organisations, the
series' history, copying an edition, inviting the people of an earlier edition."""

from django.urls import path

from paddock.series.views import copying, history, links, organisations, past_invitations

app_name = "series"

directory = "organisers/<int:organiser>/organisations/"
organisation = "organisations/<int:organisation>/"
series = "series/<int:series>/"

urlpatterns = [
    path("e/<slug:edition>/copy/", copying.EditionCopyView.as_view(), name="edition-copy"),
    path(
        "e/<slug:edition>/companies/<int:company>/link/",
        links.CompanyLinkView.as_view(),
        name="company-link",
    ),
    path(
        "e/<slug:edition>/participants/invite/past/",
        past_invitations.PastInvitationView.as_view(),
        name="invite-past",
    ),
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
    path(f"{series}history/", history.HistoryView.as_view(), name="history"),
    path(f"{series}past/new/", history.PastEditionCreateView.as_view(), name="past-create"),
    path(f"{series}past/import/", history.PastEditionImportView.as_view(), name="past-import"),
    path(
        f"{series}past/<int:past>/edit/",
        history.PastEditionUpdateView.as_view(),
        name="past-update",
    ),
]
