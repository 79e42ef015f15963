"""Organiser pages of scheduling, under orga/e/<edition>/schedule/."""

from django.urls import path

from paddock.scheduling.views import documents, grid, runs

app_name = "scheduling"

base = "e/<slug:edition>/schedule/"
docs = "e/<slug:edition>/documents/"

urlpatterns = [
    path(base, runs.RunListView.as_view(), name="run-list"),
    path(f"{base}runs/<int:run>/", runs.RunDetailView.as_view(), name="run-detail"),
    path(f"{base}publish/", runs.PublishView.as_view(), name="publish"),
    path(f"{base}grid/", grid.GridView.as_view(), name="grid"),
    path(f"{base}meetings/<int:meeting>/", grid.MeetingPlaceView.as_view(), name="meeting-place"),
    path(
        f"{base}meetings/<int:meeting>/swap/", grid.MeetingSwapView.as_view(), name="meeting-swap"
    ),
    path(
        f"{base}meetings/<int:meeting>/lock/", grid.MeetingLockView.as_view(), name="meeting-lock"
    ),
    path(docs, documents.DocumentsView.as_view(), name="documents"),
    path(f"{docs}agendas.pdf", documents.AgendasPdfView.as_view(), name="agendas-pdf"),
    path(
        f"{docs}agendas/<int:participant>.pdf",
        documents.ParticipantAgendaPdfView.as_view(),
        name="participant-agenda-pdf",
    ),
    path(f"{docs}table-signs.pdf", documents.TableSignsPdfView.as_view(), name="table-signs-pdf"),
    path(f"{docs}room-sheets.pdf", documents.RoomSheetsPdfView.as_view(), name="room-sheets-pdf"),
]
