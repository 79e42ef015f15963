"""Pages of an edition's team reached from an email, under /e/<edition>/."""

from django.urls import path

from paddock.events.views import privacy, team

app_name = "events-public"

urlpatterns = [
    path("privacy/", privacy.PublicPrivacyNoticeView.as_view(), name="privacy"),
    path("team/join/<token:token>/", team.JoinTeamView.as_view(), name="join-team"),
    path("team/join/<token:token>/decline/", team.DeclineTeamView.as_view(), name="decline-team"),
]
