from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NextStep(models.TextChoices):
    """What the two sides agreed to do after the meeting."""

    NONE = "none", pgettext_lazy("next step", "None")
    DOCUMENTATION = "documentation", pgettext_lazy("next step", "Documentation")
    QUOTE = "quote", pgettext_lazy("next step", "Quote")
    SAMPLES = "samples", pgettext_lazy("next step", "Samples")
    VISIT = "visit", pgettext_lazy("next step", "Factory or site visit")
    ORDER = "order", pgettext_lazy("next step", "Order")
    PARTNERSHIP = "partnership", pgettext_lazy("next step", "Partnership")


class ValueBand(models.TextChoices):
    """The order of magnitude of the business at stake, never an exact figure."""

    UNDER_10K = "lt10k", _("Under 10 k€")
    FROM_10K = "10-50k", _("10–50 k€")
    FROM_50K = "50-250k", _("50–250 k€")
    OVER_250K = "gt250k", _("Over 250 k€")


class FollowUpAnswer(models.TextChoices):
    """Did the meeting lead to business, months later."""

    YES = "yes", pgettext_lazy("follow-up", "Yes")
    IN_PROGRESS = "in_progress", pgettext_lazy("follow-up", "In progress")
    NO = "no", pgettext_lazy("follow-up", "No")


class SentMailKind(models.TextChoices):
    DAY = "day", _("End of day: rate your meetings")
    FOLLOW_UP = "follow_up", _("Follow-up: did it lead to business?")


# Months after an edition's last day when each participant is asked what came of its meetings.
FOLLOW_UP_MONTHS = (3, 6, 12)

# A mail that fell due longer ago than this is not sent any more (a server down for weeks, or
# editions that ended before this feature existed, must not flood anyone).
FOLLOW_UP_WINDOW_DAYS = 30
DAY_MAIL_WINDOW_DAYS = 2
