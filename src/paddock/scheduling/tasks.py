"""Background work of scheduling (inline with the ImmediateBackend, a worker in production)."""

from django_tasks import task

from paddock.scheduling.services import runs


@task()
def execute_schedule_run(run_id: int) -> str:
    """Solve, check and apply one run; the run row records how it ended."""
    run = runs.execute_run(run_id)
    return run.status if run is not None else "skipped"
