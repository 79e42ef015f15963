"""Plain descriptions of the demo's companies and people, shared by its data and its builder.

Every name here is fictional. Emails end with DEMO_DOMAIN so that `demo --reset` finds every demo
account and nothing else.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify

DEMO_DOMAIN = "demo.paddock.test"
DEMO_PASSWORD = "paddock-demo"  # noqa: S105 (public demo password, printed and documented)

Capability = tuple[str | None, str]
"""A taxonomy code (or None) and the free text a company wrote about it."""


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    job_title: str
    role: str
    languages: tuple[str, ...]
    status: str = "validated"
    email_local: str = ""
    home_table: str = ""

    @property
    def email(self) -> str:
        return f"{self.email_local}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoCompany:
    name: str
    country: str
    city: str
    sector: str
    size: str
    description: str
    offers: tuple[Capability, ...] = ()
    needs: tuple[Capability, ...] = ()
    people: tuple[DemoPerson, ...] = field(default_factory=tuple)
    website: str = ""


def person(
    first_name: str,
    last_name: str,
    job_title: str,
    role: str,
    languages: str,
    *,
    email_local: str = "",
    status: str = "validated",
    home_table: str = "",
) -> DemoPerson:
    """A DemoPerson from compact arguments: languages as "fr en", email from the names."""
    return DemoPerson(
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        role=role,
        languages=tuple(languages.split()),
        status=status,
        email_local=email_local or f"{slugify(first_name)}.{slugify(last_name)}",
        home_table=home_table,
    )
