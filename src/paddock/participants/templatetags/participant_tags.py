"""Template filters of the participant screens."""

import functools

from django import template
from django.utils.translation import get_language

from paddock.events.enums import Language
from paddock.participants.text import first_words

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """'fr', 'en' -> 'French, English' in the active language; unknown codes shown as they are."""
    labels = _language_labels(get_language())
    return ", ".join(labels.get(code, code) for code in codes or [])


@functools.cache
def _language_labels(language: str | None) -> dict[str, str]:
    """The languages' names in `language` (the active one, which the call depends on): a list
    of fifty rows asks for them fifty times."""
    return {code: str(label) for code, label in Language.choices}


@register.filter
def cut_words(text: str, count: int) -> str:
    """The first `count` words, then a single "…": "aluminium…", never "aluminium, …"."""
    return first_words(text, count)
