"""What the API shows of companies and participants, and what organisers send to write them.

Participants see what the catalogue shows them: validated people of listed companies, with
email, phone and job title only where the person chose to show them."""

from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from paddock.accounts.models import EMAIL_MAX_LENGTH
from paddock.api.serializers.common import InSchema, checked_email
from paddock.core.ids import MAX_ID
from paddock.participants.models import Company, Participant

Role = Literal["buyer", "supplier", "both"]


class CapabilityOut(Schema):
    category: str | None
    label: str | None
    text: str


class CompanyOut(Schema):
    id: int
    name: str
    country: str
    city: str
    sector: str
    size: str
    website: str
    description: str
    offers: list[CapabilityOut]
    needs: list[CapabilityOut]


class ParticipantOut(Schema):
    id: int
    company: int
    company_name: str
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    job_title: str | None
    languages: list[str]
    role: str
    status: str


class InvitedParticipantOut(ParticipantOut):
    """The answer to an invitation: the participant, and whether the mail server took the
    invitation's mail (false: the person is invited all the same; send the invitation again
    from their page later)."""

    invitation_mailed: bool


class CompanyIn(InSchema):
    multiline = frozenset({"description"})
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    city: str = Field("", max_length=100)
    sector: str = Field(max_length=20)
    size: str = Field("", max_length=10)
    website: str = Field("", max_length=200)
    description: str = Field("", max_length=10_000)


class CompanyPatch(InSchema):
    multiline = frozenset({"description"})
    name: str | None = Field(None, min_length=1, max_length=200)
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    city: str | None = Field(None, max_length=100)
    sector: str | None = Field(None, max_length=20)
    size: str | None = Field(None, max_length=10)
    website: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=10_000)


class ParticipantIn(InSchema):
    email: str = Field(max_length=EMAIL_MAX_LENGTH)
    first_name: str = Field(max_length=150)
    last_name: str = Field(max_length=150)
    company: int = Field(ge=1, le=MAX_ID)
    job_title: str = Field("", max_length=150)
    role: Role
    languages: list[str] = Field(default_factory=list, max_length=20)
    # The person is invited and takes part once they accept (the address may be an account's).
    status: Literal["invited"] = "invited"

    _email = field_validator("email")(checked_email)


class ParticipantPatch(InSchema):
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    job_title: str | None = Field(None, max_length=150)
    phone: str | None = Field(None, max_length=40)
    languages: list[str] | None = Field(None, max_length=20)
    role: Role | None = None


def _items(items: Any) -> list[dict[str, Any]]:
    return [
        {
            "category": item.category.code if item.category_id else None,
            "label": item.category.label if item.category_id else None,
            "text": item.text,
        }
        for item in items
    ]


def company_data(company: Company) -> dict[str, Any]:
    return {
        "id": company.pk,
        "name": company.name,
        "country": str(company.country.code or ""),
        "city": company.city,
        "sector": company.sector,
        "size": company.size,
        "website": company.website,
        "description": company.description,
        "offers": _items(company.offers.all()),
        "needs": _items(company.needs.all()),
    }


def participant_data(participant: Participant, *, team: bool) -> dict[str, Any]:
    """Everything for the organisers' team; what the person shows for anyone else."""
    shown = {
        "email": team or participant.show_email,
        "phone": team or (participant.show_phone and bool(participant.phone)),
        "job_title": team or participant.show_job_title,
    }
    return {
        "id": participant.pk,
        "company": participant.company_id,
        "company_name": participant.company.name,
        # Before the person accepts, the names the organisers gave, never the account's.
        "first_name": participant.names_for_organisers()[0],
        "last_name": participant.names_for_organisers()[1],
        "email": participant.email_for_organisers() if shown["email"] else None,
        "phone": participant.phone if shown["phone"] else None,
        "job_title": participant.job_title if shown["job_title"] else None,
        "languages": list(participant.languages),
        "role": participant.role,
        "status": participant.status,
    }
