"""The download of everything Paddock holds about one person: a zip of JSON files, one per
kind of data, and the files they uploaded.

Only the person's own data: the other side of a request or meeting is named as the person saw
it in the portal, and nothing between other participants is read.
"""

import datetime as dt
import io
import json
import zipfile
from typing import Any

from django.db.models import Q

from paddock.accounts.models import User
from paddock.checkin.models import CheckIn
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.models import FollowUp, Outcome
from paddock.participants.models import Attachment, Company, Participant
from paddock.privacy import account_data
from paddock.privacy.audit import audit_entries_about, is_about, row_of, rows_of
from paddock.visits.models import Booking, VisitWish


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "emails_refused": sorted(user.mail_opt_outs),
    }


def _participations(participations: list[Participant]) -> list[dict[str, Any]]:
    return [
        {
            "edition": p.edition.name,
            "company": p.company.name,
            "role": p.role,
            "status": p.status,
            "job_title": p.job_title,
            "phone": p.phone,
            "languages": p.languages,
            "show_email": p.show_email,
            "show_phone": p.show_phone,
            "show_job_title": p.show_job_title,
            "registered_at": _when(p.created_at),
            "validated_at": _when(p.validated_at),
            "withdrawn_at": _when(p.withdrawn_at),
            "withdrawal_reason": p.withdrawal_reason,
            "privacy_notice": {"version": p.consent_version, "accepted_at": _when(p.consented_at)},
        }
        for p in participations
    ]


def _items(company: Company, kind: str) -> list[dict[str, Any]]:
    return [
        {"category": item.category.label_en if item.category else None, "text": item.text}
        for item in getattr(company, kind).all()
    ]


def _companies(participations: list[Participant]) -> list[dict[str, Any]]:
    companies = (
        Company.objects.filter(participants__in=participations)
        .select_related("edition")
        .prefetch_related("offers__category", "needs__category")
        .distinct()
        .order_by("edition__start_date", "pk")
    )
    return [
        {
            "edition": company.edition.name,
            "name": company.name,
            "country": str(company.country),
            "city": company.city,
            "sector": company.sector,
            "size": company.size,
            "website": company.website,
            "description": company.description,
            "offers": _items(company, "offers"),
            "needs": _items(company, "needs"),
        }
        for company in companies
    ]


def _requests(participations: list[Participant]) -> list[dict[str, Any]]:
    mine = {p.pk for p in participations}
    rows = (
        MeetingRequest.objects.filter(Q(requester__in=mine) | Q(recipient__in=mine))
        .select_related(
            "edition",
            "requester__user",
            "requester__company",
            "recipient__user",
            "recipient__company",
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "edition": row.edition.name,
            "direction": "sent" if row.requester_id in mine else "received",
            "with": str(row.recipient if row.requester_id in mine else row.requester),
            "message": row.message,
            "priority": row.priority,
            "status": row.status,
            "decline_reason": row.decline_reason,
            "sent_at": _when(row.created_at),
            "answered_at": _when(row.answered_at),
        }
        for row in rows
    ]


def _meetings(participations: list[Participant]) -> list[dict[str, Any]]:
    mine = {p.pk for p in participations}
    rows = (
        Meeting.objects.filter(Q(first__in=mine) | Q(second__in=mine))
        .select_related(
            "edition",
            "slot",
            "table__room",
            "first__user",
            "first__company",
            "second__user",
            "second__company",
        )
        .order_by("edition__start_date", "slot__start", "pk")
    )
    return [
        {
            "edition": row.edition.name,
            "with": str(row.second if row.first_id in mine else row.first),
            "status": row.status,
            "start": _when(row.slot.start) if row.slot else None,
            "end": _when(row.slot.end) if row.slot else None,
            "room": row.table.room.name if row.table else None,
            "table": row.table.label if row.table else None,
        }
        for row in rows
    ]


def _checkins(participations: list[Participant]) -> list[dict[str, Any]]:
    rows = (
        CheckIn.objects.filter(participant__in=participations)
        .select_related("edition", "room")
        .order_by("checked_in_at", "pk")
    )
    return [
        {
            "edition": row.edition.name,
            "room": row.room.name if row.room else None,
            "checked_in_at": _when(row.checked_in_at),
            "health_pass_checked": row.health_pass_checked,
        }
        for row in rows
    ]


