"""`python -m paddock periodic`: every periodic job in one command, for one cron line.

Each job is safe to run as often as wanted; cron every few minutes is right (the no-show rule
needs it on the days of an edition). A job that fails is reported and the others still run;
the exit status is then 1.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.accounts.outbox import delete_old_mail, send_due_mail
from paddock.api.services import delete_old_tokens, warn_of_token_ends
from paddock.exchange.services import delete_old_uploads
from paddock.meetings.services import expire_requests
from paddock.outcomes.mailing import send_day_mails, send_follow_ups
from paddock.participants.unused_accounts import delete_unused_accounts
from paddock.privacy.services import erase_expired_personal_data
from paddock.reminders.services import send_reminders
from paddock.scheduling.services.documents import delete_orphan_document_files
from paddock.scheduling.services.live import mark_all_no_shows
from paddock.webhooks.sending import delete_old_deliveries, send_due_deliveries

logger = logging.getLogger(__name__)


def _expiry() -> str:
    count = expire_requests()
    return ngettext("%(count)d request expired.", "%(count)d requests expired.", count) % {
        "count": count
    }


def _no_shows() -> str:
    count = len(mark_all_no_shows())
    return ngettext(
        "%(count)d meeting marked as a no-show.", "%(count)d meetings marked as no-shows.", count
    ) % {"count": count}


def _retention() -> str:
    count = erase_expired_personal_data()
    return ngettext("%(count)d person erased.", "%(count)d people erased.", count) % {
        "count": count
    }


def _old_uploads() -> str:
    count = delete_old_uploads()
    return ngettext(
        "%(count)d file to import deleted.", "%(count)d files to import deleted.", count
    ) % {"count": count}


def _document_files() -> str:
    count = delete_orphan_document_files()
    return ngettext(
        "%(count)d orphaned document file deleted.",
        "%(count)d orphaned document files deleted.",
        count,
    ) % {"count": count}


def _outcome_mails() -> str:
    count = send_day_mails() + send_follow_ups()
    return ngettext("%(count)d outcome email sent.", "%(count)d outcome emails sent.", count) % {
        "count": count
    }


def _reminders() -> str:
    count = send_reminders()
    return ngettext(
        "%(count)d agenda reminder sent.", "%(count)d agenda reminders sent.", count
    ) % {"count": count}


def _webhooks() -> str:
    count = send_due_deliveries()
    return ngettext(
        "%(count)d webhook delivery attempted.", "%(count)d webhook deliveries attempted.", count
    ) % {"count": count}


def _old_webhook_deliveries() -> str:
    count = delete_old_deliveries()
    return ngettext(
        "%(count)d old webhook delivery deleted.",
        "%(count)d old webhook deliveries deleted.",
        count,
    ) % {"count": count}


def _outbox() -> str:
    count = send_due_mail()
    return ngettext("%(count)d queued email sent.", "%(count)d queued emails sent.", count) % {
        "count": count
    }


def _old_outbox_mails() -> str:
    count = delete_old_mail()
    return ngettext(
        "%(count)d old email record deleted.", "%(count)d old email records deleted.", count
    ) % {"count": count}


def _api_token_ends() -> str:
    count = warn_of_token_ends()
    return ngettext(
        "%(count)d email about API tokens ending soon written.",
        "%(count)d emails about API tokens ending soon written.",
        count,
    ) % {"count": count}


def _old_api_tokens() -> str:
    count = delete_old_tokens()
    return ngettext(
        "%(count)d old API token deleted.", "%(count)d old API tokens deleted.", count
    ) % {"count": count}


def _unused_accounts() -> str:
    count = delete_unused_accounts()
    return ngettext(
        "%(count)d unused account deleted.", "%(count)d unused accounts deleted.", count
    ) % {"count": count}


JOBS: list[tuple[str, Callable[[], str]]] = [
    ("expire_requests", _expiry),
    ("mark_no_shows", _no_shows),
    ("delete_old_import_files", _old_uploads),
    ("delete_orphan_document_files", _document_files),
    ("outcome_mails", _outcome_mails),
    ("agenda_reminders", _reminders),
    ("send_webhooks", _webhooks),
    ("delete_old_webhook_deliveries", _old_webhook_deliveries),
    # Before the outbox's sending: its mails leave in the same run.
    ("warn_of_api_token_ends", _api_token_ends),
    ("send_queued_emails", _outbox),
    ("delete_old_email_records", _old_outbox_mails),
    # Before the unused accounts: an old token no longer holds the account it belongs to.
    ("delete_old_api_tokens", _old_api_tokens),
    ("delete_unused_accounts", _unused_accounts),
]
# Runs after every job of JOBS, however many come to be added: the others may still need the
# people it erases (the last outcome emails, webhook deliveries naming them).
LAST_JOB: tuple[str, Callable[[], str]] = ("erase_expired_personal_data", _retention)


class Command(BaseCommand):
    help = (
        "Run every periodic job once: expire unanswered meeting requests, mark today's "
        "no-shows, delete the files uploaded for an import over a day ago and stored document "
        "files that nothing points at, send the emails asking what came of meetings and the "
        "agenda reminders due, erase "
        "personal data past the series' retention periods, send the webhook deliveries that "
        "are due and delete old ones, tell the owners of API tokens that end within a week, "
        "then on their last day, send the queued emails that are due and delete the "
        "records of old ones, delete the API tokens revoked or ended over 90 days ago, delete "
        "the accounts made for invitations that nobody "
        "used and nothing holds any more. Run it from cron every few minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for name, job in [*JOBS, LAST_JOB]:
            try:
                said = job()
            except Exception:  # one job's failure must not stop the others
                logger.exception("periodic job %s failed", name)
                failed.append(name)
                self.stderr.write(_("%(job)s failed: see the log.") % {"job": name})
                continue
            self.stdout.write(f"{name}: {said}")
        if failed:
            raise CommandError(_("Failed: %(jobs)s.") % {"jobs": ", ".join(failed)})
