"""Participant pages of the privacy app, under /e/<edition>/."""

from django.urls import path

from paddock.privacy.views import portal

app_name = "privacy-portal"

urlpatterns = [
    path("my-data/", portal.MyDataView.as_view(), name="my-data"),
    path("my-data/erasure/", portal.MyDataView.as_view(), name="erasure-request"),
    path(
        "my-data/erasure/withdraw/",
        portal.WithdrawErasureView.as_view(),
        name="erasure-withdraw",
    ),
    path("my-data/download/", portal.ExportView.as_view(), name="export"),
]
