from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The top floor: builds the demo through every other app; no app imports it."""

    name = "paddock.demo"
    label = "demo"
    verbose_name = _("Demo")
