"""Editions run before Paddock, kept as summary figures so that the series' history starts
with its first edition."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PastEdition(models.Model):
    series = models.ForeignKey(
        "events.EventSeries",
        on_delete=models.CASCADE,
        related_name="past_editions",
        verbose_name=_("series"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    companies = models.PositiveIntegerField(_("companies"), default=0)
    countries = models.PositiveIntegerField(_("countries"), default=0)
    meetings_held = models.PositiveIntegerField(_("meetings held"), default=0)
    no_shows = models.PositiveIntegerField(
        _("no-shows"), default=0, help_text=_("Meetings missed by at least one participant.")
    )
    meetings_answered = models.PositiveIntegerField(
        _("meetings with an outcome"),
        null=True,
        blank=True,
        help_text=_("Meetings that at least one side said what came of; empty if unknown."),
    )
    meetings_with_next_step = models.PositiveIntegerField(
        _("meetings that led to a next step"),
        null=True,
        blank=True,
        help_text=_("Among those, meetings that led to documentation, a quote, an order…"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("edition before Paddock")
        verbose_name_plural = _("editions before Paddock")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="past_edition_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if self.start_date and self.start_date.year != self.year:
            raise ValidationError({"start_date": _("The first day must be in that year.")})
        self.clean_outcomes()

    def clean_outcomes(self) -> None:
        answered, next_step = self.meetings_answered, self.meetings_with_next_step
        if next_step is not None and (answered is None or next_step > answered):
            raise ValidationError(
                {
                    "meetings_with_next_step": _(
                        "This cannot be more than the meetings with an outcome."
                    )
                }
            )
