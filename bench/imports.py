"""Import benchmark: 2,000 participants (about 600 companies) by `import_participants`.

Run by hand, never from tests:

    .venv/bin/python bench/imports.py                   # 2,000 people, 3 runs
    .venv/bin/python bench/imports.py --people 5000 --runs 1

Every timing is a whole `python -m paddock ...` process, as an organiser runs it, start-up
included: `check` (the start-up alone), `import_participants --dry-run` (reading and checking
the file), and `import_participants` (checking and creating, in one transaction). Each run
imports into an edition of its own, in a throw-away SQLite database under a temporary folder
(PADDOCK_DATA_DIR), migrated beforehand, untimed. The file is what French Excel writes:
Windows-1252, semicolons, French headers, one quoted description on two lines per company.
"""

import argparse
import os
import platform
import random
import tempfile
from pathlib import Path

from processes import Times, paddock, sqlite_env, timed

HEADERS = [
    "Courriel",
    "Prénom",
    "Nom",
    "Société",
    "Pays",
    "Ville",
    "Secteur",
    "Taille",
    "Site web",
    "Description",
    "Fonction",
    "Téléphone",
    "Langues",
    "Rôle",
]
FIRST = ["Hélène", "François", "Noël", "Chloé", "Jérôme", "Anaïs", "Loïc", "Zoé", "Björn", "Ana"]
LAST = ["Lefèvre", "Müller", "Garcia", "Rossi", "Dubois", "Moreau", "Bernard", "Petit", "Smith"]
COUNTRIES = ["France", "FR", "Allemagne", "Germany", "IT", "Espagne", "Belgique", "GB"]
SECTORS = [
    "automotive",
    "Aéronautique et spatial",
    "energy",
    "Électronique",
    "Services",
    "Motorsport",
]
SIZES = ["micro", "small", "medium", "large", ""]
ROLES = ["Acheteur", "Fournisseur", "both", "buyer", "supplier"]
LANGUAGES = ["fr", "fr, en", "en", "de, en", "it"]


def make_file(path: Path, people: int, companies: int, seed: int) -> None:
    """A semicolon CSV in Windows-1252 of `people` rows over `companies` companies."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    lines = [";".join(HEADERS)]
    for number in range(people):
        company = number % companies
        lines.append(
            ";".join(
                [
                    f"person{number}@company{company}.example",
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    f"Société {company} SARL",
                    COUNTRIES[company % len(COUNTRIES)],
                    "Saint-Étienne",
                    SECTORS[company % len(SECTORS)],
                    SIZES[company % len(SIZES)],
                    f"www.company{company}.example",
                    '"Usinage CNC\r\net soudure"',
                    "Directeur achats",
                    f"+33 6 {number:08d}",
                    rng.choice(LANGUAGES),
                    rng.choice(ROLES),
                ]
            )
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


SETUP = """
import datetime as dt
from paddock.events.models import Edition, EventSeries, Organiser, SanitaryProtocol
organiser = Organiser.objects.create(name="Bench", slug="bench")
series = EventSeries.objects.create(organiser=organiser, name="Bench", slug="bench")
for number in range({runs}):
    edition = Edition.objects.create(
        series=series, name=f"Bench {{number}}", slug=f"bench-{{number}}",
        start_date=dt.date(2031, 6, 12), end_date=dt.date(2031, 6, 12),
        timezone="Europe/Paris", languages=["fr", "en"], status="registration",
    )
    SanitaryProtocol.objects.create(edition=edition)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--companies", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paddock-bench-imports-") as folder:
        env = sqlite_env(folder, PADDOCK_DATA_DIR=folder, PADDOCK_LOG_LEVEL="WARNING")
        timed(paddock("migrate", "--verbosity", "0"), env)  # untimed, as the set-up below
        timed(paddock("shell", "-c", SETUP.format(runs=options.runs)), env)
        path = Path(folder) / "participants.csv"
        make_file(path, options.people, options.companies, options.seed)
        size = path.stat().st_size
        times = {"check": Times(), "dry-run": Times(), "import": Times()}
        for run in range(options.runs):
            edition = f"bench-{run}"
            timed(paddock("check"), env, times["check"])
            command = paddock("import_participants", edition, str(path))
            timed([*command, "--dry-run"], env, times["dry-run"])
            timed(command, env, times["import"])
    print(
        f"{options.people} people, {options.companies} companies, {size:,} bytes;"
        f" Python {platform.python_version()}, {os.cpu_count()} CPUs,"
        f" load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'process':<34} {'wall s (median)':>16} {'CPU s (median)':>15}  wall/CPU of each run")
    for name, label in (
        ("check", "python -m paddock check"),
        ("dry-run", "import_participants --dry-run"),
        ("import", "import_participants"),
    ):
        each = times[name]
        pairs = zip(each.wall, each.cpu, strict=True)
        runs = " ".join(f"{wall:.2f}/{cpu:.2f}" for wall, cpu in pairs)
        print(f"{label:<34} {each.median_wall:>16.2f} {each.median_cpu:>15.2f}  {runs}")


if __name__ == "__main__":
    main()
