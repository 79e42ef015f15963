"""Organiser pages of the privacy app, under /orga/."""

from django.urls import path

from paddock.privacy.views import orga

app_name = "privacy"

edition = "e/<slug:edition>/"

urlpatterns = [
    path(f"{edition}erasures/", orga.ErasureListView.as_view(), name="erasure-list"),
    path(
        f"{edition}erasures/<int:erasure>/confirm/",
        orga.ErasureConfirmView.as_view(),
        name="erasure-confirm",
    ),
    path(
        f"{edition}erasures/<int:erasure>/decline/",
        orga.ErasureDeclineView.as_view(),
        name="erasure-decline",
    ),
]
