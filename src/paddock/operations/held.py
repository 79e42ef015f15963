"""What a restored backup must not send by itself: the emails waiting in its outbox and the
webhook deliveries pending in it. `restore` holds them (`hold_outgoing`, in its transaction);
on the production server an operator releases them (`held_outgoing --send`, or `restore
--send-waiting`), and on a staging or test copy drops them (`held_outgoing --drop`) or leaves
them to the retention jobs. Why a command rather than a button: whether a server is the
production one is known to whoever runs it, not to the organisers, whose accounts a copy
holds too (docs/operations.md, "Backups")."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.accounts.outbox import drop_held_mail, hold_waiting_mail, release_held_mail
from paddock.webhooks.enums import DeliveryStatus
from paddock.webhooks.models import Delivery
from paddock.webhooks.sending import (
    drop_held_deliveries,
    hold_pending_deliveries,
    release_held_deliveries,
)


@dataclass(frozen=True)
class Outgoing:
    """How many emails and webhook deliveries an operation took."""

    mails: int
    deliveries: int

    def __bool__(self) -> bool:
        return bool(self.mails or self.deliveries)

    def __str__(self) -> str:
        """In words, for the commands: "3 emails and 1 webhook delivery"."""
        mails = ngettext("%(count)d email", "%(count)d emails", self.mails)
        deliveries = ngettext(
            "%(count)d webhook delivery", "%(count)d webhook deliveries", self.deliveries
        )
        return _("%(mails)s and %(deliveries)s") % {
            "mails": mails % {"count": self.mails},
            "deliveries": deliveries % {"count": self.deliveries},
        }


def what_to_do_with_held() -> str:
    """The operator's two ways out, for the commands that leave mails held."""
    return _(
        "Nothing sends them. On the production server, send them with "
        "`python -m paddock held_outgoing --send`; on a staging or test copy, drop them with "
        "`python -m paddock held_outgoing --drop`."
    )


def hold_outgoing() -> Outgoing:
    """Hold every email waiting and every webhook delivery pending: no sender takes them until
    `release_outgoing`. Precondition: inside the restore's transaction, so that no sender
    claims one between the rows' arrival and their hold."""
    return Outgoing(hold_waiting_mail(), hold_pending_deliveries())


def held_outgoing() -> Outgoing:
    """How many emails and webhook deliveries are held."""
    return Outgoing(
        OutgoingMail.objects.filter(status=OutgoingMailStatus.HELD).count(),
        Delivery.objects.filter(status=DeliveryStatus.HELD).count(),
    )


@transaction.atomic
def release_outgoing() -> Outgoing:
    """The held emails and webhook deliveries are due again, handed to the task worker once
    the transaction commits (the periodic job sends them too)."""
    return Outgoing(release_held_mail(), release_held_deliveries())


@transaction.atomic
def drop_outgoing() -> Outgoing:
    """The held emails and webhook deliveries go, unsent."""
    return Outgoing(drop_held_mail(), drop_held_deliveries())
