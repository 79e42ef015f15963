"""The edition's privacy notice: the organiser's versions and the public page."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from paddock.events import services
from paddock.events.forms import PrivacyNoticeForm
from paddock.events.privacy import consent_text, latest_privacy_notice, privacy_notices_of
from paddock.events.views.common import OrganiserFormView


class PrivacyNoticeView(OrganiserFormView):
    """The form for a new version, prefilled with the one in force, and the earlier ones."""

    template_name = "events/orga/privacy.html"
    form_class = PrivacyNoticeForm
    success_message = gettext_lazy("Privacy notice saved. New registrations accept this version.")

    def get_initial(self) -> dict[str, Any]:
        latest = latest_privacy_notice(self.request.edition)  # type: ignore[attr-defined]
        if latest is None:
            return {}
        return {"text_en": latest.text_en, "text_fr": latest.text_fr}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        context["notices"] = privacy_notices_of(edition)
        context["default_text"] = consent_text(edition).text
        return context

    def perform(self, form: PrivacyNoticeForm) -> str:
        services.change_privacy_notice(
            self.request.edition,  # type: ignore[attr-defined]
            by=self.request.user,
            **form.cleaned_data,
        )
        return reverse("events:privacy", args=[self.request.edition.slug])  # type: ignore[attr-defined]


class PublicPrivacyNoticeView(TemplateView):
    """The privacy notice in force, in the visitor's language, for anyone."""

    template_name = "events/public/privacy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        edition = self.request.edition  # type: ignore[attr-defined]
        # The URL's `edition` keyword is the slug: the context carries the edition itself.
        kwargs["edition"] = edition
        return super().get_context_data(consent=consent_text(edition), **kwargs)
