from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from paddock.accounts.models import AccountToken, User, is_erased_address
from paddock.api import services as api_tokens
from paddock.api.enums import RevokeReason
from paddock.core.forms import CleanTextMixin


class UserChangeForm(CleanTextMixin, BaseUserChangeForm):
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
        (
            _("Permissions"),
            {"fields": ("is_active", "turned_off_at", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["turned_off_at"]
    actions = ["turn_off"]

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        """Records when "Active" is unticked (`User.turned_off_at`), cleared when ticked again:
        an account nobody used yet is inactive too, and still gets its mails."""
        if change and "is_active" in form.changed_data:
            obj.turned_off_at = None if obj.is_active else timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Turn off the selected accounts"))
    def turn_off(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Also for an account nobody used yet that is inactive already (an open form's),
        which the form cannot turn off: no mail goes to it any more
        (`accounts.mail.reachable`), nor does "Send again" of the outbox. Not one's own
        account."""
        now = timezone.now()
        chosen = list(queryset.exclude(pk=request.user.pk).filter(turned_off_at__isnull=True))
        for user in chosen:
            user.is_active, user.turned_off_at = False, now
            user.save(update_fields=["is_active", "turned_off_at"])
            self.log_change(request, user, [{"changed": {"fields": ["is_active"]}}])
        message = ngettext(
            "%(count)d account turned off.", "%(count)d accounts turned off.", len(chosen)
        )
        self.message_user(request, message % {"count": len(chosen)}, messages.SUCCESS)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's page setting (or disabling) someone's password, which also revokes the
        account's API tokens in the same transaction (`api.services.revoke_tokens_of`): the
        administrator sets it for someone who lost the account, or locks someone out. On their
        own account an administrator keeps them, as anyone changing their own password."""
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            if user is not None:
                User.objects.select_for_update().filter(pk=user.pk).first()
            response = super().user_change_password(request, id, form_url)
            if user is None or user.pk == request.user.pk:
                return response
            saved = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
            if saved == user.password:
                return response
            revoked = api_tokens.revoke_tokens_of(
                user, by=request.user, reason=RevokeReason.ADMIN_PASSWORD
            )
        if revoked:
            message = ngettext(
                "%(count)d API token of %(name)s is revoked.",
                "%(count)d API tokens of %(name)s are revoked.",
                revoked,
            )
            messages.info(request, message % {"count": revoked, "name": user})
        return response

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
