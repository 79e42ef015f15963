"""Pages of an edition's team reached from an email, under /e/<edition>/."""

from django.urls import path

from paddock.events.views import team

app_name = "events-public"

urlpatterns = [
    path("team/join/<str:token>/", team.JoinTeamView.as_view(), name="join-team"),
]
