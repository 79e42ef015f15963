from django.apps import AppConfig
from django.contrib.admin import apps as admin
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "paddock.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from paddock.accounts import receivers  # noqa: F401 (connects the receivers once apps are loaded)


class AdminConfig(admin.AdminConfig):
    """Django's admin, on the site of `admin_site` (set in INSTALLED_APPS in its place)."""

    default = False
    default_site = "paddock.accounts.admin_site.PaddockAdminSite"
