from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """The agenda each participant gets by email the evening before each day of an edition."""

    name = "paddock.reminders"
    verbose_name = _("Reminders")
