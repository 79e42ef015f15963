from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form
from paddock.core.opened import OpenedValuesMixin
from paddock.webhooks.enums import WebhookEvent


class EndpointForm(Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Paddock POSTs each event there as JSON, signed with the endpoint's secret."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    active = forms.BooleanField(
        label=_("Active"), required=False, initial=True,
        help_text=_("An inactive endpoint receives nothing."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs["placeholder"] = "https://"


class EndpointUpdateForm(OpenedValuesMixin, EndpointForm):
    """An endpoint's edit form: it keeps what others saved since it was opened
    (`core.opened`)."""
