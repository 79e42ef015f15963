"""The check-in desk's form: a badge code or a name, the place, the health pass check."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form
from paddock.core.widgets import QuickSelect, QuickTextInput
from paddock.events.models import Edition, Room
from paddock.participants.models import Participant


class DeskForm(Form):
    code = forms.CharField(
        label=_("Badge code or name"),
        max_length=200,
        required=False,
        widget=QuickTextInput,
        help_text=_("Scan a badge, or type a name and choose the person below."),
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Room.objects.none(),
        required=False,
        empty_label=_("Entrance"),
        widget=QuickSelect,
    )
    health_pass_checked = forms.BooleanField(label=_("Health pass checked"), required=False)
    # Set by a "Check in" button of the name search results.
    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        edition: Edition,
        health_pass_required: bool,
        search_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Room.objects.filter(edition=edition).order_by("name")
        self.fields["participant"].queryset = Participant.objects.filter(edition=edition)
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
