from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from paddock.core.converters import TokenConverter


class CoreConfig(AppConfig):
    name = "paddock.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from paddock.core import checks  # noqa: F401 (registers the system checks)

        # Before any URL module is read: `<token:…>` in a path refuses what no token holds.
        register_converter(TokenConverter, "token")
