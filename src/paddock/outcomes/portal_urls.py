"""Participant pages of outcomes, under /e/<edition>/."""

from django.urls import path

from paddock.outcomes.views import portal

app_name = "outcomes-portal"

urlpatterns = [
    path("outcomes/", portal.ToRateListView.as_view(), name="to-rate"),
    path("outcomes/<int:meeting>/", portal.OutcomeFormView.as_view(), name="rate"),
    path(
        "outcomes/<int:meeting>/follow-up/<int:months>/",
        portal.FollowUpFormView.as_view(),
        name="follow-up",
    ),
    path("network/", portal.NetworkView.as_view(), name="network"),
]
