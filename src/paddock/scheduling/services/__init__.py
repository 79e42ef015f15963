"""Every write about schedules: runs and their application, hand changes, publication."""

from paddock.scheduling.services.errors import ScheduleConflictError, ScheduleError
from paddock.scheduling.services.moves import move_meeting, set_meeting_lock, swap_meetings
from paddock.scheduling.services.protocol import confirm_protocol_review, propose_reoptimisation
from paddock.scheduling.services.publishing import publish_schedule
from paddock.scheduling.services.runs import (
    apply_schedule,
    execute_run,
    interrupt_stale_runs,
    start_schedule_run,
)

__all__ = [
    "ScheduleConflictError",
    "ScheduleError",
    "apply_schedule",
    "confirm_protocol_review",
    "execute_run",
    "interrupt_stale_runs",
    "move_meeting",
    "propose_reoptimisation",
    "publish_schedule",
    "set_meeting_lock",
    "start_schedule_run",
    "swap_meetings",
]
