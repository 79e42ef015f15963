"""Background work of the meetings domain (inline with the ImmediateBackend)."""

from django_tasks import task

from paddock.meetings import services


@task()
def expire_requests() -> int:
    """Expire the unanswered requests whose time is up, in every edition."""
    return services.expire_requests()
