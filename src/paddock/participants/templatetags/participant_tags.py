"""Template filters of the participant screens."""

from django import template

from paddock.events.enums import Language
from paddock.participants.text import with_ellipsis

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """'fr', 'en' -> 'French, English' in the active language; unknown codes shown as they are."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.filter
def cut_words(text: str, count: int) -> str:
    """The first `count` words, then a single "…": "aluminium…", never "aluminium, …"."""
    words = str(text).split()
    if len(words) <= count:
        return " ".join(words)
    return with_ellipsis(" ".join(words[:count]))
