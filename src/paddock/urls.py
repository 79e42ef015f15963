from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from paddock.core.views import bare
from paddock.events.views.public import HomeView

# Organiser pages live under orga/, participant pages under e/<edition>/: each app owns both
# (urls.py and portal_urls.py), with the namespaces "<app>" and "<app>-portal".
urlpatterns = [
    # The home page keeps its name "core:home"; its view reads editions, so it lives in events.
    path("", include(([path("", HomeView.as_view(), name="home")], "core"))),
    path("accounts/", include("paddock.accounts.urls")),
    path("accounts/api-tokens/", include("paddock.api.token_urls")),
    path("orga/", include("paddock.events.urls")),
    path("orga/", include("paddock.participants.urls")),
    path("orga/", include("paddock.meetings.urls")),
    path("orga/", include("paddock.scheduling.urls")),
    path("orga/", include("paddock.checkin.urls")),
    path("orga/", include("paddock.privacy.urls")),
    path("orga/", include("paddock.exchange.urls")),
    path("orga/", include("paddock.visits.urls")),
    path("orga/", include("paddock.series.urls")),
    path("orga/", include("paddock.outcomes.urls")),
    path("orga/", include("paddock.reports.urls")),
    path("orga/", include("paddock.webhooks.urls")),
    path("orga/", include("paddock.accounts.outbox_urls")),
    path("e/<slug:edition>/", include("paddock.participants.portal_urls")),
    path("e/<slug:edition>/", include("paddock.matchmaking.portal_urls")),
    path("e/<slug:edition>/", include("paddock.meetings.portal_urls")),
    path("e/<slug:edition>/", include("paddock.events.public_urls")),
    path("e/<slug:edition>/", include("paddock.privacy.portal_urls")),
    path("e/<slug:edition>/", include("paddock.visits.portal_urls")),
    path("e/<slug:edition>/", include("paddock.outcomes.portal_urls")),
    path("e/<slug:edition>/", include("paddock.scheduling.public_urls")),
    path("api/v1/", include("paddock.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("bench/bare/", bare, name="bench-bare"),  # bench/web.py; 404 unless turned on
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
