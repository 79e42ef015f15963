from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.meetings.models import Meeting
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.queries import MEETING_RELATED, unpublished_count


class SchedulingMixin(EditionPermissionMixin):
    """Scheduling is the organiser's decision: organisers only. Every page says how many
    meetings changed since the last publication (participants not told yet)."""

    permission = rules.can_manage_edition

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        count = unpublished_count(self.request.edition)  # type: ignore[attr-defined]
        if count is not None:
            context["unpublished"] = count
        return context


def run_for(request: HttpRequest, pk: int) -> ScheduleRun:
    """A run of the request's edition, or 404."""
    run = get_object_or_404(ScheduleRun, edition=request.edition, pk=pk)  # type: ignore[attr-defined]
    run.edition = request.edition  # type: ignore[attr-defined]
    return run


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    """A meeting of the request's edition, or 404."""
    queryset = Meeting.objects.select_related(*MEETING_RELATED, "slot", "table__room")
    meeting = get_object_or_404(queryset, edition=request.edition, pk=pk)  # type: ignore[attr-defined]
    meeting.edition = request.edition  # type: ignore[attr-defined]
    return meeting
