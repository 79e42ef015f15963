from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "paddock.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from paddock.accounts import receivers  # noqa: F401 (connects the receivers once apps are loaded)
