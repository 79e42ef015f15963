"""Participant-facing pages of the participants domain, under /e/<edition>/."""

from django.urls import path

from paddock.accounts.enums import TokenPurpose
from paddock.participants.views import catalogue, join_requests, portal, public, withdrawal

app_name = "participants-portal"

urlpatterns: list[object] = [
    # Registration
    path("", public.PortalHomeView.as_view(), name="home"),
    path("register/", public.RegisterView.as_view(), name="register"),
    path("register/sent/", public.RegisterSentView.as_view(), name="register-sent"),
    path(
        "invitation/<token:token>/",
        public.AcceptInvitationView.as_view(),
        name="accept-invitation",
    ),
    path(
        "invitation/<token:token>/decline/",
        public.DeclineInvitationView.as_view(),
        name="decline-invitation",
    ),
    path(
        "invitation/<token:token>/new-link/",
        public.NewLinkView.as_view(purpose=TokenPurpose.INVITATION),
        name="invitation-new-link",
    ),
    path(
        "invitation/ask/<str:signed>/",
        public.AskNewInvitationView.as_view(),
        name="ask-new-invitation",
    ),
    path("verify/<token:token>/", public.VerifyEmailView.as_view(), name="verify-email"),
    path(
        "verify/<token:token>/new-link/",
        public.NewLinkView.as_view(purpose=TokenPurpose.EMAIL_VERIFICATION),
        name="verification-new-link",
    ),
]

# The profile editor and the catalogue.
OFFER, NEED = {"kind": "offer"}, {"kind": "need"}
urlpatterns += [
    path("withdraw/", withdrawal.PortalWithdrawView.as_view(), name="withdraw"),
    path("profile/", portal.ProfileView.as_view(), name="profile"),
    path("profile/company/", portal.CompanyUpdateView.as_view(), name="profile-company"),
    path(
        "profile/copy-previous/",
        portal.PreviousProfileCopyView.as_view(),
        name="profile-copy-previous",
    ),
    path("profile/person/", portal.PersonUpdateView.as_view(), name="profile-person"),
    path(
        "profile/availability/",
        portal.AvailabilityUpdateView.as_view(),
        name="profile-availability",
    ),
    path("profile/capabilities/", portal.CategorySearchView.as_view(), name="category-search"),
    path("profile/offers/add/", portal.CapabilityAddView.as_view(), OFFER, name="offer-add"),
    path("profile/needs/add/", portal.CapabilityAddView.as_view(), NEED, name="need-add"),
    path(
        "profile/offers/<int:pk>/",
        portal.CapabilityUpdateView.as_view(),
        OFFER,
        name="offer-update",
    ),
    path(
        "profile/needs/<int:pk>/", portal.CapabilityUpdateView.as_view(), NEED, name="need-update"
    ),
    path(
        "profile/offers/<int:pk>/delete/",
        portal.CapabilityDeleteView.as_view(),
        OFFER,
        name="offer-delete",
    ),
    path(
        "profile/needs/<int:pk>/delete/",
        portal.CapabilityDeleteView.as_view(),
        NEED,
        name="need-delete",
    ),
    path(
        "profile/offers/<int:pk>/attach/",
        portal.AttachmentAddView.as_view(),
        OFFER,
        name="offer-attach",
    ),
    path(
        "profile/needs/<int:pk>/attach/",
        portal.AttachmentAddView.as_view(),
        NEED,
        name="need-attach",
    ),
    path(
        "profile/attachments/<int:pk>/delete/",
        portal.AttachmentDeleteView.as_view(),
        name="attachment-delete",
    ),
    path(
        "company/join-requests/",
        join_requests.RepresentativeJoinRequestListView.as_view(),
        name="join-requests",
    ),
    path(
        "company/join-requests/<int:join_request>/accept/",
        join_requests.RepresentativeAcceptView.as_view(),
        name="join-request-accept",
    ),
    path(
        "company/join-requests/<int:join_request>/decline/",
        join_requests.RepresentativeDeclineView.as_view(),
        name="join-request-decline",
    ),
    path("catalogue/", catalogue.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/", catalogue.CompanyDetailView.as_view(), name="company-detail"),
    path(
        "attachments/<int:pk>/",
        catalogue.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
]
