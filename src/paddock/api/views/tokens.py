"""The "API tokens" page: a person's own tokens, created (the secret shown once) and revoked."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from paddock.api import services
from paddock.api.forms import TokenForm
from paddock.api.queries import own_token_for, tokens_of
from paddock.events.queries import reader_zone


class TokenListView(LoginRequiredMixin, FormView):
    template_name = "api/tokens.html"
    form_class = TokenForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["tokens"] = tokens_of(self.request.user)
        kwargs["docs_url"] = reverse("api:openapi-view")
        kwargs["reader_zone"] = reader_zone(self.request.user)
        kwargs["keep_days"] = services.KEEP_DAYS
        warning_days = max(services.END_WARNING_DAYS)
        kwargs["warning_days"] = warning_days
        kwargs["ends_soon_by"] = timezone.now() + dt.timedelta(days=warning_days)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: TokenForm) -> HttpResponse:
        try:
            token, text = services.create_token(
                self.request.user,
                by=self.request.user,
                name=form.cleaned_data["name"],
                editions=form.cleaned_data["editions"],
                can_write=form.cleaned_data["can_write"],
                valid_days=form.cleaned_data["valid_days"],
            )
        except services.TokenError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        # Shown on this answer only: the secret is stored hashed and never shown again.
        fresh_form = self.get_form_class()(user=self.request.user)
        context = self.get_context_data(form=fresh_form, created=token, secret=text)
        return self.render_to_response(context)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = own_token_for(request.user, kwargs["pk"])
        services.revoke_token(token, by=request.user)
        messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("api-tokens:list"))
