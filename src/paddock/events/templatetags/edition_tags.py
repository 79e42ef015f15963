"""What the edition's pages show to whom: `{% edition_tabs edition as can %}` in orga_base.html
hides the tabs whose pages the user may not open."""

from typing import Any

from django import template
from django.urls import reverse

from paddock.events import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_tabs(context: Any, edition: Any) -> dict[str, bool]:
    """The same predicates as the pages' own permission checks (cached per request)."""
    user = context["request"].user
    return {
        "manage": rules.can_manage_edition(user, edition),
        "team": rules.can_manage_team(user, edition),
        "participants": rules.can_manage_participants(user, edition),
        "desk": rules.is_checkin_agent(user, edition),
        "host": rules.is_zone_host(user, edition),
    }


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
