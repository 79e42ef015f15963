from django.urls import path

from paddock.events.views import orga

app_name = "events"

urlpatterns = [
    path("", orga.DashboardView.as_view(), name="dashboard"),
    path("editions/new/", orga.EditionCreateView.as_view(), name="edition-create"),
    path("e/<slug:edition>/", orga.EditionHomeView.as_view(), name="edition-home"),
    path("e/<slug:edition>/settings/", orga.EditionUpdateView.as_view(), name="edition-update"),
]
