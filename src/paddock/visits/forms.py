"""Forms of the visits pages: a zone, a session, cancelling a session, booking settings."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from paddock.accounts.models import User
from paddock.core.forms import Form, ModelForm
from paddock.core.opened import OpenedValuesMixin
from paddock.events.enums import EditionRole, Language
from paddock.events.forms import time_field
from paddock.events.localtime import (
    LocalTimeError,
    local_instant,
    typed_time_message,
    whole_minutes,
)
from paddock.events.models import Edition
from paddock.events.validators import FIRST_YEAR, LAST_YEAR
from paddock.participants.enums import ParticipantRole
from paddock.visits.models import MAX_TRAVEL_MINUTES, VisitSettings, Zone


class ZoneForm(ModelForm):
    allowed_roles = forms.MultipleChoiceField(
        label=_("Who may book"),
        choices=ParticipantRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The participant roles that may book a visit of this zone."),
    )
    guide_languages = forms.MultipleChoiceField(
        label=_("Guide's languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Zone
        fields = [
            "name_en",
            "name_fr",
            "kind",
            "host_company",
            "host_name",
            "meeting_point",
            "description",
            "allowed_roles",
            "health_pass_required",
            "safety_notes",
            "guide_languages",
            "group_size",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "safety_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_company"].queryset = edition.companies.order_by("name")  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.initial.setdefault("allowed_roles", list(ParticipantRole.values))


class ZoneUpdateForm(OpenedValuesMixin, ZoneForm):
    """A zone's edit form: it keeps what others saved since it was opened (`core.opened`)."""


def _minutes_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_TRAVEL_MINUTES, initial=10)


class SessionForm(Form):
    """A session's day, local start and end times, seats, guide and travel times."""

    day = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat)
    start = time_field(_("Starts at"))
    end = time_field(_("Ends at"))
    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    guide = forms.ModelChoiceField(label=_("Guide"), queryset=User.objects.none(), required=False)
    travel_before_minutes = _minutes_field(_("Travel from the meeting rooms (minutes)"))
    travel_after_minutes = _minutes_field(_("Travel back to the meeting rooms (minutes)"))

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["day"].choices = [  # type: ignore[attr-defined]
            (day.isoformat(), formats.date_format(day, "DATE_FORMAT")) for day in edition.days
        ]
        self.fields["guide"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            edition_memberships__edition=edition,
            edition_memberships__role=EditionRole.ZONE_HOST,
        ).order_by("last_name", "first_name")

    def clean(self) -> dict[str, Any]:
        """Refuses a start or end time that the clocks skip or show twice on the chosen day
        (`events.localtime`)."""
        cleaned = super().clean() or {}
        self.instants: dict[str, dt.datetime] = {}
        day = cleaned.get("day")
        for name in ("start", "end"):
            time = cleaned.get(name)
            if day is None or time is None:
                continue
            try:
                self.instants[name] = local_instant(day, time, self.edition.tzinfo)
            except LocalTimeError as error:
                self.add_error(name, typed_time_message(error))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """What the services take: aware start and end on the chosen day."""
        data = dict(self.cleaned_data)
        data.pop("day")
        return data | self.instants


class SessionUpdateForm(OpenedValuesMixin, SessionForm):
    """A session's edit form: it keeps what others saved since it was opened
    (`core.opened`)."""


class CancelSessionForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Everyone booked or waiting receives it by email."),
    )


class VisitSettingsForm(OpenedValuesMixin, ModelForm):
    """The booking rules; the wishes deadline is typed in the edition's time zone."""

    untracked_fields = ("reopen_wishes",)

    reopen_wishes = forms.BooleanField(
        label=_("Reopen the wishes"),
        required=False,
        help_text=_("A scheduling run closed them: let participants change their wishes again."),
    )

    class Meta:
        model = VisitSettings
        fields = ["cancellation_deadline_hours", "booking_mode", "wishes_deadline"]
        widgets = {
            "booking_mode": forms.RadioSelect,
            "wishes_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        deadline = self.instance.wishes_deadline
        if deadline is not None:
            self.initial["wishes_deadline"] = deadline.astimezone(edition.tzinfo).replace(
                tzinfo=None
            )
        if self.instance.wishes_closed_at is None:
            del self.fields["reopen_wishes"]
        # A form posted without the mode keeps the edition's.
        self.fields["booking_mode"].required = False

    def comparable(self, name: str, value: Any) -> Any:
        """The deadline as typed: the wall-clock time of the edition's time zone."""
        if name == "wishes_deadline" and isinstance(value, dt.datetime) and value.tzinfo:
            return value.astimezone(self.edition.tzinfo).replace(tzinfo=None)
        return value

    def clean_booking_mode(self) -> str:
        return self.cleaned_data.get("booking_mode") or self.instance.booking_mode

    def clean_wishes_deadline(self) -> dt.datetime | None:
        """The time as typed, in the edition's time zone (the form read it in the server's)."""
        value = self.cleaned_data.get("wishes_deadline")
        if value is None:
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:  # year 1 or 9999 overflows in UTC
            raise forms.ValidationError(
                _("Choose a year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        # The field read the time in the server's zone (UTC), where no time is skipped or
        # repeated: read again in the edition's, which refuses such a time.
        typed = timezone.make_naive(value)
        whole_minutes(typed)
        try:
            return local_instant(typed.date(), typed.time(), self.edition.tzinfo)
        except LocalTimeError as error:
            raise forms.ValidationError(typed_time_message(error)) from error


def ranked_only(pairs: list[tuple[int | None, Zone]]) -> list[tuple[int, Zone]]:
    return [(rank, zone) for rank, zone in pairs if rank is not None]


class WishesForm(Form):
    """A rank for each zone that may be visited; a zone left without one is not wished."""

    def __init__(self, *args: Any, zones: list[Zone], ranks: dict[int, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.zones = zones
        choices = [("", _("Not interested"))] + [
            (str(n), _("Choice %(rank)s") % {"rank": n}) for n in range(1, len(zones) + 1)
        ]
        for zone in zones:
            self.fields[f"zone_{zone.pk}"] = forms.TypedChoiceField(
                label=zone.name, choices=choices, coerce=int, required=False, empty_value=None
            )
            self.initial[f"zone_{zone.pk}"] = ranks.get(zone.pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        taken: dict[int, Zone] = {}
        for zone in self.zones:
            rank = cleaned.get(f"zone_{zone.pk}")
            if rank is None:
                continue
            if rank in taken:
                self.add_error(
                    f"zone_{zone.pk}",
                    _("%(zone)s has this choice already: give each zone its own.")
                    % {"zone": taken[rank].name},
                )
            taken[rank] = zone
        return cleaned

    def ranked_zones(self) -> list[Zone]:
        """The zones given a rank, first choice first."""
        ranked = [(self.cleaned_data.get(f"zone_{z.pk}"), z) for z in self.zones]
        return [zone for _rank, zone in sorted(ranked_only(ranked), key=lambda pair: pair[0])]


class ZoneCheckInForm(Form):
    """A badge code scanned or typed, or one of the group chosen by name."""

    code = forms.CharField(
        label=_("Badge code"),
        max_length=200,
        required=False,
        help_text=_("Scan a badge, or use a “Check in” button of the list."),
    )
    participant = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("participant") and not (cleaned.get("code") or "").strip():
            self.add_error("code", _("Scan a badge or choose a person of the list."))
        return cleaned
