"""Forms of the participant's profile editor and of the catalogue's filters."""

from functools import lru_cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from paddock.core.forms import Form, ModelForm, ModelMultipleChoiceField, set_choices
from paddock.core.opened import OpenedValuesMixin
from paddock.core.widgets import QuickSelect, QuickTextInput
from paddock.events.enums import Language
from paddock.events.models import Edition
from paddock.participants.enums import ParticipantRole, Sector
from paddock.participants.forms import CategoryChoiceField, WebsiteField
from paddock.participants.models import Category, Company, Need, Offer, Participant
from paddock.participants.queries import (
    categories_for_edition,
    edition_category_options,
    edition_countries,
)
from paddock.participants.validators import MAX_ATTACHMENT_BYTES, check_attachment


class CompanyDetailsForm(OpenedValuesMixin, ModelForm):
    website = WebsiteField()

    class Meta:
        model = Company
        fields = ["name", "country", "city", "sector", "size", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class PersonDetailsForm(OpenedValuesMixin, ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Participant
        fields = ["job_title", "phone", "languages", "role", "show_email", "show_phone"]
        fields += ["show_job_title"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.initial.setdefault("first_name", user.first_name)
        self.initial.setdefault("last_name", user.last_name)
        self.order_fields(["first_name", "last_name", *self.Meta.fields])


def load_capability_choices(
    field: CategoryChoiceField, edition: Edition, empty_label: str, *, as_values: bool = False
) -> None:
    """The items the edition may use as the field's choices (one query), with our own empty
    label; `as_values`: read as plain values, the chosen item when cleaned (the catalogue's
    filter, on every page of it)."""
    if as_values:
        groups = edition_category_options(edition)
        # The queryset is made only to read a chosen item (some 400 calls otherwise).
        field.load_options(lambda: categories_for_edition(edition), groups, empty_label=empty_label)
        return
    categories = categories_for_edition(edition)
    field.load_tree(categories)
    field.choices = [("", empty_label), *list(field.choices)[1:]]


class CapabilityForm(Form):
    """A new offer or need: a taxonomy item, words, or both."""

    category = CategoryChoiceField(label=_("Capability"), required=False)
    text = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Materials, sizes, quantities, tolerances, certifications: in your words."),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        load_capability_choices(self.fields["category"], edition, str(_("None: words only")))  # type: ignore[arg-type]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("category") and not (cleaned.get("text") or "").strip():
            raise ValidationError(_("Pick a capability, describe it in words, or both."))
        return cleaned


class CapabilityTextForm(OpenedValuesMixin, Form):
    """Changing an item's words; its capability stays (remove and add to change it). Every
    representative of the company may edit them: the words saved meanwhile by a colleague are
    kept, or the change is refused (`core.opened`)."""

    text = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, item: Offer | Need, kind: str, **kwargs: Any) -> None:
        # One form per item on the page: ids that differ (`text-offer-12`).
        kwargs.setdefault("auto_id", f"%s-{kind}-{item.pk}")
        super().__init__(*args, initial={"text": item.text}, **kwargs)
        self.item_key = (kind, item.pk)


class AttachmentForm(Form):
    file = forms.FileField(
        label=_("Drawing or specification"),
        help_text=_("PDF, PNG or JPEG, at most %(limit)d MB.")
        % {"limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_attachment(upload)
        return upload


class AvailabilityForm(OpenedValuesMixin, Form):
    """The slots when the participant cannot meet. Initial: the slots saved now. It keeps a
    change saved from another tab or device since the page was opened (`core.opened`)."""

    slots = ModelMultipleChoiceField(
        label=_("Slots when I am not available"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = edition.slots.all()  # type: ignore[attr-defined]


class CatalogueFilterForm(Form):
    """The catalogue's filters, read from the query string; a wrong value is ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=QuickTextInput(
            attrs={"type": "search", "placeholder": _("Company, capability, material…")}
        ),
    )
    # The choices are set by __init__, as text in the active language (`_fixed_choices`).
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=QuickSelect)
    capability = CategoryChoiceField(label=_("Capability"), required=False, widget=QuickSelect)
    role = forms.ChoiceField(label=_("Role"), required=False, widget=QuickSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=QuickSelect)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fixed = _fixed_choices(get_language())
        for name in ("sector", "role", "language"):
            set_choices(self.fields[name], fixed[name])  # type: ignore[arg-type]
        set_choices(
            self.fields["country"],  # type: ignore[arg-type]
            [fixed["country"][0], *edition_countries(edition)],
        )
        load_capability_choices(
            self.fields["capability"],  # type: ignore[arg-type]
            edition,
            fixed["capability"][0][1],
            as_values=True,
        )

    def filters(self) -> dict[str, Any]:
        """The valid filters, each '' (or None for the capability) when absent or wrong."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        cleaned = getattr(self, "cleaned_data", {})  # none for an unbound form
        values: dict[str, Any] = {name: cleaned.get(name) or "" for name in self.fields}
        capability = cleaned.get("capability")
        values["capability"] = capability if isinstance(capability, Category) else None
        values["search"] = values.pop("q")
        return values


@lru_cache(maxsize=16)
def _fixed_choices(language: str | None) -> dict[str, list[tuple[str, str]]]:
    """The catalogue filters' choices that do not depend on the edition, as text in
    `language` (the active one, passed as part of the key only): lazily translated labels
    cost some fifteen calls each time they are copied with the form's fields and written,
    on every page of the catalogue (issue 16). The lists are shared: not to be changed."""

    def texts(choices: list[tuple[str, Any]]) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in choices]

    return {
        "country": [("", pgettext("country", "All"))],
        "sector": texts([("", pgettext("sector", "All")), *Sector.choices]),
        "capability": [("", pgettext("capability", "All"))],
        "role": texts(
            [
                ("", pgettext("participant role", "All")),
                (ParticipantRole.BUYER, gettext("Buyers")),
                (ParticipantRole.SUPPLIER, gettext("Suppliers")),
            ]
        ),
        "language": texts([("", pgettext("language", "All")), *Language.choices]),
    }
