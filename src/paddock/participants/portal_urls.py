"""Participant-facing pages of the participants domain, under /e/<edition>/."""

from django.urls import path

from paddock.accounts.enums import TokenPurpose
from paddock.participants.views import public

app_name = "participants-portal"

urlpatterns: list[object] = [
    # Registration
    path("", public.PortalHomeView.as_view(), name="home"),
    path("register/", public.RegisterView.as_view(), name="register"),
    path("register/sent/", public.RegisterSentView.as_view(), name="register-sent"),
    path(
        "invitation/<str:token>/",
        public.AcceptInvitationView.as_view(),
        name="accept-invitation",
    ),
    path(
        "invitation/<str:token>/new-link/",
        public.NewLinkView.as_view(purpose=TokenPurpose.INVITATION),
        name="invitation-new-link",
    ),
    path("verify/<str:token>/", public.VerifyEmailView.as_view(), name="verify-email"),
    path(
        "verify/<str:token>/new-link/",
        public.NewLinkView.as_view(purpose=TokenPurpose.EMAIL_VERIFICATION),
        name="verification-new-link",
    ),
]
