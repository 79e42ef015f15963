"""Erase the people of past editions whose series' retention period is over; `periodic` runs
it too."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from paddock.privacy.services import erase_expired_personal_data


class Command(BaseCommand):
    help = (
        "Erase the personal data of the participants of editions that ended longer ago than "
        "their series' retention period, unless they took part in a later edition."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = erase_expired_personal_data()
        message = ngettext("%(count)d person erased.", "%(count)d people erased.", count)
        self.stdout.write(message % {"count": count})
