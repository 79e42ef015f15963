import csv
import io
from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from paddock.core.forms import Form, ModelForm
from paddock.core.ids import id_of
from paddock.core.opened import OpenedValuesMixin
from paddock.events.forms import EditionForm
from paddock.events.models import Edition, Organiser
from paddock.exchange.reading import ReadingError, decode, detect_delimiter
from paddock.participants.forms import WebsiteField
from paddock.participants.models import Organisation
from paddock.series.copying import NEW_FIELDS
from paddock.series.models import PastEdition
from paddock.series.past_invitations import SHOW_ALL, SHOW_CAME, SHOW_VALIDATED, PastPerson


class OrganisationSearchForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class OrganisationForm(OpenedValuesMixin, ModelForm):
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
    """The new edition's name, short name, dates and time zone (the original's when left
    blank); the rest comes from the original."""

    languages = None  # copied from the original

    class Meta(EditionForm.Meta):
        fields = NEW_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = self.fields["timezone"]
        zone.required = False
        zone.help_text = _("The time grid and the visits keep their local times in this zone.")


PAST_FIELDS = [
    "year",
    "start_date",
    "end_date",
    "place",
    "participants",
    "companies",
    "countries",
    "meetings_held",
    "no_shows",
    "meetings_answered",
    "meetings_with_next_step",
    "notes",
]
# Columns an import file may leave out (files made before they existed).
OPTIONAL_COLUMNS = {"meetings_answered", "meetings_with_next_step"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PastEditionForm(ModelForm):
    class Meta:
        model = PastEdition
        fields = PAST_FIELDS
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}


class PastEditionUpdateForm(OpenedValuesMixin, PastEditionForm):
    """A past edition's edit form: it keeps what others saved since it was opened
    (`core.opened`)."""


class PastEditionImportForm(Form):
    """A CSV file, one edition before Paddock a line, with PAST_FIELDS as its header."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A CSV file as Excel or another spreadsheet saves it, with the header line: "
            "year,start_date,end_date,place,participants,companies,countries,meetings_held,"
            "no_shows,notes, and if known meetings_answered,meetings_with_next_step. Dates as "
            "2008-06-12. Every line is checked before anything is saved."
        ),
    )

    MAX_BYTES = 1_000_000

    def clean_file(self) -> list[dict[str, Any]]:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        # Read as the participants import reads: French Excel saves in Windows-1252 with ";".
        try:
            text, _encoding = decode(upload.read())
        except ReadingError as error:
            raise forms.ValidationError(error.message) from error
        return rows_of(text, delimiter=detect_delimiter(text))


# One line per past edition: a series a century old has a hundred. Each line is a form
# checked in the request: 1 MB of short lines took five minutes.
MAX_PAST_LINES = 500


def _records(reader: csv.DictReader) -> Iterator[dict[str, Any]]:  # type: ignore[type-arg]
    """The reader's lines; a line the csv module cannot read (a field over its size limit),
    or lines past MAX_PAST_LINES, are a ValidationError."""
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_PAST_LINES:
                message = ngettext(
                    "The file has more than %(count)d line: one line per past edition.",
                    "The file has more than %(count)d lines: one line per past edition.",
                    MAX_PAST_LINES,
                )
                raise forms.ValidationError(message % {"count": MAX_PAST_LINES})
            yield record
    except csv.Error as error:
        raise forms.ValidationError(
            _("Line %(line)d cannot be read: %(error)s")
            % {"line": reader.line_num + 1, "error": error}
        ) from None


def rows_of(text: str, *, delimiter: str = ",") -> list[dict[str, Any]]:
    """The cleaned rows of a CSV text; raises ValidationError naming each bad line and field."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [
        name
        for name in PAST_FIELDS
        if name not in (reader.fieldnames or []) and name not in OPTIONAL_COLUMNS
    ]
    if missing:
        raise forms.ValidationError(
            _("The header line lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows, errors = [], []
    for row in _records(reader):
        form = PastEditionForm({name: (row.get(name) or "").strip() for name in PAST_FIELDS})
        if form.is_valid():
            rows.append(form.cleaned_data)
            continue
        for field, messages in form.errors.items():
            errors += [
                _("Line %(line)s, %(field)s: %(message)s")
                % {"line": reader.line_num, "field": field, "message": message}
                for message in messages
            ]
    if errors:
        raise forms.ValidationError(errors)
    if not rows:
        raise forms.ValidationError(_("The file has no line after its header."))
    return rows


class PastPeopleFilterForm(Form):
    """Which earlier edition's people the invitations page lists, and which of them."""

    source = forms.ModelChoiceField(
        label=_("Earlier edition"), queryset=Edition.objects.none(), empty_label=None
    )
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[
            (SHOW_ALL, _("Everyone it invited")),
            (SHOW_VALIDATED, _("Those validated")),
            (SHOW_CAME, _("Those who came (checked in)")),
        ],
        initial=SHOW_ALL,
        required=False,
    )
    company = forms.CharField(label=_("Company"), required=False, max_length=100)

    def __init__(self, *args: Any, editions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = editions  # type: ignore[attr-defined]


class PastInvitationForm(Form):
    """The people ticked among those listed: one `person` field each, or all in `people`
    ("12,15,…", as the page's script sends them: 2,000 fields would pass Django's limit,
    DATA_UPLOAD_MAX_NUMBER_FIELDS)."""

    person = forms.TypedMultipleChoiceField(coerce=int, required=False)
    people = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: list[PastPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (person.pk, person.name) for person in people
        ]
        self.known = {person.pk for person in people}

    def clean_people(self) -> list[int]:
        parts = [part.strip() for part in self.cleaned_data["people"].split(",")]
        ids = [id_of(part) for part in parts if part]
        if any(pk not in self.known for pk in ids):
            raise forms.ValidationError(
                _("Some of the people ticked are not in this edition: show the list again."),
                code="unknown",
            )
        return [pk for pk in ids if pk is not None]

    def ticked(self) -> set[int]:
        return {*self.cleaned_data["person"], *self.cleaned_data["people"]}
