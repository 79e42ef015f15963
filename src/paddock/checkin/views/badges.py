"""Badge PDFs for organisers and staff: every validated participant's, or one person's."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from paddock.checkin import badges, services
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.participants.queries import accepted_participant_for


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class BadgeSheetView(EditionPermissionMixin, View):
    """Every badge is one long PDF, built by the task worker and kept in storage with the other
    venue documents (`scheduling:badges-pdf`, which issues the missing badges): this older
    address leads there."""

    permission = rules.can_manage_participants

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("scheduling:badges-pdf", args=[edition.slug]))


class ParticipantBadgeView(EditionPermissionMixin, View):
    permission = rules.can_manage_participants

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        participant = accepted_participant_for(edition, kwargs["participant"])
        issued = services.issue_badges(edition, by=request.user, participants=[participant])
        pdf = badges.badges_document(edition, issued).write_pdf()
        return _pdf(pdf, f"badge-{edition.slug}-{participant.pk}.pdf")
