"""Participant-facing pages of the matchmaking domain, under /e/<edition>/."""

app_name = "matchmaking-portal"

urlpatterns: list[object] = []
