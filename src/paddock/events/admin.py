from django.contrib import admin

from paddock.core.admin import ReadOnlyAdmin
from paddock.events.models import (
    Edition,
    EditionMembership,
    EventSeries,
    Organiser,
    Room,
    SanitaryProtocol,
    Session,
    Table,
    TeamInvitation,
    TimeSlot,
)


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "first_year"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = EditionMembership
    extra = 0
    autocomplete_fields = ["user"]


class ProtocolInline(admin.StackedInline):
    model = SanitaryProtocol
    can_delete = False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "start_date", "end_date", "status"]
    list_filter = ["status", "series"]
    search_fields = ["name", "slug"]
    inlines = [ProtocolInline, MembershipInline]


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    raw_id_fields = ["home_participant"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "capacity"]
    list_filter = ["edition"]
    inlines = [TableInline]


class SlotInline(admin.TabularInline):
    model = TimeSlot
    extra = 0
    fields = ["start", "end"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "date"]
    list_filter = ["edition"]
    inlines = [SlotInline]


@admin.register(TeamInvitation)
class TeamInvitationAdmin(ReadOnlyAdmin):
    """To look, not to answer: an invitation is sent, accepted or withdrawn through the team
    services (the email, the role once accepted, the audit log)."""

    list_display = ["email", "edition", "role", "status", "invited_by", "created_at"]
    list_filter = ["edition", "status", "role"]
    search_fields = ["email"]
    list_select_related = ["edition", "invited_by"]
