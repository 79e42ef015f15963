from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form, ModelForm
from paddock.events.forms import EditionForm
from paddock.events.models import Organiser
from paddock.participants.forms import WebsiteField
from paddock.participants.models import Organisation
from paddock.series.copying import NEW_FIELDS


class OrganisationSearchForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class OrganisationForm(ModelForm):
    website = WebsiteField()

    class Meta:
        model = Organisation
        fields = ["name", "country", "website", "registration_number"]


class MergeForm(Form):
    """Two organisations of one organiser's directory: the one kept, the one merged into it."""

    kept = forms.ModelChoiceField(label=_("Organisation kept"), queryset=Organisation.objects)
    merged = forms.ModelChoiceField(
        label=_("Duplicate merged into it"),
        queryset=Organisation.objects,
        help_text=_("Its companies move to the organisation kept; its names become former names."),
    )

    def __init__(self, *args: Any, organiser: Organiser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kept", "merged"):
            self.fields[name].queryset = organiser.organisations.all()  # type: ignore[attr-defined]


class EditionCopyForm(EditionForm):
    """The new edition's name, short name and dates; the rest comes from the original."""

    languages = None  # copied from the original

    class Meta(EditionForm.Meta):
        fields = NEW_FIELDS
