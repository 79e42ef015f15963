"""`python -m paddock held_outgoing [--send | --drop]`: the emails, webhook deliveries and
background tasks that `restore` held (`operations.held`): counted, sent (the production
server) or dropped (a copy)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.operations.held import (
    drop_outgoing,
    gone_held_tasks,
    held_outgoing,
    release_outgoing,
    what_to_do_with_held,
)


class Command(BaseCommand):
    help = (
        "Count the emails, webhook deliveries and background tasks that `restore` held; send "
        "them (--send, on the production server) or delete them unsent and unrun (--drop, on "
        "a staging or test copy)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--send",
            action="store_true",
            help="This is the production server: send and run them, as they would have.",
        )
        action.add_argument(
            "--drop",
            action="store_true",
            help="This is a copy: delete them unsent and unrun.",
        )

    def handle(self, *args: Any, send: bool = False, drop: bool = False, **options: Any) -> None:
        if send:
            self.stdout.write(_("Queued for sending: %(what)s.") % {"what": release_outgoing()})
            if gone := gone_held_tasks():
                self.stdout.write(self._still_held(gone))
        elif drop:
            self.stdout.write(_("Deleted unsent: %(what)s.") % {"what": drop_outgoing()})
        elif held := held_outgoing():
            self.stdout.write(_("Held: %(what)s.") % {"what": held} + " " + what_to_do_with_held())
        else:
            self.stdout.write(_("Nothing is held."))

    @staticmethod
    def _still_held(paths: list[str]) -> str:
        count = len(paths)
        return ngettext(
            "Still held: %(count)d background task whose function this version does not have "
            "(%(paths)s). Drop it with `python -m paddock held_outgoing --drop`.",
            "Still held: %(count)d background tasks whose functions this version does not have "
            "(%(paths)s). Drop them with `python -m paddock held_outgoing --drop`.",
            count,
        ) % {"count": count, "paths": ", ".join(sorted(set(paths)))}
