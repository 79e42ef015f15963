"""Participant-facing pages of the meetings domain, under /e/<edition>/."""

from django.urls import path

from paddock.meetings.views import portal

app_name = "meetings-portal"

urlpatterns = [
    path("requests/", portal.RequestListView.as_view(), name="request-list"),
    path(
        "requests/new/<int:participant>/",
        portal.RequestCreateView.as_view(),
        name="request-create",
    ),
    path("requests/<int:pk>/accept/", portal.RequestAcceptView.as_view(), name="request-accept"),
    path("requests/<int:pk>/decline/", portal.RequestDeclineView.as_view(), name="request-decline"),
    path("requests/<int:pk>/cancel/", portal.RequestCancelView.as_view(), name="request-cancel"),
    path("agenda/", portal.AgendaView.as_view(), name="agenda"),
    path("agenda/pdf/", portal.AgendaPdfView.as_view(), name="agenda-pdf"),
    path(
        "agenda/calendar/reset/",
        portal.AgendaFeedResetView.as_view(),
        name="agenda-feed-reset",
    ),
    path("agenda/<token:token>.ics", portal.AgendaFeedView.as_view(), name="agenda-feed"),
]
