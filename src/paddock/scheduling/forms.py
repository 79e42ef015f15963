from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition, Table, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling.services.runs import MAX_TIME_LIMIT_S


class RunForm(forms.Form):
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
    local = slot.start.astimezone(edition.tzinfo)
    return f"{formats.date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M}"


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Time slot"), queryset=TimeSlot.objects.none())
    table = forms.ModelChoiceField(label=_("Table"), queryset=Table.objects.none())

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slots = TimeSlot.objects.filter(edition=edition).order_by("start")
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: slot_label(s, edition)
        tables = Table.objects.filter(room__edition=edition).select_related("room")
        self.fields["table"].queryset = tables.order_by("room__position", "position", "label")


class SwapForm(forms.Form):
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
