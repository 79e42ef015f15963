"""Background work of scheduling (inline with the ImmediateBackend, a worker in production)."""

from django_tasks import task

from paddock.scheduling.services import live, runs


@task()
def execute_schedule_run(run_id: int) -> str:
    """Solve, check and apply one run; the run row records how it ended."""
    run = runs.execute_run(run_id)
    return run.status if run is not None else "skipped"


@task()
def mark_no_shows() -> int:
    """The no-show rule in every edition on the day (for a periodic enqueue in production)."""
    return len(live.mark_all_no_shows())
