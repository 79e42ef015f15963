from typing import Any

from django.contrib import admin

from paddock.participants.models import Category, Company, JoinRequest, Need, Offer, Participant


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
