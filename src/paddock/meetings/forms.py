from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form
from paddock.events.models import Edition
from paddock.meetings.enums import RequestPriority, RequestStatus
from paddock.meetings.queries import validated_participants

MESSAGE_MAX = 2000


class RequestForm(Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you would like to talk about: a part, a process, a project."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=RequestPriority.choices,
        initial=RequestPriority.SHOULD,
        widget=forms.RadioSelect,
        help_text=_("The schedule places your most wanted meetings first."),
    )


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the requester, e.g. “We do not machine titanium.”"),
    )


class SuggestForm(Form):
    first = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    second = forms.ModelChoiceField(label=_("Suggested to meet"), queryset=None)
    message = forms.CharField(
        label=_("Message to both"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    arrange = forms.BooleanField(
        label=_("Set up the meeting directly"),
        required=False,
        help_text=_("No answer needed: the meeting goes straight into both agendas."),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participants = validated_participants(edition)
        for name in ("first", "second"):
            self.fields[name].queryset = participants
            self.fields[name].label_from_instance = _participant_label


def _participant_label(participant: Any) -> str:
    return f"{participant.company.name} – {participant.user}"


class RequestFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RequestStatus.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": "", "q": ""}
        return {"status": self.cleaned_data["status"], "q": self.cleaned_data["q"].strip()}
