"""Participant-facing pages of the participants domain, under /e/<edition>/."""

app_name = "participants-portal"

urlpatterns: list[object] = []
