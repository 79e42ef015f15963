"""Forms of the organiser's participant and taxonomy screens."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from paddock.accounts.models import EMAIL_MAX_LENGTH
from paddock.core.forms import Form, ModelMultipleChoiceField, set_choices
from paddock.core.opened import OpenedValuesMixin
from paddock.core.widgets import QuickSelect, QuickTextInput
from paddock.events.enums import Language
from paddock.events.models import Edition, Organiser
from paddock.participants.enums import CategoryKind, ParticipantRole, ParticipantStatus, Sector
from paddock.participants.models import Category, Participant
from paddock.participants.organisations import organisations_matching
from paddock.participants.queries import (
    categories_for_user,
    category_options,
    category_tree,
    companies_of,
    edition_countries,
    flat_tree,
)


class WebsiteField(forms.URLField):
    """A web address that may be typed without https://, which is then added.

    A plain text box: the browser's URL box would refuse "fusilab.example" before sending it.
    """

    widget = forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Website"))
        kwargs.setdefault("max_length", 200)
        super().__init__(assume_scheme="https", required=False, **kwargs)


def country_choices() -> list[tuple[str, str]]:
    """Every country, named and sorted in the active language. Forms take the function,
    not its result, so the list follows the reader's language rather than the one at import."""
    return [("", "---------"), *countries]


class ParticipantFilterForm(Form):
    """The list's filters, read from the query string; an invalid value is ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=QuickTextInput(attrs={"type": "search", "placeholder": _("Name, email or company")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("participant status", "All")), *ParticipantStatus.choices],
        widget=QuickSelect,
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", pgettext_lazy("participant role", "All")), *ParticipantRole.choices],
        widget=QuickSelect,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", pgettext_lazy("country", "All")),
            *edition_countries(edition),
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters, each '' when absent or wrong."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class BulkValidateForm(Form):
    participants = ModelMultipleChoiceField(
        queryset=Participant.objects.none(),
        error_messages={"required": _("Select at least one participant to validate.")},
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = edition.participants.all()  # type: ignore[attr-defined]


class WithdrawalForm(Form):
    """The organiser's confirmation of a participant's withdrawal, with an optional note."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seen by the organisers, on the participant's page, and by the person in the "
            "download of their data."
        ),
    )


