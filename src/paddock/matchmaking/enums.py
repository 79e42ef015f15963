from django.db import models
from django.utils.translation import gettext_lazy as _


class RepeatPairs(models.TextChoices):
    """How recommendations treat two people who met in an earlier edition."""

    NEUTRAL = "neutral", _("Neutral: as anyone else")
    AVOID = "avoid", _("Avoid: recommend new contacts first")
    FAVOUR = "favour", _("Favour: recommend people met before first")


# Score factor of a pair met before, by setting: enough to reorder, not to invent a match.
REPEAT_PAIR_FACTORS = {RepeatPairs.NEUTRAL: 1.0, RepeatPairs.AVOID: 0.5, RepeatPairs.FAVOUR: 1.5}
