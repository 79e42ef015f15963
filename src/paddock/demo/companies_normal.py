"""A normal year: about a hundred participants from several countries, generated deterministically.

A seeded `random.Random` draws fictional names, places and profiles from the lists below, so every
run of the demo builds the same catalogue.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify

from paddock.demo.profiles import PROFILES, Phrase, Profile
from paddock.demo.spec import Capability, DemoCompany, DemoPerson


@dataclass(frozen=True)
class Country:
    code: str
    weight: int
    language: str
    legal_form: str
    cities: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


COUNTRIES: tuple[Country, ...] = (
    Country(
        "FR",
        60,
        "fr",
        "",
        (
            "Le Mans",
            "Sablé-sur-Sarthe",
            "La Ferté-Bernard",
            "Angers",
            "Tours",
            "Laval",
            "Cholet",
            "Rennes",
            "Nantes",
            "Chartres",
            "Orléans",
            "Alençon",
            "Saumur",
            "Mayenne",
            "Vendôme",
        ),
        (
            "Antoine",
            "Camille",
            "Nicolas",
            "Isabelle",
            "Jérôme",
            "Sophie",
            "Franck",
            "Aurélie",
            "Christophe",
            "Mathilde",
            "Yannick",
            "Céline",
            "Grégory",
            "Hélène",
            "Damien",
            "Valérie",
            "Benoît",
            "Laetitia",
            "Cédric",
            "Pauline",
        ),
        (
            "Bouvier",
            "Chevallier",
            "Lebreton",
            "Marchand",
            "Peltier",
            "Hamon",
            "Rousselot",
            "Gautier",
            "Tanguy",
            "Brochard",
            "Leroux",
            "Besnard",
            "Cormier",
            "Jouannet",
            "Pasquier",
            "Drouet",
            "Maillard",
            "Vannier",
            "Letourneau",
            "Girardot",
        ),
    ),
    Country(
        "DE",
        10,
        "de",
        "GmbH",
        ("Stuttgart", "Pforzheim", "Ingolstadt", "Chemnitz", "Aachen", "Bielefeld"),
        ("Jens", "Katrin", "Matthias", "Sabine", "Tobias", "Anja", "Florian", "Birgit", "Uwe"),
        (
            "Brenner",
            "Hartwig",
            "Kohlhaas",
            "Lindemann",
            "Seidler",
            "Vogt",
            "Wendling",
            "Ostermeier",
            "Rautenberg",
            "Schwerdtfeger",
        ),
    ),
    Country(
        "GB",
        8,
        "en",
        "Ltd",
        ("Coventry", "Banbury", "Silverstone", "Norwich", "Derby"),
        ("Oliver", "Rachel", "Gareth", "Fiona", "Stuart", "Hannah", "Alistair", "Joanne"),
        ("Ashworth", "Pembridge", "Hollins", "Carrow", "Fenwick", "Blyth", "Treharne", "Waddell"),
    ),
    Country(
        "IT",
        7,
        "it",
        "S.r.l.",
        ("Modena", "Turin", "Brescia", "Bologna", "Varese"),
        ("Marco", "Giulia", "Luca", "Federica", "Davide", "Chiara", "Stefano", "Elisa"),
        (
            "Bertolini",
            "Casati",
            "Ferraresi",
            "Montanari",
            "Zanetti",
            "Gualtieri",
            "Pedrazzi",
            "Sartori",
            "Vezzoli",
        ),
    ),
    Country(
        "BE",
        6,
        "fr",
        "SA",
        ("Liège", "Charleroi", "Namur", "Gent", "Kortrijk"),
        ("Pieter", "Sarah", "Thomas", "Els", "Maxime", "Wouter", "Aline"),
        ("Claessens", "Dewulf", "Lambotte", "Peeters", "Renard", "Vandeputte", "Gillard"),
    ),
    Country(
        "ES",
        5,
        "es",
        "S.L.",
        ("Barcelona", "Valencia", "Vitoria-Gasteiz", "Zaragoza"),
        ("Javier", "Lucía", "Sergio", "Marta", "Iñaki", "Nuria"),
        ("Aranda", "Echevarría", "Ibarra", "Soler", "Garmendia", "Villanueva"),
    ),
    Country(
        "NL",
        4,
        "nl",
        "B.V.",
        ("Eindhoven", "Helmond", "Tilburg", "Enschede"),
        ("Bram", "Femke", "Ruud", "Sanne", "Joost", "Marloes"),
        ("Bosman", "de Ruiter", "Kuipers", "van Leeuwen", "Hofstede", "Verbeek"),
    ),
)

STEMS = (
    "Axi",
    "Cal",
    "Duro",
    "Ferr",
    "Hexa",
    "Iso",
    "Kine",
    "Lumi",
    "Meca",
    "Nor",
    "Opti",
    "Proto",
    "Quali",
    "Rota",
    "Stra",
    "Tecno",
    "Velo",
    "Xeno",
)
ENDINGS = ("tec", "form", "dyn", "lis", "mat", "nov", "plus", "sys", "tek", "ris")
SIZES = (("micro", 20), ("small", 45), ("medium", 30), ("large", 5))
STAFF = {"micro": (3, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 900)}
FEMININE = frozenset(
    (
        "Camille",
        "Isabelle",
        "Sophie",
        "Aurélie",
        "Mathilde",
        "Céline",
        "Hélène",
        "Valérie",
        "Laetitia",
        "Pauline",
        "Katrin",
        "Sabine",
        "Anja",
        "Birgit",
        "Rachel",
        "Fiona",
        "Hannah",
        "Joanne",
        "Giulia",
        "Federica",
        "Chiara",
        "Elisa",
        "Sarah",
        "Els",
        "Aline",
        "Lucía",
        "Marta",
        "Nuria",
        "Femke",
        "Sanne",
        "Marloes",
    )
)


def generate_companies(
    *, seed: int, participants: int, taken_emails: set[str]
) -> list[DemoCompany]:
    """Companies whose representatives add up to exactly `participants` people.

    Email local parts already in `taken_emails` are avoided; the set is updated.
    """
    rng = random.Random(seed)  # noqa: S311 (demo data, not security: must be reproducible)
    companies: list[DemoCompany] = []
    names: set[str] = set()
    remaining = participants
    while remaining > 0:
        count = min(remaining, 2 if rng.random() < 0.2 else 1)
        company = _company(rng, names, count, taken_emails)
        companies.append(company)
        remaining -= count
    return companies


def _company(rng: random.Random, names: set[str], people: int, taken: set[str]) -> DemoCompany:
    country = rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]
    profile = rng.choice(PROFILES)
    name = _company_name(rng, country, profile, names)
    french = country.language == "fr"
    size = rng.choices([s for s, _ in SIZES], weights=[w for _, w in SIZES])[0]
    offers = _capabilities(rng, profile.offers, french, 2, 3)
    needs = _capabilities(rng, profile.needs, french, 1, 2)
    return DemoCompany(
        name=name,
        country=country.code,
        city=rng.choice(country.cities),
        sector=profile.sector,
        size=size,
        website=f"https://{slugify(name)}.example",
        description=_description(rng, profile, french, size),
        offers=tuple(offers),
        needs=tuple(needs),
        people=tuple(_person(rng, country, profile, taken) for _ in range(people)),
    )


def _company_name(rng: random.Random, country: Country, profile: Profile, taken: set[str]) -> str:
    word = profile.word_fr if country.language == "fr" else profile.word_en
    while True:
        if rng.random() < 0.6:
            base = f"{rng.choice(STEMS)}{rng.choice(ENDINGS)}"
        else:
            base = rng.choice(country.last_names)
        name = " ".join(part for part in (base, word, country.legal_form) if part)
        if name not in taken:
            taken.add(name)
            return name


def _description(rng: random.Random, profile: Profile, french: bool, size: str) -> str:
    template = profile.description_fr if french else profile.description_en
    return template.format(
        machines=rng.randint(4, 30),
        year=rng.randint(1955, 2012),
        days=rng.randint(2, 6),
        lines=rng.randint(2, 9),
        series=rng.choice(("20 000", "50 000", "200 000")) if french else "50,000",
        staff=rng.randint(*STAFF[size]),
        cars=rng.randint(2, 4),
    )


def _capabilities(
    rng: random.Random, phrases: tuple[Phrase, ...], french: bool, low: int, high: int
) -> list[Capability]:
    count = min(len(phrases), rng.randint(low, high))
    picked = rng.sample(phrases, count)
    return [(code, fr if french else en) for code, fr, en in picked]


def _person(rng: random.Random, country: Country, profile: Profile, taken: set[str]) -> DemoPerson:
    first = rng.choice(country.first_names)
    last = rng.choice(country.last_names)
    french = country.language == "fr"
    role = "buyer" if profile.buyer else ("both" if rng.random() < 0.3 else "supplier")
    return DemoPerson(
        first_name=first,
        last_name=last,
        job_title=_job_title(rng, profile, french, feminine=first in FEMININE),
        role=role,
        languages=_languages(rng, country),
        email_local=_email_local(first, last, taken),
    )


def _job_title(rng: random.Random, profile: Profile, french: bool, *, feminine: bool) -> str:
    if not french:
        return rng.choice(profile.jobs_en)
    forms = rng.choice(profile.jobs_fr).split("|")
    return forms[-1] if feminine else forms[0]


def _languages(rng: random.Random, country: Country) -> tuple[str, ...]:
    spoken = [country.language]
    if country.code == "BE" and rng.random() < 0.5:
        spoken.append("nl")
    if "en" not in spoken and rng.random() < (0.6 if country.code == "FR" else 0.95):
        spoken.append("en")
    if "fr" not in spoken and rng.random() < 0.3:
        spoken.append("fr")
    return tuple(spoken)


def _email_local(first: str, last: str, taken: set[str]) -> str:
    base = f"{slugify(first)}.{slugify(last)}"
    local, number = base, 1
    while local in taken:
        number += 1
        local = f"{base}{number}"
    taken.add(local)
    return local
