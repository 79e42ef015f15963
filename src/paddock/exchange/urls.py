"""Organiser pages of the exchange app (imports and exports), under /orga/."""

from django.urls import path

from paddock.exchange.views import exports

app_name = "exchange"

edition = "e/<slug:edition>/"

urlpatterns: list = [
    path(f"{edition}exports/", exports.ExportView.as_view(), name="exports"),
]
