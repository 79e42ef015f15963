"""The check-in desk's form: a badge code or a name, the place, the health pass check."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from paddock.checkin.queries import participant_of
from paddock.core.forms import Form
from paddock.core.ids import id_of
from paddock.core.widgets import QuickSelect, QuickTextInput
from paddock.events.models import Edition, Room
from paddock.participants.models import Participant


class PlaceField(forms.ModelChoiceField):
    """A choice among `rooms`, a list the view reads once (`events.queries.rooms_of`), rather
    than a queryset read once to write the options and again to clean the choice, at every
    scan: the same options, errors and cleaned Room."""

    def __init__(self, **kwargs: Any) -> None:
        self.rooms: list[Room] = []
        # No queryset: the form's copy of the field would clone it at every scan.
        super().__init__(queryset=None, **kwargs)

    def set_rooms(self, rooms: list[Room]) -> None:
        self.rooms = rooms
        self.widget.choices = self.choices

    @property  # type: ignore[override]
    def choices(self) -> list[tuple[Any, str]]:
        empty = [] if self.empty_label is None else [("", self.empty_label)]
        return empty + [(room.pk, self.label_from_instance(room)) for room in self.rooms]

    def to_python(self, value: Any) -> Room | None:
        if value in self.empty_values:
            return None
        pk = value.pk if isinstance(value, Room) else id_of(str(value).strip())
        for room in self.rooms:
            if room.pk == pk:
                return room
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class ParticipantField(forms.Field):
    """The participant of `edition` whose id is given, as a ModelChoiceField over the
    edition's participants cleans it (the same errors, the same Participant), read by a query
    compiled once rather than a queryset built for each form of each scan (issue 16)."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, **kwargs: Any) -> None:
        self.edition: Edition | None = None
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.pk if isinstance(value, Participant) else value

    def to_python(self, value: Any) -> Participant | None:
        if value in self.empty_values:
            return None
        pk = id_of(str(value).strip())
        found = None if pk is None or self.edition is None else participant_of(self.edition, pk)
        if found is None:
            message = self.error_messages["invalid_choice"]
            raise forms.ValidationError(message, code="invalid_choice", params={"value": value})
        return found


class DeskForm(Form):
    code = forms.CharField(
        label=_("Badge code or name"),
        max_length=200,
        required=False,
        widget=QuickTextInput,
        help_text=_("Scan a badge, or type a name and choose the person below."),
    )
    place = PlaceField(
        label=_("Place"),
        required=False,
        empty_label=_("Entrance"),
        widget=QuickSelect,
    )
    health_pass_checked = forms.BooleanField(label=_("Health pass checked"), required=False)
    # Set by a "Check in" button of the name search results.
    participant = ParticipantField(required=False)

    def __init__(
        self,
        *args: Any,
        edition: Edition,
        rooms: list[Room],
        health_pass_required: bool,
        search_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].set_rooms(rooms)  # type: ignore[attr-defined]
        self.fields["participant"].edition = edition  # type: ignore[attr-defined]
        self.fields["code"].widget.attrs.update(
            {
                "autofocus": True,
                "autocomplete": "off",
                "class": "desk-code",
                "hx-get": search_url,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#search-results",
            }
        )
        if health_pass_required:
            self.fields["health_pass_checked"].help_text = _("Required at the entrance.")
        else:
            del self.fields["health_pass_checked"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("participant") and not (cleaned.get("code") or "").strip():
            self.add_error("code", gettext("Scan a badge or type a name."))
        return cleaned
