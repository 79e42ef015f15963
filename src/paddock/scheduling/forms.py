import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from paddock.core.dates import day_and_time
from paddock.core.forms import Form
from paddock.core.widgets import QuickSelect, QuickTextInput
from paddock.events.models import Edition, Room, Table, TimeSlot
from paddock.meetings.enums import Absence, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling.queries import grid_search
from paddock.scheduling.services.runs import MAX_TIME_LIMIT_S

MATCHES_SHOWN = 20
"""People listed for a search on the grid that matches several."""


class GridChoiceForm(Form):
    """Which day and room the schedule grid shows (the view binds the first of each when the
    request chooses none)."""

    # Not required: an edition without slots or rooms yet has nothing to choose.
    day = forms.ChoiceField(label=_("Day"), required=False, widget=QuickSelect)
    room = forms.ChoiceField(label=_("Room"), required=False, widget=QuickSelect)
    # A search rather than a list of everyone: a big edition has thousands of people.
    who = forms.CharField(
        label=_("Show the meetings of"),
        required=False,
        max_length=200,
        widget=QuickTextInput(attrs={"type": "search", "placeholder": _("Name, email or company")}),
    )

    def __init__(
        self,
        *args: Any,
        days: list[dt.date],
        rooms: list[Room],
        edition: Edition,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["day"].choices = [
            (day.isoformat(), formats.date_format(day, "l j F")) for day in days
        ]
        self.fields["room"].choices = [(str(room.pk), room.name) for room in rooms]
        self.rooms = {str(room.pk): room for room in rooms}

    def chosen_day(self) -> dt.date | None:
        """The valid day chosen, or None (not chosen, or not a day of the grid)."""
        value = getattr(self, "cleaned_data", {}).get("day")
        return dt.date.fromisoformat(value) if value else None

    def chosen_room(self) -> Room | None:
        return self.rooms.get(getattr(self, "cleaned_data", {}).get("room", ""))

    def clean_who(self) -> list[tuple[int, str]]:
        """The people matching the search, as (pk, label), one more than the grid lists so
        that it can say there are more; none searched, none."""
        text = self.cleaned_data["who"]
        if not text:
            return []
        found = grid_search(self.edition, text, limit=MATCHES_SHOWN + 1)
        if not found:
            raise ValidationError(
                _("No participant matches “%(text)s”."), code="no_match", params={"text": text}
            )
        return found


class RunForm(Form):
    time_limit_s = forms.IntegerField(
        label=_("Time limit in seconds"),
        min_value=1,
        max_value=MAX_TIME_LIMIT_S,
        initial=30,
        help_text=_("The solver stops earlier when it proves its schedule is the best."),
    )
    reoptimise = forms.BooleanField(
        label=_("Keep the published schedule"),
        required=False,
        help_text=_("Move as few published meetings as possible (after late changes)."),
    )


def slot_label(slot: TimeSlot, edition: Edition) -> str:
    """The slot's local day and time, readable in any language: "Thu 12 Jun 2031, 09:00"."""
    return day_and_time(slot.start.astimezone(edition.tzinfo))


class MoveForm(Form):
    slot = forms.ModelChoiceField(label=_("Time slot"), queryset=TimeSlot.objects.none())
    table = forms.ModelChoiceField(label=_("Table"), queryset=Table.objects.none())

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slots = TimeSlot.objects.filter(edition=edition).order_by("start")
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: slot_label(s, edition)
        tables = Table.objects.filter(room__edition=edition).select_related("room")
        self.fields["table"].queryset = tables.order_by("room__position", "position", "label")


class SwapForm(Form):
    other = forms.ModelChoiceField(label=_("Swap with"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        edition = meeting.edition
        placed = (
            Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED)
            .exclude(pk=meeting.pk)
            .select_related("first__user", "second__user", "slot", "table")
            .order_by("slot__start", "table__label")
        )
        self.fields["other"].queryset = placed
        self.fields["other"].label_from_instance = lambda m: (
            f"{slot_label(m.slot, edition)} · {m.table.label} · {m.first.user} – {m.second.user}"
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.company.name} – {obj.user}"


class BookForm(Form):
    """One click on an offer of the live page: this meeting, this slot, this table."""

    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none())
    slot = forms.ModelChoiceField(queryset=TimeSlot.objects.none())
    table = forms.ModelChoiceField(queryset=Table.objects.none(), required=False)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(edition=edition).select_related(
            "first__user", "second__user"
        )
        self.fields["slot"].queryset = TimeSlot.objects.filter(edition=edition)
        tables = Table.objects.filter(room__edition=edition).select_related("room")
        self.fields["table"].queryset = tables


class WalkInForm(Form):
    """Two present participants who ask the desk for a meeting, and the slot they want."""

    first = PersonChoiceField(label=_("Participant"), queryset=None)
    second = PersonChoiceField(label=_("Meets"), queryset=None)
    slot = forms.ModelChoiceField(label=_("Time slot"), queryset=TimeSlot.objects.none())

    def __init__(
        self, *args: Any, edition: Edition, people: Any, slots: list[TimeSlot], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        self.fields["slot"].queryset = TimeSlot.objects.filter(pk__in=[s.pk for s in slots])
        self.fields["slot"].label_from_instance = lambda s: slot_label(s, edition)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("first") and cleaned.get("first") == cleaned.get("second"):
            self.add_error("second", _("Choose two different participants."))
        return cleaned


class NoShowForm(Form):
    absent = forms.ChoiceField(label=_("Who did not come"), choices=Absence.choices)
