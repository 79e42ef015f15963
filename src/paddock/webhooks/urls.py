"""Organiser pages of webhooks, under orga/e/<edition>/webhooks/."""

from django.urls import path

from paddock.webhooks.views import orga

app_name = "webhooks"

base = "e/<slug:edition>/webhooks/"

urlpatterns = [
    path(base, orga.EndpointListView.as_view(), name="endpoint-list"),
    path(f"{base}<int:endpoint>/", orga.EndpointDetailView.as_view(), name="endpoint-detail"),
    path(
        f"{base}<int:endpoint>/rotate/", orga.EndpointRotateView.as_view(), name="endpoint-rotate"
    ),
    path(
        f"{base}<int:endpoint>/delete/", orga.EndpointDeleteView.as_view(), name="endpoint-delete"
    ),
    path(
        f"{base}deliveries/<int:delivery>/send-again/",
        orga.DeliverySendAgainView.as_view(),
        name="delivery-send-again",
    ),
]
