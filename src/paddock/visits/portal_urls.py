"""Participant pages of the visits app, under /e/<edition>/."""

from django.urls import path  # noqa: F401  (the pages come with the booking)

app_name = "visits-portal"

urlpatterns: list = []
