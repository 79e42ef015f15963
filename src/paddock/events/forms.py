from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.events.enums import Language
from paddock.events.models import Edition, EventSeries

EDITION_FIELDS = [
    "name",
    "slug",
    "start_date",
    "end_date",
    "timezone",
    "languages",
    "status",
    "venue_name",
    "venue_address",
    "description",
]


class EditionForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the edition is held in."),
    )

    class Meta:
        model = Edition
        fields = EDITION_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return cleaned


class EditionCreateForm(EditionForm):
    series = forms.ModelChoiceField(label=_("Series"), queryset=EventSeries.objects.none())

    class Meta(EditionForm.Meta):
        fields = ["series", *EDITION_FIELDS]

    def __init__(self, *args: Any, series_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series_choices  # type: ignore[attr-defined]
