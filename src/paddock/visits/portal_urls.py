"""Participant pages of the visits app, under /e/<edition>/."""

from django.urls import path

from paddock.visits.views import portal

app_name = "visits-portal"

urlpatterns = [
    path("visits/", portal.VisitListView.as_view(), name="visits"),
    path("visits/wishes/", portal.WishesView.as_view(), name="wishes"),
    path("visits/<int:pk>/book/", portal.BookView.as_view(), name="book"),
    path(
        "visits/bookings/<int:pk>/cancel/",
        portal.BookingCancelView.as_view(),
        name="booking-cancel",
    ),
]
