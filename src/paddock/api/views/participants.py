"""Companies and participants: read as the catalogue (participants) or the organiser pages
(organisers and staff) show them; organisers and staff write through the services."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from paddock.accounts.mail import language_for, unsent_mail
from paddock.api.access import Access, access_to, require_catalogue, require_team
from paddock.api.pagination import PageQuery, page_of, paginate
from paddock.api.params import id_path, slug_path
from paddock.api.problems import ApiProblemError
from paddock.api.responses import responses
from paddock.api.serializers.participants import (
    CompanyIn,
    CompanyOut,
    CompanyPatch,
    InvitedParticipantOut,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatch,
    company_data,
    participant_data,
)
from paddock.core.ids import MAX_ID
from paddock.participants import profile, registration, services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from paddock.participants.queries import (
    catalogue_companies,
    companies_of,
    filtered_participants,
    with_catalogue_details,
)

router = Router(tags=["companies and participants"])


class CompanyFilters(Schema):
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")


class ParticipantFilters(Schema):
    company: int | None = Field(None, ge=1, le=MAX_ID)
    status: Literal["invited", "registered", "validated", "declined", "withdrawn"] | None = None
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")


def _companies(access: Access, country: str = "") -> Any:
    require_catalogue(access)
    if access.team:
        companies = companies_of(access.edition).order_by("name", "pk")
        if country:
            companies = companies.filter(country=country)
    else:
        companies = catalogue_companies(access.edition, country=country)
    return with_catalogue_details(companies, attachments=False)


def _participants(access: Access, country: str = "") -> Any:
    require_catalogue(access)
    people = filtered_participants(access.edition, country=country)
    if not access.team:
        people = people.filter(status=ParticipantStatus.VALIDATED)
    return people


def _company(access: Access, pk: int) -> Company:
    company = _companies(access).filter(pk=pk).first()
    if company is None:
        raise Http404
    return company


def _participant(access: Access, pk: int) -> Participant:
    participant = _participants(access).filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


@router.get("/editions/{slug}/companies", response=responses(ok=page_of(CompanyOut)))
def list_companies(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[CompanyFilters],
    slug: str = slug_path(),
) -> dict[str, Any]:
    access = access_to(request, slug)
    return paginate(request, _companies(access, filters.country or ""), page, company_data)


@router.get("/editions/{slug}/companies/{pk}", response=responses(ok=CompanyOut))
def get_company(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    return company_data(_company(access_to(request, slug), pk))


@router.post("/editions/{slug}/companies", response=responses(created=CompanyOut))
def create_company(request: HttpRequest, payload: CompanyIn, slug: str = slug_path()) -> Any:
    access = access_to(request, slug)
    require_team(access)
    company = services.create_company(access.edition, by=access.user, **payload.model_dump())
    return Status(201, company_data(company))


@router.patch("/editions/{slug}/companies/{pk}", response=responses(ok=CompanyOut))
def update_company(
    request: HttpRequest, payload: CompanyPatch, slug: str = slug_path(), pk: int = id_path()
) -> Any:
    access = access_to(request, slug)
    require_team(access)
    company = _company(access, pk)
    fields = payload.model_dump(exclude_unset=True, exclude_none=True)
    company = profile.update_company(company, by=access.user, **fields)
    return company_data(_company(access, company.pk))


@router.get("/editions/{slug}/participants", response=responses(ok=page_of(ParticipantOut)))
def list_participants(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[ParticipantFilters],
    slug: str = slug_path(),
) -> dict[str, Any]:
    access = access_to(request, slug)
    people = _participants(access, filters.country or "")
    if filters.company is not None:
        people = people.filter(company_id=filters.company)
    if filters.status:
        people = people.filter(status=filters.status)
    return paginate(request, people, page, lambda p: participant_data(p, team=access.team))


@router.get("/editions/{slug}/participants/{pk}", response=responses(ok=ParticipantOut))
def get_participant(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    access = access_to(request, slug)
    return participant_data(_participant(access, pk), team=access.team)


@router.post("/editions/{slug}/participants", response=responses(created=InvitedParticipantOut))
def add_participant(request: HttpRequest, payload: ParticipantIn, slug: str = slug_path()) -> Any:
    """Invites the person, who takes part once they accept: `status` is `invited`, and the
    names are those given here until then, whether the address had an account or not.
    `invitation_mailed` is false when the mail server did not take the invitation's mail."""
    access = access_to(request, slug)
    require_team(access)
    fields = payload.model_dump()
    company = access.edition.companies.filter(pk=fields.pop("company")).first()
    if company is None:
        raise ApiProblemError(
            422,
            "invalid",
            _("The request is invalid: see the errors of each field."),
            errors=[{"field": "company", "message": _("No such company in this edition.")}],
        )
    del fields["status"]  # always invited
    with unsent_mail() as unsent:  # the invitation's mail leaves at the service's commit
        participant = registration.invite_participant(
            access.edition,
            by=access.user,
            company=company,
            language=language_for(None, access.edition),
            **fields,
        )
    answer = participant_data(_participant(access, participant.pk), team=True)
    return Status(201, {**answer, "invitation_mailed": not unsent})


@router.patch("/editions/{slug}/participants/{pk}", response=responses(ok=ParticipantOut))
def update_participant(
    request: HttpRequest, payload: ParticipantPatch, slug: str = slug_path(), pk: int = id_path()
) -> Any:
    """Names, job, phone, languages and role; what the person shows stays their choice."""
    access = access_to(request, slug)
    require_team(access)
    participant = _participant(access, pk)
    first_name, last_name = participant.names_for_organisers()
    current = {
        "first_name": first_name,
        "last_name": last_name,
        "job_title": participant.job_title,
        "phone": participant.phone,
        "languages": participant.languages,
        "role": participant.role,
    }
    current.update(payload.model_dump(exclude_unset=True, exclude_none=True))
    profile.update_participant_details(
        participant,
        by=access.user,
        show_email=participant.show_email,
        show_phone=participant.show_phone,
        show_job_title=participant.show_job_title,
        **current,
    )
    return participant_data(_participant(access, pk), team=True)