def _visits(participations: list[Participant]) -> dict[str, list[dict[str, Any]]]:
    bookings = (
        Booking.objects.filter(participant__in=participations)
        .select_related("session__zone__edition")
        .order_by("session__start", "pk")
    )
    wishes = (
        VisitWish.objects.filter(participant__in=participations)
        .select_related("zone__edition")
        .order_by("zone__edition__start_date", "rank", "pk")
    )
    return {
        "bookings": [
            {
                "edition": row.session.zone.edition.name,
                "zone": row.session.zone.name_en,
                "start": _when(row.session.start),
                "end": _when(row.session.end),
                "status": row.status,
                "position_in_waiting_list": row.position,
                "booked_at": _when(row.created_at),
                "cancelled_at": _when(row.cancelled_at),
                "checked_in_at": _when(row.checked_in_at),
            }
            for row in bookings
        ],
        "wishes": [
            {"edition": row.zone.edition.name, "zone": row.zone.name_en, "rank": row.rank}
            for row in wishes
        ],
    }


def _met(meeting: Meeting, participant_id: int) -> dict[str, Any]:
    """Which meeting an answer is about, as the person saw it."""
    other = meeting.second if meeting.first_id == participant_id else meeting.first
    return {
        "edition": meeting.edition.name,
        "with": str(other),
        "meeting_start": _when(meeting.slot.start) if meeting.slot else None,
    }


def _outcomes(participations: list[Participant]) -> dict[str, list[dict[str, Any]]]:
    """The person's own answers about their meetings; the other side's are not theirs."""
    meeting = (
        "meeting__edition",
        "meeting__slot",
        "meeting__first__user",
        "meeting__first__company",
        "meeting__second__user",
        "meeting__second__company",
    )
    outcomes = (
        Outcome.objects.filter(participant__in=participations)
        .select_related(*meeting)
        .order_by("answered_at", "pk")
    )
    follow_ups = (
        FollowUp.objects.filter(participant__in=participations)
        .select_related(*meeting)
        .order_by("answered_at", "pk")
    )
    return {
        "outcomes": [
            _met(row.meeting, row.participant_id)
            | {
                "took_place": row.took_place,
                "interest": row.interest,
                "next_step": row.next_step,
                "value": row.value_band,
                "comment": row.comment,
                "answered_at": _when(row.answered_at),
            }
            for row in outcomes
        ],
        "follow_ups": [
            _met(row.meeting, row.participant_id)
            | {
                "months": row.months,
                "answer": row.answer,
                "value": row.value_band,
                "answered_at": _when(row.answered_at),
            }
            for row in follow_ups
        ],
    }


def _audit(user: User, participations: list[Participant]) -> list[dict[str, Any]]:
    """The entries about the person or their companies, whole; of those they wrote about
    anything else (a team member's work on other people), what they did, where and when, but
    not the object or the details, which name other people (an invited address, a declined
    request's author)."""
    entries = audit_entries_about(user, participations).order_by("created_at", "pk")
    theirs = rows_of(user, participations) | {row_of(p.company) for p in participations}
    names = {user.email, str(user)} | {str(p) for p in participations}
    names |= {p.company.name for p in participations}
    return [
        {
            "when": _when(entry.created_at),
            "action": entry.action,
            "edition": entry.edition_name,
            "object": entry.object_repr if is_about(entry, theirs, names) else None,
            "details": entry.data if is_about(entry, theirs, names) else {},
        }
        for entry in entries
    ]


def participations_of(user: User) -> list[Participant]:
    return list(
        Participant.objects.filter(user=user)
        .select_related("edition", "company", "user")
        .order_by("edition__start_date", "pk")
    )


def personal_data_zip(user: User) -> bytes:
    """Everything about `user`, as the bytes of a zip file. Reads only."""
    participations = participations_of(user)
    documents = {
        "account.json": _account(user),
        "participations.json": _participations(participations),
        "companies.json": _companies(participations),
        "meeting_requests.json": _requests(participations),
        "meetings.json": _meetings(participations),
        "checkins.json": _checkins(participations),
        "visits.json": _visits(participations),
        "outcomes.json": _outcomes(participations),
        "audit.json": _audit(user, participations),
        "team.json": account_data.team(user),
        "join_requests.json": account_data.join_requests(user),
        "erasure_requests.json": account_data.erasure_requests(user),
        "emails_sent.json": account_data.emails_sent(participations),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in documents.items():
            archive.writestr(name, json.dumps(content, ensure_ascii=False, indent=2))
        for attachment in Attachment.objects.filter(uploaded_by=user).order_by("pk"):
            try:
                with attachment.file.open("rb") as file:
                    content = file.read()
            except FileNotFoundError:  # lost from disk: nothing to hand over
                continue
            name = attachment.original_name.replace("/", "_").replace("\\", "_")
            archive.writestr(f"files/{attachment.pk}-{name}", content)
    return buffer.getvalue()
