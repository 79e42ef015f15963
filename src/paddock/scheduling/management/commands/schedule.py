"""`python -m paddock schedule <edition>`: one scheduling run from the command line."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from paddock.events.models import Edition
from paddock.scheduling import services


class Command(BaseCommand):
    help = "Run the scheduler on an edition and apply its schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="the edition's short name, e.g. ibd-2019")
        parser.add_argument("--time-limit", type=int, default=30, help="seconds (default 30)")
        parser.add_argument("--reoptimise", action="store_true", help="keep the published plan")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition {options['edition']!r}.")
        started = time.monotonic()
        try:
            run = services.start_schedule_run(
                edition,
                by=None,
                time_limit_s=options["time_limit"],
                reoptimise=options["reoptimise"],
                workers=options["workers"],
            )
        except services.ScheduleError as error:
            raise CommandError(error.message) from error
        total = time.monotonic() - started
        self.stdout.write(
            _(
                "Run %(number)s: %(status)s (%(solver)s), objective %(objective)s, bound "
                "%(bound)s, solver %(seconds).1f s, whole run %(total).1f s"
            )
            % {
                "number": run.number,
                "status": run.status,
                "solver": run.solver_status or "-",
                "objective": run.objective,
                "bound": run.bound,
                "seconds": run.seconds or 0,
                "total": total,
            }
        )
        if run.failure_text:
            self.stdout.write(f"error: {run.failure_text}")
