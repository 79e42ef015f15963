"""Widgets drawn without a template per option, for the filters of pages under load."""

from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe

from paddock.core.markup import escape


class QuickSelect(forms.Select):
    """A select whose options are written by Python, not by a template each: Django's own
    renders `select_option.html` per option, some fifty calls apiece, which is most of the
    cost of a filter form with a taxonomy or a list of countries. Same markup otherwise."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Written from the choices, not from `get_context`, whose `optgroups` builds a dict
        # per option (`create_option`, some thirty calls apiece): the same selection rule
        # (the first option whose value is the value, unless several may be selected).
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = self.format_value(value)
        several = self.allow_multiple_selected
        has_selected = False
        parts = [f'<select name="{escape(name)}"{_attributes(attrs)}>']
        for choice_value, group_label in self.choices:
            group_value = "" if choice_value is None else choice_value
            grouped = isinstance(group_label, (list, tuple))
            if grouped and group_value:
                parts.append(f'<optgroup label="{escape(str(group_value))}">')
            for option_value, label in group_label if grouped else [(group_value, group_label)]:
                selected = (several or not has_selected) and str(option_value) in values
                has_selected |= selected
                parts.append(
                    f'<option value="{escape(_text(option_value))}"'
                    f"{' selected' if selected else ''}>{escape(str(label))}</option>"
                )
            if grouped and group_value:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped


class QuickTextInput(forms.TextInput):
    """A text input written by Python rather than by three templates (`input.html`,
    `attrs.html`), some 1,400 Python calls on the check-in desk's every scan. Same markup."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
        html = f'<input type="{escape(widget["type"])}" name="{escape(name)}"{shown}'
        return mark_safe(f"{html}{_attributes(widget['attrs'])}>")  # noqa: S308 - escaped


def _attributes(attrs: dict[str, Any]) -> str:
    """The attributes as Django's `attrs.html` writes them: in their order, True as a bare
    name, False left out (`flatatt` puts the bare names last)."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)
