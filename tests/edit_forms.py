"""Posting an edit form as a browser does: the values the page showed, the signed "as opened"
field with them (`core.opened`), and the user's changes on top."""

from typing import Any

from django import forms

from paddock.core.opened import OPENED_FIELD as OPENED


def page_data(form: forms.BaseForm) -> dict[str, Any]:
    """What the browser posts for `form` as rendered, without any change."""
    data: dict[str, Any] = {}
    for field in form:
        value, widget = field.value(), field.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(widget, forms.widgets.ChoiceWidget):
            chosen = widget.format_value(value)
            if widget.allow_multiple_selected:
                data[field.html_name] = chosen
            else:
                data[field.html_name] = chosen[0] if chosen else ""
        else:
            data[field.html_name] = widget.format_value(value) or ""
    return data


def opened_data(client: Any, url: str, *, form: str = "form") -> dict[str, Any]:
    """GET the page at `url`: what its form `form` (a context name) posts as opened."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return page_data(response.context[form])


def post_edit(client: Any, url: str, changes: dict[str, Any], *, form: str = "form") -> Any:
    """Open the page at `url` and post its form with `changes` on top of what it showed."""
    return client.post(url, {**opened_data(client, url, form=form), **changes})


def post_as_opened(
    client: Any,
    url: str,
    data: Any = None,
    *,
    form: str = "form",
    page: str | None = None,
    **extra: Any,
) -> Any:
    """Open the page at `url` (or `page`, when the form is shown on another page) and post
    `data` to `url` as its form, with the page's "as opened" field (nothing else from the
    page): a test that sends every field, as the browser does."""
    opened = opened_data(client, page or url, form=form).get(OPENED, None)
    sent = dict(data or {})
    if opened is not None:
        sent[OPENED] = opened
    return client.post(url, sent, **extra)
