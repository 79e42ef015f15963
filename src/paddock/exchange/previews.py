"""The preview of an import kept as JSON between the worker's check and the organiser's pages.

The worker stores what a check found (`preview_of`); the pages read it back (`Preview`) in the
reader's language: countries, sectors and priorities are kept as codes and named when shown,
errors in no language (`cell_errors`).
`plan_of` hashes what an import without errors would create: the import compares it with the
preview's before it writes, so that it never creates other figures than those confirmed.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django_countries.fields import Country

from paddock.exchange.cell_errors import CellError
from paddock.exchange.imports import ImportResult
from paddock.exchange.meetings import MeetingImportResult
from paddock.meetings.enums import RequestPriority
from paddock.participants.enums import Sector

# The preview lists this many errors, people, companies or meetings and counts all of them: a
# page of 200,000 rows weighed 55 MB and took seconds to write and to read back.
LISTED = 500


def preview_of(result: ImportResult | MeetingImportResult) -> dict[str, Any]:
    """What the pages show of a check: the first LISTED of each list, and every count."""
    errors = [error.as_json() for error in result.errors[:LISTED]]
    preview: dict[str, Any] = {"errors": errors, "error_count": len(result.errors)}
    if isinstance(result, MeetingImportResult):
        preview["pairs"] = _pairs(result)[:LISTED]
        preview["counts"] = {"pairs": len(result.pairs)}
        return preview
    preview["people"] = _people(result)[:LISTED]
    preview["companies"] = _companies(result)[:LISTED]
    preview["counts"] = {
        "people": len(result.people),
        "companies_created": len(result.companies_created),
        "companies_reused": len(result.companies_reused),
    }
    return preview


def _pairs(result: MeetingImportResult) -> list[list[Any]]:
    return [
        [pair.line, pair.first.user.email, pair.second.user.email, pair.priority]
        for pair in result.pairs
    ]


def _people(result: ImportResult) -> list[list[Any]]:
    return [
        [p.line, p.email, p.fields.get("first_name", ""), p.fields.get("last_name", ""),
         p.company_name]
        for p in result.people
    ]  # fmt: skip


def _companies(result: ImportResult) -> list[list[Any]]:
    companies = []
    for company in result.companies.values():
        existing = company.existing
        country = existing.country.code if existing else company.fields.get("country", "")
        sector = existing.sector if existing else company.fields.get("sector", "")
        companies.append([company.name, country or "", sector, existing is not None])
    return companies


def plan_of(result: ImportResult | MeetingImportResult) -> str:
    """What an import with that result creates (every row, not only those listed), hashed;
    empty when it has errors. Every value written counts, not only those the preview lists:
    what the check took from the edition (its languages for an empty cell, the company of that
    name it reuses, its capability codes) changes it."""
    if result.errors:
        return ""
    if isinstance(result, MeetingImportResult):
        kept: dict[str, Any] = {"pairs": _pairs(result)}
    else:
        kept = {"people": _people_written(result), "companies": _companies_written(result)}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


def _people_written(result: ImportResult) -> list[list[Any]]:
    return [[p.line, p.email, p.company, p.fields, p.role, p.languages] for p in result.people]


def _companies_written(result: ImportResult) -> list[list[Any]]:
    return [
        [key, c.name, c.fields, c.offers, c.needs, c.existing.pk if c.existing else None]
        for key, c in result.companies.items()
    ]


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
        self.errors = [CellError.from_json(error) for error in data.get("errors", [])]
        self.error_count: int = data.get("error_count", 0)
        self.people = [PreviewPerson(*person) for person in data.get("people", [])]
        self.companies = [PreviewCompany(*company) for company in data.get("companies", [])]
        self.pairs = [PreviewPair(*pair) for pair in data.get("pairs", [])]
        self.counts: dict[str, int] = data.get("counts", {})

    @property
    def more_errors(self) -> bool:
        return self.error_count > len(self.errors)

    @property
    def more_people(self) -> bool:
        return self.counts.get("people", 0) > len(self.people)

    @property
    def more_companies(self) -> bool:
        companies = self.counts.get("companies_created", 0) + self.counts.get("companies_reused", 0)
        return companies > len(self.companies)

    @property
    def more_pairs(self) -> bool:
        return self.counts.get("pairs", 0) > len(self.pairs)
