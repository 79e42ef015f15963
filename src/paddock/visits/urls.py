"""Organiser and zone-host pages of the visits app, under /orga/."""

from django.urls import path

from paddock.visits.views import host, orga

app_name = "visits"

edition = "e/<slug:edition>/"

urlpatterns = [
    # Zone hosts: the sessions they guide.
    path(f"{edition}my-visits/", host.HostView.as_view(), name="host"),
    path(f"{edition}my-visits/<int:visit>/", host.HostVisitView.as_view(), name="host-visit"),
    path(
        f"{edition}my-visits/<int:visit>/pdf/",
        host.HostVisitPdfView.as_view(),
        name="host-visit-pdf",
    ),
    path(f"{edition}zones/", orga.ZoneListView.as_view(), name="zone-list"),
    path(f"{edition}zones/settings/", orga.VisitSettingsView.as_view(), name="settings"),
    path(f"{edition}zones/new/", orga.ZoneCreateView.as_view(), name="zone-create"),
    path(f"{edition}zones/<int:zone>/", orga.ZoneDetailView.as_view(), name="zone-detail"),
    path(f"{edition}zones/<int:zone>/edit/", orga.ZoneUpdateView.as_view(), name="zone-update"),
    path(f"{edition}zones/<int:zone>/delete/", orga.ZoneDeleteView.as_view(), name="zone-delete"),
    path(
        f"{edition}visits/<int:visit>/edit/", orga.SessionUpdateView.as_view(), name="visit-update"
    ),
    path(
        f"{edition}visits/<int:visit>/cancel/",
        orga.SessionCancelView.as_view(),
        name="visit-cancel",
    ),
    path(
        f"{edition}visits/<int:visit>/people/",
        orga.SessionPeopleView.as_view(),
        name="visit-people",
    ),
]
