"""Organiser and zone-host pages of the visits app, under /orga/."""

from django.urls import path  # noqa: F401  (the pages come with the zones and sessions)

app_name = "visits"

edition = "e/<slug:edition>/"

urlpatterns: list = []
