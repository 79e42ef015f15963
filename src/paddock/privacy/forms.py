from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form


class ErasureRequestForm(Form):
    confirm = forms.BooleanField(
        label=_("I want my personal data erased from Paddock"),
        error_messages={"required": _("Tick the box to confirm that you want your data erased.")},
    )


class ErasureDeclineForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Emailed to the person: say why their data must be kept (a legal duty to keep "
            "invoices, a dispute) and for how long."
        ),
        error_messages={"required": _("Give the reason: the person receives it by email.")},
    )
