"""The API's browsable documentation runs in Chromium under the Content-Security-Policy, from
our own static files: Swagger UI lists every operation and nothing is blocked or fetched
from another host."""

import pytest
from playwright.sync_api import Page

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

pytestmark = pytest.mark.e2e


def test_api_docs_list_every_operation_without_csp_violation(page: Page, db, live_server):
    console: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))

    schema = page.request.get("/api/v1/openapi.json").json()
    operations = sum(method in HTTP_METHODS for path in schema["paths"].values() for method in path)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock")

    assert (page.locator(".opblock").count(), console) == (operations, [])
    assert operations >= 34  # the schema itself is whole (tests/api check each operation)
    assert hosts == {live_server.url.split("/")[2]}
