from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from paddock.core.admin import ReadOnlyAdmin
from paddock.participants.models import (
    Category,
    Company,
    DeclinedInvitationLink,
    JoinRequest,
    Need,
    Offer,
    Participant,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "label_en", "label_fr", "kind", "parent", "organiser"]
    list_filter = ["kind", "organiser"]
    search_fields = ["code", "label_en", "label_fr"]


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0


class NeedInline(admin.TabularInline):
    model = Need
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "country", "sector"]
    list_filter = ["edition", "sector"]
    search_fields = ["name"]
    inlines = [OfferInline, NeedInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "edition", "role", "status"]
    list_filter = ["edition", "status", "role"]
    search_fields = ["user__email", "user__last_name", "company__name"]
    raw_id_fields = ["user", "company", "validated_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """To look, not to answer: a request is answered through its service (emails, audit log,
    the participant row), by the organisers' or the company's page."""

    list_display = ["user", "company", "edition", "status", "created_at", "answered_at"]
    list_filter = ["edition", "status"]
    search_fields = ["user__email", "company__name"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DeclinedInvitationLink)
class DeclinedInvitationLinkAdmin(ReadOnlyAdmin):
    """To look, not to write: registration keeps these digests when an invitation is declined
    (`registration.decline_invitation`), so that its links say so. A digest is shown by its
    start only, as the admin shows no link's secret material whole."""

    list_display = ["digest_start", "participant", "edition"]
    list_filter = ["participant__edition"]
    search_fields = ["participant__invited_email"]
    list_select_related = ["participant__edition", "participant__company", "participant__user"]
    fields = ["participant", "edition", "digest_start"]
    readonly_fields = fields

    @admin.display(description=_("digest"))
    def digest_start(self, link: DeclinedInvitationLink) -> str:
        return f"{link.digest[:8]}…"

    @admin.display(description=_("edition"), ordering="participant__edition__name")
    def edition(self, link: DeclinedInvitationLink) -> str:
        return str(link.participant.edition)
