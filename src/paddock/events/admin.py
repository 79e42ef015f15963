from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from paddock.core.admin import ReadOnlyAdmin
from paddock.core.forms import ModelForm
from paddock.events.exceptions import OrganiserError, TeamError
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
from paddock.events.services.organisers import lock_members, lock_role_holders


class OrganiserForm(ModelForm):
    class Meta:
        model = Organiser
        fields = ["name", "slug", "members"]

    def clean_members(self) -> Any:
        """Validated inside the admin site's transaction, which then saves the members: the
        accounts stay locked until then (`lock_members`)."""
        members = self.cleaned_data["members"]
        try:
            lock_members(self.instance, members)
        except OrganiserError as error:
            raise ValidationError(error.message, code=error.code) from error
        return members


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    form = OrganiserForm
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "first_year"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Validated inside the admin site's transaction, which then saves the roles: the
        accounts that hold them stay locked until then (`lock_role_holders`)."""
        super().clean()
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data]
        holders = [row["user"] for row in kept if row.get("user") and not row.get("DELETE")]
        try:
            lock_role_holders(holders)
        except TeamError as error:
            raise ValidationError(error.message, code=error.code) from error


class MembershipInline(admin.TabularInline):
    model = EditionMembership
    formset = MembershipFormSet
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
