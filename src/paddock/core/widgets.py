"""Widgets drawn without a template per option, for the filters of pages under load."""

from html import escape
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A select whose options are written by Python, not by a template each: Django's own
    renders `select_option.html` per option, some fifty calls apiece, which is most of the
    cost of a filter form with a taxonomy or a list of countries. Same markup otherwise."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(name)}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(str(group_name))}">')
            parts.extend(
                f'<option value="{escape(_text(option["value"]))}"'
                f"{' selected' if option['selected'] else ''}>"
                f"{escape(str(option['label']))}</option>"
                for option in options
            )
            if group_name:
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
