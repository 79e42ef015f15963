"""How long background work may stay silent before its worker is taken as gone.

Shared by the long jobs that write their progress as they go (stored PDFs, imports): a job
writes `progressed_at` after each part or batch of rows; silent for BUILD_SILENCE_TIMEOUT its
worker has stopped, and a task still queued after QUEUE_TIMEOUT was lost (no worker runs).
"""

import datetime as dt

from django.utils import timezone

BUILD_SILENCE_TIMEOUT = dt.timedelta(minutes=2)
QUEUE_TIMEOUT = dt.timedelta(minutes=30)


def is_worker_gone(
    *, queued: bool, running: bool, requested_at: dt.datetime, progressed_at: dt.datetime | None
) -> bool:
    """True when a queued job waited past QUEUE_TIMEOUT or a running one fell silent."""
    now = timezone.now()
    if running:
        return now - (progressed_at or requested_at) > BUILD_SILENCE_TIMEOUT
    return queued and now - requested_at > QUEUE_TIMEOUT
