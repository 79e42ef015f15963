"""Organiser pages of outcomes, under /orga/."""

from django.urls import path

from paddock.outcomes.views import orga

app_name = "outcomes"

urlpatterns = [
    path("e/<slug:edition>/outcomes/", orga.OutcomeListView.as_view(), name="outcome-list"),
    path(
        "e/<slug:edition>/outcomes/repeat-pairs/",
        orga.RepeatPairsView.as_view(),
        name="repeat-pairs",
    ),
]
