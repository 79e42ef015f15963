"""Puts the demo's companies and their representatives into an edition, through the services."""

from collections.abc import Iterable
from typing import Any

from paddock.demo.spec import DemoCompany
from paddock.events import services as event_services
from paddock.events.models import Edition, Room
from paddock.participants import services as participant_services
from paddock.participants.models import Participant


def add_companies(
    edition: Edition, companies: Iterable[DemoCompany], *, by: Any
) -> dict[str, Participant]:
    """Create each company, its offers and needs, and its people; participants keyed by email."""
    participants: dict[str, Participant] = {}
    for demo in companies:
        company = participant_services.create_company(
            edition,
            by=by,
            name=demo.name,
            country=demo.country,
            city=demo.city,
            sector=demo.sector,
            size=demo.size,
            website=demo.website,
            description=demo.description,
        )
        participant_services.set_capabilities(
            company, by=by, offers=list(demo.offers), needs=list(demo.needs)
        )
        for person in demo.people:
            participants[person.email] = participant_services.add_participant(
                edition,
                by=by,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                company=company,
                job_title=person.job_title,
                role=person.role,
                languages=list(person.languages),
                status=person.status,
            )
    return participants


def assign_home_tables(
    room: Room, companies: Iterable[DemoCompany], participants: dict[str, Participant], *, by: Any
) -> None:
    """Give the exhibitors that keep a table all day their home table in this room."""
    tables = {table.label: table for table in room.tables.all()}
    for demo in companies:
        for person in demo.people:
            if person.home_table:
                table = tables[person.home_table]
                event_services.update_table(
                    table, by=by, label=table.label, home_participant=participants[person.email]
                )


def french_speakers(companies: Iterable[DemoCompany]) -> set[str]:
    """Emails of the people whose first language is French."""
    return {
        person.email
        for demo in companies
        for person in demo.people
        if person.languages and person.languages[0] == "fr"
    }
