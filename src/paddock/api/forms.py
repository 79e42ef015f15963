from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.api.enums import DEFAULT_VALIDITY, TokenValidity
from paddock.api.queries import reachable_editions
from paddock.core.forms import Form, ModelMultipleChoiceField


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “badge printer”."),
    )
    editions = ModelMultipleChoiceField(
        label=_("Editions"),
        queryset=None,  # set in __init__: the person's own editions
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The token reaches only these editions, with your rights in each."),
    )
    can_write = forms.BooleanField(
        label=_("Read and write"),
        required=False,
        help_text=_("Otherwise the token only reads."),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Works for"),
        choices=TokenValidity.choices,
        coerce=int,
        initial=DEFAULT_VALIDITY,
        widget=forms.RadioSelect,
        help_text=_("Then the token is refused: make a new one before it ends."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["editions"].queryset = reachable_editions(user)  # type: ignore[attr-defined]
