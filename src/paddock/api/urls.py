"""The REST API, version 1, under /api/v1/."""

from django.urls import path  # noqa: F401  (the operations come with the API)

app_name = "api"

urlpatterns: list = []
