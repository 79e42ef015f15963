"""Template filters of the participant screens."""

from django import template

from paddock.events.enums import Language

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """'fr', 'en' -> 'French, English' in the active language; unknown codes shown as they are."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
