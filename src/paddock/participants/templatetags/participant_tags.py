"""Template filters of the participant screens."""

from django import template
from django.utils.safestring import SafeString

from paddock.events.enums import language_labels
from paddock.participants.models import Participant
from paddock.participants.text import first_words
from paddock.participants.views.home import status_html

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """'fr', 'en' -> 'French, English' in the active language; unknown codes shown as they are."""
    labels = language_labels()
    return ", ".join(labels.get(code, code) for code in codes or [])


@register.filter
def cut_words(text: str, count: int) -> str:
    """The first `count` words, then a single "…": "aluminium…", never "aluminium, …"."""
    return first_words(text, count)


@register.filter
def status_paragraph(participant: Participant) -> SafeString:
    """The participant's status and what it means for them, as the portal home shows it."""
    return status_html(participant)
