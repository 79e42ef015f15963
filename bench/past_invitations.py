"""Inviting an earlier edition's people: the page listing them and the sending, timed and
their queries counted, for 2,000 people by default.

Run by hand, never from tests:

    .venv/bin/python bench/past_invitations.py                 # 2,000 people
    .venv/bin/python bench/past_invitations.py --people 500

In a throw-away SQLite database under a temporary folder, migrated beforehand: an earlier
edition of `--people` validated people in companies of four, each linked to an organisation
of the directory, half of whose companies take part in the new edition already. Through
Django's test client as the series' organiser: the page (everyone ticked), then the sending
of everyone ticked as the page's script sends them (one field), which writes the mails to the
outbox (`accounts.outbox`); then the task worker's sending of them, as a worker process runs
it (the tasks wait in django-tasks' dummy backend until then). Mails go to the locmem backend,
so their writing is timed but not an SMTP server's answers.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup(folder: str) -> None:
    os.environ |= {
        "PADDOCK_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "PADDOCK_DATA_DIR": folder,
        "PADDOCK_LOG_LEVEL": "WARNING",
        "PADDOCK_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PADDOCK_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "DJANGO_SETTINGS_MODULE": "paddock.settings",
    }
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _editions(people: int) -> tuple:
    from paddock.accounts.models import User
    from paddock.events.models import Edition, EventSeries, Organiser, SanitaryProtocol
    from paddock.participants.models import Company, Organisation, Participant

    organiser = Organiser.objects.create(name="Bench", slug="bench")
    series = EventSeries.objects.create(organiser=organiser, name="Bench", slug="bench")
    editions = []
    for year in (2030, 2031):
        edition = Edition.objects.create(
            series=series,
            name=f"Bench {year}",
            slug=f"bench-{year}",
            start_date=dt.date(year, 6, 12),
            end_date=dt.date(year, 6, 12),
            timezone="Europe/Paris",
            languages=["fr", "en"],
        )
        SanitaryProtocol.objects.create(edition=edition)
        editions.append(edition)
    last_year, edition = editions
    firms = Organisation.objects.bulk_create(
        Organisation(organiser=organiser, name=f"Firm {n}") for n in range(people // 4)
    )
    companies = Company.objects.bulk_create(
        Company(edition=last_year, name=f"Firm {n}", country="FR", sector="other", organisation=o)
        for n, o in enumerate(firms)
    )
    Company.objects.bulk_create(
        Company(edition=edition, name=f"Firm {n}", country="FR", sector="other", organisation=o)
        for n, o in enumerate(firms)
        if n % 2 == 0
    )
    users = User.objects.bulk_create(
        User(email=f"p{n}@example.com", first_name=f"P{n}", last_name="Bench", password="!")  # noqa: S106  (unusable)
        for n in range(people)
    )
    Participant.objects.bulk_create(
        Participant(
            edition=last_year,
            user=user,
            company=companies[n // 4],
            role="buyer",
            languages=["fr"],
            status="validated",
            invited_email=user.email,
        )
        for n, user in enumerate(users)
    )
    manager = User.objects.create_user("organiser@example.com", "x")
    organiser.members.add(manager)
    return last_year, edition, manager


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(folder)
        from django.core import mail
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, setup_test_environment
        from django.urls import reverse

        setup_test_environment()  # the locmem outbox, and `testserver` as an allowed host
        last_year, edition, manager = _editions(args.people)
        client = Client()
        client.force_login(manager)
        url = reverse("series:invite-past", args=[edition.slug])
        for step in ("list", "send", "worker"):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                if step == "list":
                    response = client.get(url)
                    ticked = [p.pk for p, is_ticked in response.context["rows"] if is_ticked]
                elif step == "send":
                    people = ",".join(map(str, ticked))
                    response = client.post(url, {"source": last_year.pk, "people": people})
                else:
                    _run_worker()
            seconds = time.perf_counter() - started
            said = {
                "list": f"status {response.status_code}, {len(ticked)} ticked",
                "send": f"status {response.status_code}, {_queued()} mails queued",
                "worker": f"{len(mail.outbox)} mails sent",
            }[step]
            print(f"{step}: {seconds:.2f} s, {len(queries)} queries, {said}")


def _run_worker() -> None:
    """What a worker process does with the queued tasks."""
    from django_tasks import default_task_backend

    queued = list(default_task_backend.results)
    default_task_backend.clear()
    for result in queued:
        result.task.call(*result.args, **result.kwargs)


def _queued() -> int:
    from paddock.accounts.models import OutgoingMail

    return OutgoingMail.objects.count()


if __name__ == "__main__":
    main()
