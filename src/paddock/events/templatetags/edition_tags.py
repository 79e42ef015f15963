"""What the edition's pages show to whom: `{% edition_nav edition %}` in orga_base.html shows
only the tabs whose pages the user may open.

The menu is written in Python rather than as template code (issue 16): its links and
labels depend only on the language, the URL prefix and the edition's slug, so they are written
once per process for each of those (`lru_cache`, keyed by all three); each page picks the tabs
of the person's roles, marks the current one and adds the edition's name and status.
"""

from functools import lru_cache
from typing import Any

from django import template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

from paddock.events import rules

register = template.Library()

EXACT, WITHIN = "exact", "within"  # current when the path is the tab's URL, or contains it
# Who sees the tab (a key of edition_tabs()), its URL name, its label, when it is current.
TABS = (
    ("participants", "events:edition-home", _("Overview"), EXACT),
    ("manage", "events:edition-update", _("Settings"), EXACT),
    ("manage", "events:room-list", _("Rooms and tables"), WITHIN),
    ("manage", "events:grid", _("Time grid"), WITHIN),
    ("manage", "events:protocol", _("Sanitary protocol"), EXACT),
    ("manage", "events:privacy", _("Privacy notice"), EXACT),
    ("manage", "privacy:erasure-list", _("Erasure requests"), WITHIN),
    ("manage", "webhooks:endpoint-list", _("Webhooks"), WITHIN),
    # The page that the messages after a bulk action name ("the Emails page shows which left").
    ("manage", "mail:page", _("Emails"), WITHIN),
    ("team", "events:team", _("Team"), WITHIN),
    ("participants", "participants:participant-list", _("Participants"), WITHIN),
    ("participants", "meetings:request-list", _("Meeting requests"), WITHIN),
    ("participants", "outcomes:outcome-list", _("Outcomes"), WITHIN),
    ("manage", "scheduling:run-list", _("Schedule"), WITHIN),
    ("participants", "scheduling:documents", _("Documents"), WITHIN),
    ("participants", "scheduling:live", _("Live"), WITHIN),
    ("participants", "exchange:exports", _("Exports"), WITHIN),
    ("participants", "reports:edition", _("Reports"), WITHIN),
    ("participants", "visits:zone-list", _("Visits"), WITHIN),
    ("host_only", "visits:host", _("My visits"), WITHIN),
    ("desk", "checkin:desk", _("Check-in"), WITHIN),
)


@register.simple_tag(takes_context=True)
def edition_tabs(context: Any, edition: Any) -> dict[str, bool]:
    """The same predicates as the pages' own permission checks (cached per request)."""
    user = context["request"].user
    can = {
        "manage": rules.can_manage_edition(user, edition),
        "team": rules.can_manage_team(user, edition),
        "participants": rules.can_manage_participants(user, edition),
        "desk": rules.is_checkin_agent(user, edition),
        "host": rules.is_zone_host(user, edition),
    }
    can["host_only"] = can["host"] and not can["participants"]  # their own visits' page
    return can


@lru_cache(maxsize=256)
def _tab_links(
    slug: str, language: str, prefix: str, urlconf: Any
) -> tuple[tuple[str, str, str, str, str], ...]:
    """Per tab: who sees it, when it is current, its URL, its link, its link as the current
    page; escaped, in `language` (the active one)."""
    links = []
    for who, name, label, current in TABS:
        try:
            url = reverse(name, args=[slug])
        except NoReverseMatch:  # as `{% url ... as var %}`: no link
            continue
        href, text = conditional_escape(url), conditional_escape(gettext(label))
        links.append(
            (
                who,
                current,
                url,
                f'\n  <a href="{href}">{text}</a>',
                f'\n  <a href="{href}" aria-current="page">{text}</a>',
            )
        )
    return tuple(links)


def _is_current(path: str, url: str, current: str) -> bool:
    return path == url if current == EXACT else url in path


@register.simple_tag(takes_context=True)
def edition_nav(context: Any, edition: Any) -> SafeString:
    """The organiser's menu of `edition`: its name and status, the person's tabs."""
    can = edition_tabs(context, edition)
    path = context["request"].path
    links = _tab_links(edition.slug, get_language(), get_script_prefix(), get_urlconf())
    e = conditional_escape
    label = e(gettext("Edition"))
    return mark_safe(  # noqa: S308 (the links are escaped, and so is the edition's data)
        f'<nav class="edition-nav" aria-label="{label}">\n'
        f'  <span class="title">{e(edition.name)} <span class="badge {e(edition.status)}">'
        f"{e(edition.get_status_display())}</span></span>\n"
        '  <div class="tabs">'
        + "".join(
            (current_link if _is_current(path, url, current) else link)
            for who, current, url, link, current_link in links
            if can[who]
        )
        + "\n  </div>\n</nav>"
    )


@register.simple_tag(takes_context=True)
def way_back(context: Any) -> dict[str, Any]:
    """Where an error page sends the user: the page of the request's edition that they may
    open (overview, desk or portal), else the home page. `edition` is None for the latter."""
    request = context.get("request")
    edition = getattr(request, "edition", None)
    user = getattr(request, "user", None)
    if edition is not None and user is not None:
        if rules.can_manage_participants(user, edition):
            return {"url": reverse("events:edition-home", args=[edition.slug]), "edition": edition}
        if rules.is_checkin_agent(user, edition):
            return {"url": reverse("checkin:desk", args=[edition.slug]), "edition": edition}
        if user.is_authenticated and user.participations.filter(edition=edition).exists():
            url = reverse("participants-portal:home", args=[edition.slug])
            return {"url": url, "edition": edition}
    return {"url": reverse("core:home"), "edition": None}
