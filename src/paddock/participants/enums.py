from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParticipantRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SUPPLIER = "supplier", _("Supplier")
    BOTH = "both", _("Buyer and supplier")


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", pgettext_lazy("participant status", "Invited")
    REGISTERED = "registered", pgettext_lazy("participant status", "Registered")
    VALIDATED = "validated", pgettext_lazy("participant status", "Validated")
    DECLINED = "declined", pgettext_lazy("participant status", "Declined")
    # Took part, then said they would not come (or an organiser said so for them).
    WITHDRAWN = "withdrawn", pgettext_lazy("participant status", "Withdrawn")


# Until the person accepts, organisers see only what they typed, never the account's data.
AWAITING_CONSENT = (ParticipantStatus.INVITED, ParticipantStatus.DECLINED)


class Sector(models.TextChoices):
    AUTOMOTIVE = "automotive", _("Automotive")
    MOTORSPORT = "motorsport", _("Motorsport")
    AEROSPACE = "aerospace", _("Aerospace")
    MECHANICAL = "mechanical", _("Mechanical engineering")
    METALWORK = "metalwork", _("Metalwork and welding")
    ADDITIVE = "additive", _("Additive manufacturing")
    PLASTICS = "plastics", _("Plastics and composites")
    ELECTRONICS = "electronics", _("Electronics")
    ENGINEERING = "engineering", _("Engineering and design")
    EQUIPMENT = "equipment", _("Industrial equipment")
    MEDICAL = "medical", _("Medical devices")
    ENERGY = "energy", _("Energy")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Other")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("1–9 employees")
    SMALL = "small", _("10–49 employees")
    MEDIUM = "medium", _("50–249 employees")
    LARGE = "large", _("250 employees or more")


class CategoryKind(models.TextChoices):
    PROCESS = "process", _("Process")
    MATERIAL = "material", _("Material")
    EQUIPMENT = "equipment", _("Equipment")
    SERVICE = "service", _("Design and testing service")
    CERTIFICATION = "certification", _("Certification")


class JoinRequestStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", pgettext_lazy("join request status", "Email not confirmed")
    PENDING = "pending", pgettext_lazy("join request status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("join request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("join request status", "Declined")
