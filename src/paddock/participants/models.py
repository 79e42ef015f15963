"""Companies and their representatives, the capability taxonomy, offers and needs."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from paddock.accounts.models import display_name
from paddock.events.models import Edition
from paddock.events.validators import validate_languages
from paddock.participants.enums import (
    AWAITING_CONSENT,
    CategoryKind,
    CompanySize,
    JoinRequestStatus,
    ParticipantRole,
    ParticipantStatus,
    Sector,
)
from paddock.participants.validators import EXTENSIONS


class Category(models.Model):
    """One item of the taxonomy of industrial capabilities: shared by all editions, or an
    organiser's own, used only in its editions."""

    organiser = models.ForeignKey(
        "events.Organiser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="categories",
        verbose_name=_("organiser"),
        help_text=_(
            "Empty for the items shared by all organisers, which only site administrators "
            "change; set for an organiser's own items, seen and used only in its editions."
        ),
    )

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind.choices)
    label_en = models.CharField(_("label in English"), max_length=150)
    label_fr = models.CharField(_("label in French"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["kind", "position", "label_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="category_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language (French or English)."""
        return self.label_fr if (get_language() or "en").startswith("fr") else self.label_en


class Organisation(models.Model):
    """One organisation of an organiser's directory: the same firm across the editions it came
    to, each edition's `Company` linking to it."""

    organiser = models.ForeignKey(
        "events.Organiser",
        on_delete=models.CASCADE,
        related_name="organisations",
        verbose_name=_("organiser"),
    )
    name = models.CharField(_("name"), max_length=200)
    former_names = models.JSONField(
        _("former names"),
        default=list,
        blank=True,
        help_text=_("Names it came under before, matched as well as its name."),
    )
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    registration_number = models.CharField(
        _("company registration number"), max_length=40, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Company(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="companies", verbose_name=_("edition")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("organisation"),
        help_text=_("The same firm in the organiser's directory, across editions."),
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_(
            "Name, city, description, offers and needs in lower case without accents, "
            "kept up to date by the services so that the catalogue search is accent-insensitive "
            "on every database."
        ),
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="company_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A company's representative at one edition. One person, one company per edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="participants", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("user"),
        help_text=_(
            "Empty only for a declined invitation whose account, made for it and never used, "
            "was deleted, or whose person registered again by the open form."
        ),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="participants", verbose_name=_("company")
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_languages]
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.INVITED,
    )
    invited_first_name = models.CharField(
        _("first name given"),
        max_length=150,
        blank=True,
        help_text=_(
            "As given when the person was added: organisers see it, not the account's names, "
            "until the person accepts the invitation."
        ),
    )
    invited_last_name = models.CharField(_("last name given"), max_length=150, blank=True)
    invited_email = models.EmailField(
        _("email address given"),
        blank=True,
        help_text=_(
            "As typed when the person was added: organisers see it, not the account's address "
            "(which may differ in letter case), until the person accepts the invitation."
        ),
    )
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(
        _("reason for withdrawing"),
        blank=True,
        help_text=_("What the organiser noted when withdrawing the person; seen by organisers."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    consent_version = models.CharField(
        _("privacy notice accepted"),
        max_length=20,
        blank=True,
        help_text=_(
            "The version of the edition's privacy notice accepted at registration: a number, "
            "or “default” for the built-in text."
        ),
    )
    consented_at = models.DateTimeField(_("privacy notice accepted on"), null=True, blank=True)
    show_email = models.BooleanField(
        _("show my email address"),
        default=False,
        help_text=_("Other validated participants of the edition see it on your company page."),
    )
    show_phone = models.BooleanField(
        _("show my phone number"),
        default=False,
        help_text=_("Other validated participants of the edition see it on your company page."),
    )
    show_job_title = models.BooleanField(
        _("show my job title"),
        default=True,
        help_text=_("Other validated participants of the edition see it on your company page."),
    )
    unavailable_slots = models.ManyToManyField(
        "events.TimeSlot",
        blank=True,
        related_name="unavailable_participants",
        verbose_name=_("unavailable slots"),
        help_text=_("Slots of the edition's time grid when no meeting may be scheduled."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["company__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"], name="participant_once_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(status=ParticipantStatus.DECLINED),
                name="participant_user_unless_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.invited_email} ({self.company})"

    def names_for_organisers(self) -> tuple[str, str]:
        """(first, last) name as the organisers may see them: the names they gave until the
        person accepts the invitation (an existing account's names are the person's to show),
        the account's afterwards."""
        if self.status in AWAITING_CONSENT:
            return self.invited_first_name, self.invited_last_name
        return self.user.first_name, self.user.last_name

    def email_for_organisers(self) -> str:
        """The address as the organisers may see it: as they typed it until the person
        accepts (the account's may differ in letter case, which would tell it exists), the
        account's afterwards."""
        if self.status in AWAITING_CONSENT:
            return self.invited_email
        return self.user.email if self.user is not None else ""

    def name_for_organisers(self) -> str:
        return display_name(*self.names_for_organisers(), self.email_for_organisers())


class DeclinedInvitationLink(models.Model):
    """A link of an invitation that was declined, so that it says so once its account's links
    went with the account (`registration.decline_invitation`). Only the digest is kept."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="declined_links",
        verbose_name=_("participant"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("declined invitation's link")
        verbose_name_plural = _("declined invitations' links")

    def __str__(self) -> str:
        return f"{self.participant_id} · {self.digest[:8]}"


class JoinRequest(models.Model):
    """Someone of the open registration form asking to represent a company already taking part.

    Gives no right on the company: accepting it (by the organisers or a validated representative
    of the company) creates the person's participant row.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("edition")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("company")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("user"),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_languages]
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.UNCONFIRMED,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    consent_version = models.CharField(
        _("privacy notice accepted"),
        max_length=20,
        blank=True,
        help_text=_("Passed on to the participant row when the request is accepted."),
    )
    consented_at = models.DateTimeField(_("privacy notice accepted on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("request to join a company")
        verbose_name_plural = _("requests to join a company")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"],
                condition=Q(status__in=["unconfirmed", "pending"]),
                name="join_request_one_open_per_edition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"


class PendingRegistration(models.Model):
    """An open form sent, kept as typed until its address is confirmed: nothing else exists
    before (no account, company, participant or request to join), so that the form shows no
    stranger what an address's earlier form made, and a later form, anyone's, cancels none.
    Following its link makes them (`registration.confirm_registration`); the first of an
    address's forms confirmed wins, the others' links then say it is registered already."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="pending_registrations",
        verbose_name=_("edition"),
    )
    email = models.EmailField(_("email address"), max_length=254)
    password = models.CharField(
        _("password"), max_length=128, help_text=_("The form's password, hashed.")
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_languages]
    )
    company = models.JSONField(
        _("company"), default=dict, help_text=_("The company's fields as the form gave them.")
    )
    join_company = models.BooleanField(
        _("asks to join the company"),
        default=False,
        help_text=_("The company takes part already: the person asks to represent it."),
    )
    language = models.CharField(_("language"), max_length=8)
    consent_version = models.CharField(_("privacy notice accepted"), max_length=20)
    consented_at = models.DateTimeField(_("privacy notice accepted on"))
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration awaiting confirmation")
        verbose_name_plural = _("registrations awaiting confirmation")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["edition", "email"], name="pending_registration_email")]

    def __str__(self) -> str:
        return f"{self.email} ({self.edition})"


class CapabilityItem(models.Model):
    """What a company offers or needs: a taxonomy item, free text, or both."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, verbose_name=_("company"))
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("capability"),
    )
    text = models.TextField(_("details"), blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=False) | ~Q(text=""),
                name="%(class)s_has_category_or_text",
            )
        ]

    def __str__(self) -> str:
        if self.category_id is None:
            return self.text[:60]
        return str(self.category)


class Offer(CapabilityItem):
    class Meta(CapabilityItem.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        default_related_name = "offers"


class Need(CapabilityItem):
    class Meta(CapabilityItem.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        default_related_name = "needs"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under attachments/<edition>/ with the extension of the detected type.

    The original name is kept in the row, never on disk, so no uploaded name reaches the
    file system and the stored files cannot be guessed.
    """
    extension = EXTENSIONS.get(instance.content_type, ("",))[0]
    return f"attachments/{instance.company.edition_id}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A drawing or specification attached to one offer or one need of a company."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("company")
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("offer"),
    )
    need = models.ForeignKey(
        Need,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("need"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(
        _("content type"),
        max_length=40,
        help_text=_("Found from the file's content when it was uploaded."),
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offer__isnull=True, need__isnull=False)
                | Q(offer__isnull=False, need__isnull=True),
                name="attachment_on_offer_or_need",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
