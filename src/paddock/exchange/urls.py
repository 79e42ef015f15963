"""Organiser pages of the exchange app (imports and exports), under /orga/."""

from django.urls import path  # noqa: F401  (the pages come with the imports and exports)

app_name = "exchange"

edition = "e/<slug:edition>/"

urlpatterns: list = []
