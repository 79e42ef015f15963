"""The admin site's Organiser, Edition and account pages, saved as a site administrator's
browser saves them."""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from tests import factories


class FormFields(HTMLParser):
    """What a browser sends for the page's main form: each named input's value (checked
    boxes only), each select's selected options and each textarea's text."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in {"submit", "button"}:
            if attributes.get("type") in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.data.setdefault(name, []).append(attributes.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.data.setdefault(self._select, []).append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data


def give_role_on_the_edition_page(edition, person, role):
    """The admin site's Edition page saved by a superuser, its roles with one more row:
    the page's status and the errors of its roles."""
    client = Client()
    client.force_login(factories.make_user(is_superuser=True, is_staff=True))
    url = reverse("admin:events_edition_change", args=[edition.pk])
    fields = FormFields()
    fields.feed(client.get(url).content.decode())
    data = fields.data
    prefix = "memberships"
    rows = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(rows + 1)]
    data[f"{prefix}-{rows}-user"] = [str(person.pk)]
    data[f"{prefix}-{rows}-role"] = [role]
    response = client.post(url, data)
    if response.status_code != 200:
        return response.status_code, []
    roles = [
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix
    ]
    return response.status_code, list(roles[0].non_form_errors())


def save_members(organiser, *members):
    """The admin site's Organiser page saved by a superuser with these members: the page's
    status and its form's errors."""
    client = Client()
    client.force_login(factories.make_user(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:events_organiser_change", args=[organiser.pk]),
        {"name": organiser.name, "slug": organiser.slug, "members": [m.pk for m in members]},
    )
    form = response.context["adminform"].form if response.status_code == 200 else None
    return response.status_code, dict(form.errors) if form is not None else {}


def save_account(user, *, active=True, **changes):
    """The account's admin page, as it was shown, saved by a superuser with "Active" ticked or
    not and `changes`: the page's status."""
    client = Client()
    client.force_login(factories.make_user(is_superuser=True, is_staff=True))
    shown = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    if active:
        shown["is_active"] = "on"
    if user.last_login is not None:
        shown["last_login_0"] = user.last_login.strftime("%Y-%m-%d")
        shown["last_login_1"] = user.last_login.strftime("%H:%M:%S")
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), shown | changes)
    return response.status_code
