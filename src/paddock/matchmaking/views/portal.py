"""The participant's recommendations, with their reasons in the reader's language."""

from functools import lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from paddock.core.markup import address_around_pk, escape
from paddock.events.models import Edition
from paddock.matchmaking.queries import ShownRecommendation, recommendations_for
from paddock.participants.enums import ParticipantRole
from paddock.participants.views.mixins import ValidatedParticipantMixin


class RecommendationListView(ValidatedParticipantMixin, TemplateView):
    template_name = "matchmaking/portal/recommendations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        language = "fr" if (get_language() or "en").startswith("fr") else "en"
        recommendations = recommendations_for(self.request.participant, language)
        context["recommendations"] = recommendations
        context["cards"] = _cards(recommendations, self.request.edition)
        return context


def _cards(recommendations: list[ShownRecommendation], edition: Edition) -> SafeString:
    """The recommendations' cards as HTML, written here rather than by a template (some 1,000
    calls a card, most of the page: issue 16), joined into one value rather than looped over
    by the template (some 25 calls a card). Values are escaped (by `core.markup.escape`, as
    Django's `escape` writes them); translations are left as the template tags leave them."""
    words = _card_words(get_language())
    roles = words["roles"]
    company = address_around_pk("participants-portal:company-detail", edition.slug)
    ask = address_around_pk("meetings-portal:request-create", edition.slug)
    cards = []
    for shown in recommendations:
        met = words["met"] % {"year": shown.met_in}
        reasons = "".join(f"<li>{escape(reason)}</li>" for reason in shown.reasons)
        cards.append(
            '\n<article class="card recommendation">'
            f'\n  <h2><a href="{company[0]}{shown.company_id}{company[1]}">'
            f"{escape(shown.company)}</a></h2>"
            f"\n  <p>{escape(shown.name)} · {roles[shown.role]}</p>"
            f"\n  <ul>{reasons}</ul>\n  "
            + (f'<p><span class="badge">{met}</span></p>' if shown.met_in else "")
            + "\n  "
            + (
                f'<p><span class="badge registered">{words["interpreter"]}</span></p>'
                if shown.interpreter_needed
                else ""
            )
            + "\n  \n  "
            f'<p><a class="button" href="{ask[0]}{shown.other_id}{ask[1]}">'
            f"{words['request']}</a></p>"
            "\n</article>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value is escaped


@lru_cache(maxsize=16)
def _card_words(language: str | None) -> dict[str, Any]:
    """The cards' fixed words in `language` (the active one, passed as part of the key only),
    translated once per process; the roles escaped."""
    return {
        "met": _("You met in %(year)s"),
        "interpreter": _("Interpreter needed"),
        "request": _("Request a meeting"),
        "roles": {code: escape(str(label)) for code, label in ParticipantRole.choices},
    }
