"""Read-only admin of requests and meetings: every change goes through the services, which
check the rules, lock, log and tell the people concerned."""

from django.contrib import admin

from paddock.core.admin import ReadOnlyAdmin
from paddock.meetings.models import AgendaFeed, Meeting, MeetingRequest


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "recipient", "edition", "priority", "status", "mutual"]
    list_filter = ["edition", "status", "priority", "mutual"]
    search_fields = ["requester__user__email", "recipient__user__email"]
    list_select_related = ["requester__user", "requester__company", "recipient__user"]
    list_select_related += ["recipient__company", "edition"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "edition", "status", "weight", "slot", "table", "locked"]
    list_filter = ["edition", "status", "locked"]
    search_fields = ["first__user__email", "second__user__email"]
    list_select_related = ["first__user", "first__company", "second__user", "second__company"]
    list_select_related += ["edition", "slot__session", "slot__edition", "table__room"]


@admin.register(AgendaFeed)
class AgendaFeedAdmin(ReadOnlyAdmin):
    list_display = ["participant", "created_at"]
    exclude = ["token"]  # a secret: whoever has it reads the agenda
