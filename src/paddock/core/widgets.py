"""Widgets drawn without a template per option, for the filters of pages under load."""

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A select whose options are written by Python, not by a template each: Django's own
    renders `select_option.html` per option, some fifty calls apiece, which is most of the
    cost of a filter form with a taxonomy or a list of countries. Same markup otherwise."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(name)}"{flatatt(widget["attrs"])}>']
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


def _text(value: Any) -> str:
    return "" if value is None else str(value)
