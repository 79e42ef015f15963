"""Organiser pages of check-in, under orga/e/<edition>/badges/."""

from django.urls import path

from paddock.checkin.views import badges

app_name = "checkin"

base = "e/<slug:edition>/badges/"

urlpatterns = [
    path(f"{base}all.pdf", badges.BadgeSheetView.as_view(), name="badge-sheet"),
    path(
        f"{base}<int:participant>.pdf",
        badges.ParticipantBadgeView.as_view(),
        name="participant-badge",
    ),
]
