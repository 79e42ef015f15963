"""The check-in desk's form, written in Python: as template code (its fields' labels, errors
and help texts, five `{% translate %}`) it cost some 1,500 Python calls a scan (issue 16).
The widgets are still Django's (`BoundField`: ids, aria attributes). Every value is escaped;
translations are not, as the template tags leave them."""

from functools import lru_cache
from typing import Any

from django.forms import BoundField, Form
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from paddock.core.markup import escape


def desk_form(request: HttpRequest, form: Form, people: Any, *, token: str) -> SafeString:
    """The `<form>` of the desk page: place, health pass (when asked), code, the buttons, and
    the people a typed name matched (`people`), as `checkin/desk/desk.html` wrote it, with the
    page's CSRF `token`."""
    words = _words(get_language())
    errors = form.non_field_errors()
    listed = "".join(f"<li>{escape(str(error))}</li>" for error in errors)
    code, place = form["code"], form["place"]
    return SafeString(
        '<form method="post" id="desk-form" class="stacked card desk" novalidate>'
        '<input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{escape(token)}">\n  '
        + (f'<ul class="errorlist">{listed}</ul>' if errors else "")
        + f'\n  <div class="field{_has_error(place)}">'
        f'\n    <label for="{escape(place.id_for_label)}">{escape(str(place.label))}</label>'
        f"\n    {place}{_errors(place)}\n  </div>\n  "
        + _health_pass(form)
        + f'\n  <div class="field{_has_error(code)}">'
        f'\n    <label for="{escape(code.id_for_label)}">{escape(str(code.label))}</label>'
        f"\n    {code}{_errors(code)}"
        f'\n    <span class="helptext">{escape(str(code.help_text))}</span>'
        f"\n    {_errors(form['participant'])}\n  </div>"
        '\n  <div class="actions">'
        f'\n    <button type="submit" class="button">{words["check_in"]}</button>'
        '\n    <button type="button" class="button secondary" id="scan-button" hidden'
        f'\n      data-code-field="{escape(code.id_for_label)}" data-video="scan-video"'
        f'\n      data-camera-error="{words["camera_error"]}">{words["scan"]}</button>\n  </div>'
        '\n  <video id="scan-video" class="scan-video" hidden muted playsinline></video>'
        '\n  <p id="scan-error" class="message error" hidden></p>'
        f'\n  <div id="search-results" aria-live="polite">{_results(request, people)}</div>'
        "\n</form>"
    )


def _has_error(field: BoundField) -> str:
    return " has-error" if field.errors else ""


def _errors(field: BoundField) -> str:
    # An empty list renders its template to write nothing.
    return str(field.errors) if field.errors else ""


def _health_pass(form: Form) -> str:
    """The health pass box, when the protocol asks for it at the entrance."""
    if "health_pass_checked" not in form.fields:
        return ""
    field = form["health_pass_checked"]
    return (
        f'\n  <div class="field checkbox{_has_error(field)}">'
        f"\n    <label>{field} {escape(str(field.label))}</label>"
        f'\n    <span class="helptext">{escape(str(field.help_text))}</span>\n  </div>\n  '
    )


def _results(request: HttpRequest, people: Any) -> str:
    """The people a typed name matched, by the search's own template; otherwise what that
    template writes without them (its last line's end)."""
    if not people:
        return "\n"
    return render_to_string("checkin/desk/_results.html", {"people": people}, request)


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The form's words in `language` (the active one; part of the key only)."""
    return {
        "check_in": _("Check in"),
        "scan": _("Scan with the camera"),
        "camera_error": _("The camera could not be opened."),
    }
