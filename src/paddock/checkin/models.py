from django.db import models
from django.utils.translation import gettext_lazy as _

from paddock.participants.models import Participant


class Badge(models.Model):
    """A participant's printed badge. Its QR code carries only `code`, a random token: a lost
    badge tells nothing about its wearer."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="badge", verbose_name=_("participant")
    )
    code = models.CharField(_("badge code"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return self.code
