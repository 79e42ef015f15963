"""Participant-facing pages of the matchmaking domain, under /e/<edition>/."""

from django.urls import path

from paddock.matchmaking.views import portal

app_name = "matchmaking-portal"

urlpatterns = [
    path("recommendations/", portal.RecommendationListView.as_view(), name="recommendations"),
]
