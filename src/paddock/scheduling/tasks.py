"""Background work of scheduling (inline with the ImmediateBackend, a worker in production)."""

from django_tasks import task

from paddock.scheduling.services import live

# The task of a scheduling run, `services.runs.execute_schedule_run`, sits beside the service
# that enqueues it: a service importing this module would close an import circle.


@task()
def mark_no_shows() -> int:
    """The no-show rule in every edition on the day (for a periodic enqueue in production)."""
    return len(live.mark_all_no_shows())
