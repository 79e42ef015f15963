from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from paddock.accounts.models import AccountToken, User, is_erased_address


class UserChangeForm(BaseUserChangeForm):
    def clean(self) -> dict[str, Any]:
        """Validated inside the admin site's transaction, which then saves the whole account:
        its row is locked until then, as an erasure locks it, and an account erased meanwhile
        is refused, lest the page's old values bring back the names and address it erased."""
        cleaned: dict[str, Any] = super().clean()
        saved = User.objects.select_for_update().filter(pk=self.instance.pk)
        address = saved.values_list("email", flat=True).first()
        if address is not None and is_erased_address(address):
            raise ValidationError(
                _("This account was erased meanwhile: it can no longer be changed."),
                code="erased",
            )
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """An erased account is shown, not changed: a name, an address or a password typed on
        it would undo the erasure."""
        if obj is not None and is_erased_address(obj.email):
            return False
        return bool(super().has_change_permission(request, obj))


@admin.register(AccountToken)
class AccountTokenAdmin(admin.ModelAdmin):
    """Read-only: links are issued and used by the registration services only."""

    list_display = ["user", "purpose", "edition", "created_at", "expires_at", "used_at"]
    list_filter = ["purpose"]
    search_fields = ["user__email"]
    # Not the form's password (a hash) that an open registration's link carries.
    exclude = ["password"]
    readonly_fields = [
        field.name for field in AccountToken._meta.fields if field.name != "password"
    ]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
