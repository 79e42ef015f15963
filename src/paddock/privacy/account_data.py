"""The parts of "My data" that hang on the account rather than on one participation: team
roles and invitations, requests to join a company, erasure requests, and the emails sent
(privacy/export.py puts them in the zip)."""

import datetime as dt
from typing import Any

from paddock.accounts.models import User
from paddock.events.models import EditionMembership, TeamInvitation
from paddock.outcomes.models import SentMail
from paddock.participants.models import JoinRequest, Participant
from paddock.privacy.models import ErasureRequest
from paddock.reminders.models import SentReminder


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def team(user: User) -> dict[str, Any]:
    """The organisers the person is a member of, their roles and team invitations."""
    roles = EditionMembership.objects.filter(user=user).select_related("edition")
    invitations = TeamInvitation.objects.filter(user=user).select_related("edition")
    return {
        "organisers": list(user.organisers.order_by("name").values_list("name", flat=True)),
        "roles": [{"edition": row.edition.name, "role": row.role} for row in roles.order_by("pk")],
        "invitations": [
            {
                "edition": row.edition.name,
                "email": row.email,
                "role": row.role,
                "status": row.status,
                "invited_at": _when(row.created_at),
            }
            for row in invitations.order_by("created_at", "pk")
        ],
    }


def join_requests(user: User) -> list[dict[str, Any]]:
    rows = JoinRequest.objects.filter(user=user).select_related("edition", "company")
    return [
        {
            "edition": row.edition.name,
            "company": row.company.name,
            "role": row.role,
            "job_title": row.job_title,
            "languages": row.languages,
            "status": row.status,
            "asked_at": _when(row.created_at),
            "answered_at": _when(row.answered_at),
            "privacy_notice": {
                "version": row.consent_version,
                "accepted_at": _when(row.consented_at),
            },
        }
        for row in rows.order_by("created_at", "pk")
    ]


def erasure_requests(user: User) -> list[dict[str, Any]]:
    rows = ErasureRequest.objects.filter(user=user).select_related("edition")
    return [
        {
            "edition": row.edition.name if row.edition else None,
            "origin": row.origin,
            "status": row.status,
            "asked_at": _when(row.requested_at),
            "answered_at": _when(row.done_at),
            "decline_reason": row.decline_reason,
        }
        for row in rows.order_by("requested_at", "pk")
    ]


def emails_sent(participations: list[Participant]) -> dict[str, list[dict[str, Any]]]:
    """The emails whose sending is recorded per person (agenda reminders, outcome questions),
    so that none goes twice."""
    reminders = SentReminder.objects.filter(participant__in=participations)
    outcome_mails = SentMail.objects.filter(participant__in=participations)
    return {
        "agenda_reminders": [
            {
                "edition": row.participant.edition.name,
                "day": _when(row.day),
                "sent_at": _when(row.sent_at),
            }
            for row in reminders.select_related("participant__edition").order_by("sent_at", "pk")
        ],
        "outcome_emails": [
            {
                "edition": row.participant.edition.name,
                "kind": row.kind,
                "about": row.key,
                "sent_at": _when(row.sent_at),
            }
            for row in outcome_mails.select_related("participant__edition").order_by(
                "sent_at", "pk"
            )
        ],
    }
