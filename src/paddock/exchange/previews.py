"""The preview of an import kept as JSON between the worker's check and the organiser's pages.

The worker stores what a check found (`preview_of`); the pages read it back (`Preview`) in the
reader's language: countries, sectors and priorities are kept as codes and named when shown.
`plan_of` hashes what an import without errors would create: the import compares it with the
preview's before it writes, so that it never creates other figures than those confirmed.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django_countries.fields import Country

from paddock.exchange.imports import CellError, ImportResult
from paddock.exchange.meetings import MeetingImportResult
from paddock.meetings.enums import RequestPriority
from paddock.participants.enums import Sector

# The preview lists this many errors and counts the others (a page of 200,000 weighed 55 MB).
LISTED_ERRORS = 500


def preview_of(result: ImportResult | MeetingImportResult) -> dict[str, Any]:
    errors = [[e.line, e.column, e.message] for e in result.errors[:LISTED_ERRORS]]
    preview: dict[str, Any] = {"errors": errors, "error_count": len(result.errors)}
    if isinstance(result, MeetingImportResult):
        preview["pairs"] = [
            [pair.line, pair.first.user.email, pair.second.user.email, pair.priority]
            for pair in result.pairs
        ]
        return preview
    preview["people"] = [
        [p.line, p.email, p.fields.get("first_name", ""), p.fields.get("last_name", ""),
         p.company_name]
        for p in result.people
    ]  # fmt: skip
    preview["companies"] = []
    for company in result.companies.values():
        existing = company.existing
        country = existing.country.code if existing else company.fields.get("country", "")
        sector = existing.sector if existing else company.fields.get("sector", "")
        preview["companies"].append([company.name, country or "", sector, existing is not None])
    return preview


def plan_of(preview: dict[str, Any]) -> str:
    """What an import of that preview creates, hashed; empty when it has errors."""
    if preview.get("error_count"):
        return ""
    kept = {key: preview.get(key) for key in ("people", "companies", "pairs")}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class PreviewPerson:
    line: int
    email: str
    first_name: str
    last_name: str
    company_name: str


@dataclass(frozen=True)
class PreviewCompany:
    name: str
    country: str
    sector: str
    existing: bool

    @property
    def country_name(self) -> str:
        return str(Country(self.country).name) if self.country else ""

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label) if self.sector in Sector.values else self.sector


@dataclass(frozen=True)
class PreviewPair:
    line: int
    first_email: str
    second_email: str
    priority: str

    @property
    def priority_label(self) -> str:
        known = self.priority in RequestPriority.values
        return str(RequestPriority(self.priority).label) if known else self.priority


class Preview:
    """A stored preview as the pages show it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.errors = [CellError(*error) for error in data.get("errors", [])]
        self.error_count: int = data.get("error_count", 0)
        self.people = [PreviewPerson(*person) for person in data.get("people", [])]
        self.companies = [PreviewCompany(*company) for company in data.get("companies", [])]
        self.pairs = [PreviewPair(*pair) for pair in data.get("pairs", [])]

    @property
    def companies_created(self) -> list[PreviewCompany]:
        return [company for company in self.companies if not company.existing]

    @property
    def companies_reused(self) -> list[PreviewCompany]:
        return [company for company in self.companies if company.existing]

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)
