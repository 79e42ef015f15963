from paddock.core.exceptions import DomainError


class ScheduleError(DomainError):
    code = "schedule_error"


class ScheduleConflictError(ScheduleError):
    """A hand move or swap that would break a rule; `conflicts` lists every broken rule."""

    code = "schedule_conflict"

    def __init__(self, conflicts: list[str], *, field: str | None = None) -> None:
        super().__init__(" ".join(conflicts), field=field)
        self.conflicts = conflicts
