from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TokenPurpose(models.TextChoices):
    """What a link sent by email lets its holder do, once."""

    INVITATION = "invitation", _("Invitation")
    # Its own purpose, so that a person invited both to take part and to the team keeps two
    # links, neither replacing, retiring nor opening the other's pages.
    TEAM_INVITATION = "team_invitation", _("Invitation to the team")
    EMAIL_VERIFICATION = "verification", _("Email verification")
    PASSWORD = "password", _("Choosing a password")


class MailKind(models.TextChoices):
    """The non-essential emails, which a person may stop with the link at their foot.

    Essential ones (account, password, invitations, validation, the answer to one's request to
    join, changes of one's own meetings and schedule) always go out: docs/privacy.md."""

    MEETING_REQUESTS = "meeting_requests", _("Meeting requests, suggestions and their answers")
    SCHEDULE_PUBLISHED = "schedule_published", _("Notices that the schedule is published")
    REMINDERS = "reminders", _("Your agenda the evening before each day of an edition")
    JOIN_REQUESTS = "join_requests", _("Requests to join your company")
    OUTCOMES = "outcomes", _("Questions about what came of your meetings")


class OutgoingMailStatus(models.TextChoices):
    """Where a mail of the outbox (`accounts.outbox`) stands."""

    WAITING = "waiting", pgettext_lazy("email status", "Waiting")
    SENT = "sent", pgettext_lazy("email status", "Sent")
    FAILED = "failed", pgettext_lazy("email status", "Failed")
    # Waiting in a backup restored here: no sender takes it until an operator releases it.
    HELD = "held", pgettext_lazy("email status", "Held")


class OutgoingMailKind(models.TextChoices):
    """What a mail of the outbox is, for the edition's mail page."""

    INVITATION = "invitation", _("Invitations")
    VALIDATION = "validation", _("Validations")
    SCHEDULE = "schedule", _("Schedule published or changed")
    JOIN_REQUEST = "join_request", _("Requests to join a company")
    NEW_LINK_REQUEST = "new_link_request", _("Requests for a new invitation")
    ERASURE_REQUEST = "erasure_request", _("Erasure requests")
    PASSWORD_RESET = "password_reset", _("Password resets")
    API_TOKEN_END = "api_token_end", _("API tokens ending soon")
