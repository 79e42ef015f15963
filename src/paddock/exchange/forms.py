"""The export form: which kind, in which format, with which CSV delimiter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form
from paddock.exchange.exports import KINDS

FORMAT_CHOICES = [("xlsx", _("Excel workbook (XLSX)")), ("csv", _("CSV text file"))]
DELIMITER_CHOICES = [
    (";", _("Semicolon (;), as French Excel expects")),
    (",", _("Comma (,), as English Excel expects")),
]


class ExportForm(Form):
    kind = forms.ChoiceField(
        label=_("What to export"),
        choices=[(kind.key, kind.label) for kind in KINDS.values()],
    )
    format = forms.ChoiceField(
        label=_("File format"), choices=FORMAT_CHOICES, initial="xlsx", widget=forms.RadioSelect
    )
    delimiter = forms.ChoiceField(
        label=_("Delimiter of CSV files"), choices=DELIMITER_CHOICES, initial=";", required=False
    )

    def clean_delimiter(self) -> str:
        return self.cleaned_data.get("delimiter") or ";"
