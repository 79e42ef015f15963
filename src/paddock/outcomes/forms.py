"""Short forms of one side's answers: phone first, a few taps."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form
from paddock.matchmaking.enums import RepeatPairs
from paddock.outcomes.enums import FollowUpAnswer, NextStep, ValueBand

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
INTEREST = [(str(n), str(n)) for n in range(1, 6)]
NO_BAND = [("", _("Not said"))]


def _yes(value: str) -> bool:
    return value == "yes"


def _number_or_none(value: str) -> int | None:
    return int(value) if value else None


class OutcomeForm(Form):
    took_place = forms.TypedChoiceField(
        label=_("Did the meeting take place?"),
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    interest = forms.TypedChoiceField(
        label=_("Interest, from 1 (none) to 5 (very strong)"),
        choices=INTEREST,
        coerce=_number_or_none,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    next_step = forms.ChoiceField(
        label=_("Next step"),
        choices=NextStep.choices,
        initial=NextStep.NONE,
        widget=forms.RadioSelect,
    )
    value_band = forms.ChoiceField(
        label=_("Value at stake (optional)"),
        choices=NO_BAND + list(ValueBand.choices),
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment for the organisers (optional)"),
        help_text=_("Only the organisers read it; the other side never does."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("took_place") and data.get("interest") is None and "interest" in data:
            self.add_error("interest", _("Say how interesting the meeting was."))
        return data


def initial_from(outcome: Any) -> dict[str, Any]:
    """The form's initial values from a stored answer."""
    if outcome is None:
        return {}
    return {
        "took_place": "yes" if outcome.took_place else "no",
        "interest": str(outcome.interest or ""),
        "next_step": outcome.next_step,
        "value_band": outcome.value_band,
        "comment": outcome.comment,
    }


class FollowUpForm(Form):
    answer = forms.ChoiceField(
        label=_("Did it lead to business?"),
        choices=FollowUpAnswer.choices,
        widget=forms.RadioSelect,
    )
    value_band = forms.ChoiceField(
        label=_("Value (when it did)"),
        choices=NO_BAND + list(ValueBand.choices),
        required=False,
    )


class OutcomeFilterForm(Form):
    disagreeing = forms.BooleanField(label=_("Only where the sides disagree"), required=False)


class RepeatPairsForm(Form):
    repeat_pairs = forms.ChoiceField(
        label=_("In recommendations, people who met in an earlier edition"),
        choices=RepeatPairs.choices,
        widget=forms.RadioSelect,
    )
