from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running a Paddock server: backups, restores and the periodic jobs for cron. The top
    floor: it may use every app, and no app uses it."""

    name = "paddock.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from paddock.operations import checks  # noqa: F401 (registers the system check)