class ParticipantAddForm(Form):
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=None,
        required=False,
        empty_label=_("A new company (fill in below)"),
    )
    new_company_name = forms.CharField(label=_("New company: name"), max_length=200, required=False)
    new_company_country = forms.ChoiceField(
        label=_("New company: country"),
        required=False,
        choices=country_choices,
    )
    new_company_sector = forms.ChoiceField(
        label=_("New company: sector"),
        required=False,
        choices=[("", "---------"), *Sector.choices],
    )
    organisation = forms.ChoiceField(
        label=_("Returning organisation"),
        required=False,
        choices=[],
        widget=forms.HiddenInput,
        help_text=_("The organisation of your directory the new company is."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies_of(edition)  # type: ignore[attr-defined]
        name = self.data.get("new_company_name", "") if self.is_bound else ""
        self.matches = organisations_matching(edition.series.organiser, name) if name else []
        if self.matches:
            field = self.fields["organisation"]
            field.choices = [  # type: ignore[attr-defined]
                *((str(o.pk), o.name) for o in self.matches),
                ("new", _("A new organisation")),
            ]
            field.widget = forms.Select(choices=field.choices)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new_fields = ["new_company_name", "new_company_country", "new_company_sector"]
        if cleaned.get("company") is not None:
            if cleaned.get("new_company_name"):
                self.add_error(
                    "new_company_name",
                    _("Either pick an existing company or name a new one, not both."),
                )
            return cleaned
        if "company" in self.errors:
            return cleaned
        for name in new_fields:
            if not cleaned.get(name):
                self.add_error(name, _("Required for a new company."))
        if self.matches and not cleaned.get("organisation"):
            self.add_error(
                "organisation",
                _(
                    "%(name)s may be the returning organisation %(organisation)s: link the new "
                    "company to it, or choose a new organisation."
                )
                % {"name": cleaned.get("new_company_name"), "organisation": self.matches[0].name},
            )
        return cleaned

    def company_fields(self) -> dict[str, str] | None:
        """The new company's fields, or None when an existing one was picked."""
        if self.cleaned_data["company"] is not None:
            return None
        chosen = self.cleaned_data.get("organisation") or ""
        linked = [o for o in self.matches if str(o.pk) == chosen]
        return {
            "name": self.cleaned_data["new_company_name"],
            "country": self.cleaned_data["new_company_country"],
            "sector": self.cleaned_data["new_company_sector"],
            "organisation": linked[0] if linked else None,
            "new_organisation": chosen == "new",
        }

    def participant_fields(self) -> dict[str, Any]:
        names = ["email", "first_name", "last_name", "job_title", "role", "languages"]
        return {name: self.cleaned_data[name] for name in names}


class CategoryChoiceField(forms.ChoiceField):
    """A taxonomy item picked from the tree, grouped by kind and indented by depth."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.by_id: dict[str, Category] = {}

    def load_tree(self, categories: QuerySet[Category]) -> None:
        """One query for the tree of these items; call it once per form."""
        groups = []
        for group, items in flat_tree(category_tree(categories)):
            options = []
            for item in items:
                self.by_id[str(item.pk)] = item
                options.append((str(item.pk), "— " * item.depth + item.label))  # type: ignore[attr-defined]
            groups.append((group.label, options))
        self.choices = [("", _("None (top-level item)")), *groups]

    def load_options(
        self,
        categories: QuerySet[Category] | Callable[[], QuerySet[Category]],
        groups: list[tuple[str, list[tuple[str, str]]]] | None = None,
        *,
        empty_label: Any = None,
    ) -> None:
        """As `load_tree`, from plain values (`groups`, when read already, are
        `category_options(categories)`): the chosen item is read when the form is cleaned
        (one query, only when one is chosen). `groups` are set as they are (`set_choices`).
        `categories` may be a function that makes the queryset, called only then (with
        `groups` given)."""
        self.categories: QuerySet[Category] | Callable[[], QuerySet[Category]] | None = categories
        if groups is None:
            groups = category_options(categories() if callable(categories) else categories)
        label = _("None (top-level item)") if empty_label is None else empty_label
        set_choices(self, [("", label), *groups])

    def clean(self, value: Any) -> Category | None:  # type: ignore[override]
        value = super().clean(value)
        categories = getattr(self, "categories", None)
        if value and value not in self.by_id and categories is not None:
            if callable(categories):
                categories = categories()
            self.by_id[value] = categories.select_related("organiser").get(pk=value)
        return self.by_id[value] if value else None


class CategoryForm(Form):
    """Adding an item: its code is set once, since imports and matchmaking refer to it.

    A site administrator adds items shared by all organisers or one organiser's; anyone else
    adds items of one of their organisers.
    """

    organiser = forms.ModelChoiceField(
        label=_("Organiser"),
        queryset=Organiser.objects.none(),
        required=False,
        empty_label=_("None: shared by all organisers"),
        help_text=_("An organiser's own items are seen and used only in its editions."),
    )
    parent = CategoryChoiceField(label=_("Parent"), required=False)
    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, unique, never changed afterwards."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", "---------"), *CategoryKind.choices],
        help_text=_("Needed for a top-level item; a sub-item takes its parent's kind."),
    )
    label_en = forms.CharField(label=_("Label in English"), max_length=150)
    label_fr = forms.CharField(label=_("Label in French"), max_length=150)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].load_tree(categories_for_user(user))  # type: ignore[attr-defined]
        organiser = self.fields["organiser"]
        if user.is_superuser:
            organiser.queryset = Organiser.objects.all()  # type: ignore[attr-defined]
        else:
            organiser.queryset = user.organisers.all()  # type: ignore[attr-defined]
            organiser.required, organiser.empty_label = True, None  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "parent" in cleaned and cleaned["parent"] is None and not cleaned.get("kind"):
            self.add_error("kind", _("Choose a kind for a top-level item."))
        return cleaned


class CategoryUpdateForm(OpenedValuesMixin, CategoryForm):
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        help_text=_("Items are listed by position among their siblings, then by label."),
    )

    field_order = ["parent", "kind", "label_en", "label_fr", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"], self.fields["organiser"]  # both are set once
