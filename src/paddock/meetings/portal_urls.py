"""Participant-facing pages of the meetings domain, under /e/<edition>/."""

app_name = "meetings-portal"

urlpatterns: list[object] = []
