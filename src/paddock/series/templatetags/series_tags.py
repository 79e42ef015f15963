"""Template tags of the series' memory used on other apps' pages."""

from typing import Any

from django import template

from paddock.series import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def can_invite_from_past(context: dict[str, Any]) -> bool:
    """Whether the page's user may open "Invite people from an earlier edition" for the
    page's edition (`rules.can_invite_from_past_editions`): the invitation pages link to it
    for them only."""
    request = context["request"]
    return rules.can_invite_from_past_editions(request.user, request.edition)
