from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenPurpose(models.TextChoices):
    """What a link sent by email lets its holder do, once."""

    INVITATION = "invitation", _("Invitation")
    EMAIL_VERIFICATION = "verification", _("Email verification")
    PASSWORD = "password", _("Choosing a password")
