from django.contrib import admin
from django.http import HttpRequest

from paddock.matchmaking.models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    """Read-only: recommendations are replaced by each recomputation, never edited by hand."""

    list_display = ["participant", "other", "score", "computed_at"]
    list_filter = ["edition"]
    list_select_related = [
        "participant__user",
        "participant__company",
        "other__user",
        "other__company",
    ]
    raw_id_fields = ["participant", "other"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Recommendation | None = None
    ) -> bool:
        return False
