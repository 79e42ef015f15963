"""Forms of the import wizard: the upload, then the field of each column."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form
from paddock.exchange.jobs import columns_of
from paddock.exchange.meetings import MeetingKind
from paddock.exchange.models import ImportFile, ImportKind
from paddock.exchange.reading import DELIMITERS, MAX_BYTES
from paddock.participants.enums import ParticipantRole, Sector
from paddock.participants.forms import country_choices

ENCODING_CHOICES = [
    ("", _("Detect")),
    ("utf-8", "UTF-8"),
    ("cp1252", _("Windows-1252 (Excel on Windows)")),
    ("iso8859-15", "ISO-8859-15"),
    ("mac_roman", _("Mac OS Roman (older Excel on a Mac)")),
    ("utf-16", "UTF-16"),
]


class UploadForm(Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file or an XLSX spreadsheet whose first line names the columns."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding"),
        choices=ENCODING_CHOICES,
        required=False,
        help_text=_("CSV files only. Change it if accented letters come out wrong."),
    )
    delimiter = forms.ChoiceField(
        label=_("Delimiter"),
        choices=[("", _("Detect")), *DELIMITERS.items()],
        required=False,
        help_text=_("CSV files only: what separates the values of a line."),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        max_length=100,
        required=False,
        help_text=_("XLSX files only: the sheet's name; the first sheet when empty."),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == ImportKind.MEETINGS:
            self.fields["meeting_kind"] = forms.ChoiceField(
                label=_("The file lists"),
                choices=MeetingKind.choices,
                initial=MeetingKind.WISHES,
                widget=forms.RadioSelect,
            )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB."),
                code="too_large",
                params={"limit": MAX_BYTES // 1024 // 1024},
            )
        return upload


class ColumnsForm(Form):
    """One choice per column of the file (its field, or ignored), and, for participants, the
    values used where the file says nothing."""

    def __init__(self, *args: Any, upload: ImportFile, headers: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.upload = upload
        choices = [("", _("Ignore this column"))]
        choices += [(column.key, column.header) for column in columns_of(upload.kind)]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=upload.mapping[index] if index < len(upload.mapping) else "",
            )
        if upload.kind == ImportKind.PARTICIPANTS:
            self._add_defaults(upload.options)

    def _add_defaults(self, options: dict[str, str]) -> None:
        self.fields["role"] = forms.ChoiceField(
            label=_("Role of people whose row gives none"),
            choices=[("", "---------"), *ParticipantRole.choices],
            required=False,
            initial=options.get("role", ""),
        )
        self.fields["country"] = forms.ChoiceField(
            label=_("Country of new companies whose rows give none"),
            choices=country_choices,
            required=False,
            initial=options.get("country", ""),
        )
        self.fields["sector"] = forms.ChoiceField(
            label=_("Sector of new companies whose rows give none"),
            choices=[("", "---------"), *Sector.choices],
            required=False,
            initial=options.get("sector", ""),
        )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("column_")]

    def default_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("column_")]

    def keys(self) -> list[str]:
        count = sum(1 for name in self.fields if name.startswith("column_"))
        return [self.cleaned_data[f"column_{index}"] for index in range(count)]

    def options(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("role", "country", "sector")
            if name in self.fields
        }
