"""Organiser pages of the meetings domain, under orga/."""

from django.urls import path

from paddock.meetings.views import orga

app_name = "meetings"

urlpatterns = [
    path("e/<slug:edition>/requests/", orga.RequestListView.as_view(), name="request-list"),
]
