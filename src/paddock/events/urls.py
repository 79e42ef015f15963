from django.urls import path

from paddock.events.views import grid, interpreters, orga, privacy, protocol, team, venue

app_name = "events"

edition = "e/<slug:edition>/"

urlpatterns = [
    path("", orga.DashboardView.as_view(), name="dashboard"),
    path("editions/new/", orga.EditionCreateView.as_view(), name="edition-create"),
    path(edition, orga.EditionHomeView.as_view(), name="edition-home"),
    path(f"{edition}settings/", orga.EditionUpdateView.as_view(), name="edition-update"),
    # Venue
    path(f"{edition}rooms/", venue.RoomListView.as_view(), name="room-list"),
    path(f"{edition}rooms/new/", venue.RoomCreateView.as_view(), name="room-create"),
    path(f"{edition}rooms/<int:room>/", venue.RoomDetailView.as_view(), name="room-detail"),
    path(f"{edition}rooms/<int:room>/edit/", venue.RoomUpdateView.as_view(), name="room-update"),
    path(f"{edition}rooms/<int:room>/delete/", venue.RoomDeleteView.as_view(), name="room-delete"),
    path(
        f"{edition}rooms/tables/<int:table>/edit/",
        venue.TableUpdateView.as_view(),
        name="table-update",
    ),
    path(
        f"{edition}rooms/tables/<int:table>/delete/",
        venue.TableDeleteView.as_view(),
        name="table-delete",
    ),
    # Time grid
    path(f"{edition}grid/", grid.GridView.as_view(), name="grid"),
    path(f"{edition}grid/generate/", grid.GridGenerateView.as_view(), name="grid-generate"),
    path(
        f"{edition}grid/sessions/<int:session>/slots/new/",
        grid.SlotCreateView.as_view(),
        name="slot-create",
    ),
    path(
        f"{edition}grid/slots/<int:slot>/edit/", grid.SlotUpdateView.as_view(), name="slot-update"
    ),
    path(
        f"{edition}grid/slots/<int:slot>/delete/", grid.SlotDeleteView.as_view(), name="slot-delete"
    ),
    # Interpreters
    path(
        f"{edition}interpreters/",
        interpreters.InterpreterListView.as_view(),
        name="interpreter-list",
    ),
    path(
        f"{edition}interpreters/new/",
        interpreters.InterpreterCreateView.as_view(),
        name="interpreter-create",
    ),
    path(
        f"{edition}interpreters/<int:interpreter>/edit/",
        interpreters.InterpreterUpdateView.as_view(),
        name="interpreter-update",
    ),
    path(
        f"{edition}interpreters/<int:interpreter>/delete/",
        interpreters.InterpreterDeleteView.as_view(),
        name="interpreter-delete",
    ),
    path(
        f"{edition}interpreters/<int:interpreter>/renew-link/",
        interpreters.InterpreterLinkRenewView.as_view(),
        name="interpreter-link-renew",
    ),
    # Team
    path(f"{edition}team/", team.TeamView.as_view(), name="team"),
    path(
        f"{edition}team/<int:membership>/remove/",
        team.TeamMemberRemoveView.as_view(),
        name="team-remove",
    ),
    path(
        f"{edition}team/invitations/<int:invitation>/withdraw/",
        team.TeamInvitationWithdrawView.as_view(),
        name="team-invitation-withdraw",
    ),
    # Sanitary protocol
    path(f"{edition}protocol/", protocol.ProtocolView.as_view(), name="protocol"),
    # Privacy notice
    path(f"{edition}privacy/", privacy.PrivacyNoticeView.as_view(), name="privacy"),
]
