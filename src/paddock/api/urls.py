"""The REST API, version 1, under /api/v1/: its operations, /openapi.json and /docs."""

from paddock.api.app import api

app_name = "api"

urlpatterns = api.urls[0]
