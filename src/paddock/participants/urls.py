from django.urls import path

from paddock.participants.views import invitations, join_requests, orga, taxonomy, withdrawal

app_name = "participants"

urlpatterns = [
    path(
        "e/<slug:edition>/participants/",
        orga.ParticipantListView.as_view(),
        name="participant-list",
    ),
    path(
        "e/<slug:edition>/participants/new/",
        orga.ParticipantAddView.as_view(),
        name="participant-add",
    ),
    path(
        "e/<slug:edition>/participants/invite/",
        invitations.InvitationCreateView.as_view(),
        name="invite",
    ),
    path(
        "e/<slug:edition>/participants/invite/bulk/",
        invitations.BulkInvitationView.as_view(),
        name="invite-bulk",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/resend-invitation/",
        invitations.ResendInvitationView.as_view(),
        name="participant-resend-invitation",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/password-link/",
        invitations.PasswordLinkView.as_view(),
        name="participant-password-link",
    ),
    path(
        "e/<slug:edition>/participants/validate/",
        orga.ParticipantBulkValidateView.as_view(),
        name="participant-bulk-validate",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/",
        orga.ParticipantDetailView.as_view(),
        name="participant-detail",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/validate/",
        orga.ParticipantValidateView.as_view(),
        name="participant-validate",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/withdraw-validation/",
        orga.ParticipantWithdrawView.as_view(),
        name="participant-withdraw",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/withdraw/",
        withdrawal.OrganiserWithdrawView.as_view(),
        name="participant-withdraw-participation",
    ),
    path(
        "e/<slug:edition>/participants/<int:pk>/undo-withdrawal/",
        orga.ParticipantUndoWithdrawalView.as_view(),
        name="participant-undo-withdrawal",
    ),
    path(
        "e/<slug:edition>/participants/join-requests/",
        join_requests.OrganiserJoinRequestListView.as_view(),
        name="join-request-list",
    ),
    path(
        "e/<slug:edition>/participants/join-requests/<int:join_request>/accept/",
        join_requests.OrganiserAcceptView.as_view(),
        name="join-request-accept",
    ),
    path(
        "e/<slug:edition>/participants/join-requests/<int:join_request>/decline/",
        join_requests.OrganiserDeclineView.as_view(),
        name="join-request-decline",
    ),
    path("taxonomy/", taxonomy.CategoryListView.as_view(), name="category-list"),
    path("taxonomy/new/", taxonomy.CategoryCreateView.as_view(), name="category-create"),
    path("taxonomy/<int:pk>/", taxonomy.CategoryUpdateView.as_view(), name="category-update"),
    path(
        "taxonomy/<int:pk>/delete/",
        taxonomy.CategoryDeleteView.as_view(),
        name="category-delete",
    ),
]
