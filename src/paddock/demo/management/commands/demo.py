"""`python -m paddock demo [--reset]`: build the demo edition and print how to log in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from paddock.demo.builder import DemoResult, build_demo, delete_demo, demo_exists
from paddock.demo.mail import no_mail
from paddock.demo.spec import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create the demo series International Business Days with its 2021 and 2019 editions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo (its organiser, series, editions and accounts) and recreate it.",
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        # The services' mails go out when this transaction commits: none may leave.
        with no_mail(), transaction.atomic():
            if reset:
                delete_demo()
            elif demo_exists():
                self.stdout.write(
                    _(
                        "The demo exists already: nothing was changed. "
                        "Run “python -m paddock demo --reset” to delete and recreate it."
                    )
                )
                return
            result = build_demo()
        self._report(result)

    def _report(self, result: DemoResult) -> None:
        for edition in result.editions:
            self.stdout.write(
                _("Created %(edition)s: %(count)s participants.")
                % {"edition": edition.name, "count": edition.participants.count()}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo ready. Every demo account has the password: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
        )
        self.stdout.write(_("Demo logins:"))
        width = max(len(who) for who, _email in result.logins)
        for who, email in result.logins:
            self.stdout.write(f"  {who:<{width}}  {email} / {DEMO_PASSWORD}")
