"""What the retention job removes beside the people it erases (privacy.services): records
that name people without belonging to one account, and login records past their use.

Each function is safe to run at every `python -m paddock periodic`, and returns how many
rows it changed.
"""

import datetime as dt
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from paddock.accounts.models import User, display_name
from paddock.core.models import AuditEntry
from paddock.events.models import Interpreter, new_link_token
from paddock.participants.enums import AWAITING_CONSENT
from paddock.participants.models import Participant, PendingRegistration
from paddock.privacy.audit import about, row_of

# As django-tasks-db's own `prune_db_task_results` by default.
TASK_RESULT_DAYS = 14
# An open form kept for its confirmation (`PendingRegistration`) stays this long after its link
# expired, so that the link's page can still offer a new one; then it goes.
KEPT_FORM_DAYS = 14


def forget_typed_invitations(expired: list[int]) -> int:
    """Remove what organisers typed for invitations never accepted in the `expired` editions,
    from the participations and from the audit entries about them: found by the participation
    they record (`privacy.audit.about`), whatever it was called then, and, for older entries
    that record none, by the name they give it in its edition: its account's names (an account
    made for the invitation, deleted since if the invitation was declined) or the address
    typed, with the company."""
    typed = (
        Participant.objects.filter(edition__in=expired, status__in=AWAITING_CONSENT)
        .exclude(invited_first_name="", invited_last_name="", invited_email="")
        .select_related("company")
    )
    count = 0
    for participant in typed:
        first, last, email = (
            participant.invited_first_name,
            participant.invited_last_name,
            participant.invited_email,
        )
        company = participant.company.name
        names = {f"{email} ({company})", f"{display_name(first, last, email)} ({company})"}
        by_name = Q(edition=participant.edition_id, object_repr__in=names)
        with transaction.atomic():
            AuditEntry.objects.filter(about({row_of(participant)}, by_name)).update(
                object_repr=f"participant #{participant.pk}"
            )
            count += Participant.objects.filter(pk=participant.pk).update(
                invited_first_name="", invited_last_name="", invited_email=""
            )
    return count


def forget_interpreters(expired: list[int]) -> int:
    """Replace the name and address of the interpreters of the `expired` editions (not
    participants: nobody erases them otherwise), and renew their private link."""
    placeholder = Concat(Value("interpreter #"), Cast("pk", CharField()))
    named = (
        Interpreter.objects.filter(edition__in=expired)
        .annotate(placeholder=placeholder)
        .exclude(name=F("placeholder"))
    )
    count = 0
    for interpreter in named:
        count += Interpreter.objects.filter(pk=interpreter.pk).update(
            name=f"interpreter #{interpreter.pk}", email="", link_token=new_link_token()
        )
    return count


def delete_old_login_records(now: dt.datetime | None = None) -> int:
    """Delete the expired login sessions, and django-axes' records of failed logins (address,
    IP address, browser) once the lock-out period they count for is over; django-axes itself
    deletes them only when someone next tries to log in."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    limit = (now or timezone.now()) - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return sum(
        model.objects.filter(attempt_time__lt=limit).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def delete_old_kept_forms(now: dt.datetime | None = None) -> int:
    """Delete the open forms kept for a confirmation whose link expired more than
    KEPT_FORM_DAYS ago, followed or not: what was typed, by anyone, about an address (its
    confirmed registration holds what it needs)."""
    limit = (now or timezone.now()) - dt.timedelta(days=KEPT_FORM_DAYS)
    old = PendingRegistration.objects.filter(expires_at__lt=limit)
    addresses = set(old.values_list("email", flat=True))
    deleted = int(old.delete()[0])
    _forget_unclaimed_addresses(addresses)
    return deleted


# The audit entries that name a kept open form by its address, as text (no row to record).
KEPT_FORM_ACTIONS = ("participant.open_form", "participant.new_verification_link")


def _forget_unclaimed_addresses(addresses: set[str]) -> int:
    """Remove from the audit log the `addresses` of kept forms deleted, typed by anyone, that
    no account holds and no other kept form waits for: nobody's, they go with the forms. An
    address with an account keeps its entries, found for its owner's export and erasure."""
    claimed = set(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    ) | set(PendingRegistration.objects.filter(email__in=addresses).values_list("email", flat=True))
    return AuditEntry.objects.filter(
        action__in=KEPT_FORM_ACTIONS, object_model="", object_repr__in=addresses - claimed
    ).update(object_repr="a kept open form")


def delete_old_task_results(now: dt.datetime | None = None) -> int:
    """Delete the task worker's results finished longer than TASK_RESULT_DAYS ago: their
    arguments are ids, but a failure's traceback quotes its error, which may name a recipient
    or a participant."""
    limit = (now or timezone.now()) - dt.timedelta(days=TASK_RESULT_DAYS)
    return int(DBTaskResult.objects.filter(finished_at__lt=limit).delete()[0])
