from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form


class ErasureRequestForm(Form):
    confirm = forms.BooleanField(
        label=_("I want my personal data erased from Paddock"),
        error_messages={"required": _("Tick the box to confirm that you want your data erased.")},
    )
