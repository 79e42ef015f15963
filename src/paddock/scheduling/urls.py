"""Organiser pages of scheduling, under orga/e/<edition>/schedule/, documents/ and live/."""

from django.urls import path

from paddock.scheduling.enums import DocumentKind
from paddock.scheduling.views import documents, grid, live, protocol, runs

app_name = "scheduling"

base = "e/<slug:edition>/schedule/"
docs = "e/<slug:edition>/documents/"
day = "e/<slug:edition>/live/"

urlpatterns = [
    path(base, runs.RunListView.as_view(), name="run-list"),
    path(f"{base}runs/<int:run>/", runs.RunDetailView.as_view(), name="run-detail"),
    path(f"{base}publish/", runs.PublishView.as_view(), name="publish"),
    path(f"{base}grid/", grid.GridView.as_view(), name="grid"),
    path(f"{base}protocol/", protocol.ProtocolReviewView.as_view(), name="protocol-review"),
    path(
        f"{base}protocol/propose/",
        protocol.ProtocolProposeView.as_view(),
        name="protocol-propose",
    ),
    path(
        f"{base}protocol/confirm/",
        protocol.ProtocolConfirmView.as_view(),
        name="protocol-confirm",
    ),
    path(f"{base}meetings/<int:meeting>/", grid.MeetingPlaceView.as_view(), name="meeting-place"),
    path(
        f"{base}meetings/<int:meeting>/swap/", grid.MeetingSwapView.as_view(), name="meeting-swap"
    ),
    path(
        f"{base}meetings/<int:meeting>/lock/", grid.MeetingLockView.as_view(), name="meeting-lock"
    ),
    path(day, live.LiveView.as_view(), name="live"),
    path(f"{day}book/", live.LiveBookView.as_view(), name="live-book"),
    path(f"{day}walk-in/", live.LiveWalkInView.as_view(), name="live-walk-in"),
    path(f"{day}meetings/<int:meeting>/no-show/", live.NoShowView.as_view(), name="live-no-show"),
    path(
        f"{day}meetings/<int:meeting>/undo/",
        live.NoShowUndoView.as_view(),
        name="live-no-show-undo",
    ),
    path(docs, documents.DocumentsView.as_view(), name="documents"),
    path(
        f"{docs}interpreters/<int:interpreter>/",
        documents.InterpreterAgendaView.as_view(),
        name="interpreter-agenda",
    ),
    path(
        f"{docs}interpreters/<int:interpreter>.pdf",
        documents.InterpreterAgendaPdfView.as_view(),
        name="interpreter-agenda-pdf",
    ),
    path(
        f"{docs}agendas.pdf",
        documents.StoredPdfView.as_view(kind=DocumentKind.AGENDAS),
        name="agendas-pdf",
    ),
    path(
        f"{docs}agendas/<int:participant>.pdf",
        documents.ParticipantAgendaPdfView.as_view(),
        name="participant-agenda-pdf",
    ),
    path(f"{docs}table-signs.pdf", documents.TableSignsPdfView.as_view(), name="table-signs-pdf"),
    path(
        f"{docs}room-sheets.pdf",
        documents.StoredPdfView.as_view(kind=DocumentKind.ROOM_SHEETS),
        name="room-sheets-pdf",
    ),
    path(
        f"{docs}badges.pdf",
        documents.StoredPdfView.as_view(kind=DocumentKind.BADGES),
        name="badges-pdf",
    ),
]
