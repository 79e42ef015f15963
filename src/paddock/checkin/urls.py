"""Organiser pages of check-in: badges under orga/e/<edition>/badges/, the desk and presence
under orga/e/<edition>/checkin/."""

from django.urls import path

from paddock.checkin.views import badges, desk

app_name = "checkin"

base = "e/<slug:edition>/badges/"
desk_base = "e/<slug:edition>/checkin/"

urlpatterns = [
    path(f"{base}all.pdf", badges.BadgeSheetView.as_view(), name="badge-sheet"),
    path(
        f"{base}<int:participant>.pdf",
        badges.ParticipantBadgeView.as_view(),
        name="participant-badge",
    ),
    path(desk_base, desk.DeskView.as_view(), name="desk"),
    path(f"{desk_base}search/", desk.DeskSearchView.as_view(), name="desk-search"),
    path(f"{desk_base}presence/", desk.PresenceView.as_view(), name="presence"),
]
