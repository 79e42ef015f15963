"""Pages of scheduling reached without an account, under /e/<edition>/: an interpreter's own
agenda behind its private link."""

from django.urls import path

from paddock.scheduling.views import interpreter_link

app_name = "scheduling-public"

link = "interpreter/<token:token>/"

urlpatterns = [
    path(link, interpreter_link.LinkAgendaView.as_view(), name="interpreter-agenda"),
    path(f"{link}agenda.pdf", interpreter_link.LinkAgendaPdfView.as_view(), name="interpreter-pdf"),
    path(f"{link}agenda.ics", interpreter_link.LinkAgendaIcsView.as_view(), name="interpreter-ics"),
]
