"""Unsubscribing from non-essential emails by their signed link, and the email preferences."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from paddock.accounts import services
from paddock.accounts.enums import MailKind
from paddock.accounts.forms import MailPreferencesForm

ALL = "all"


# Mail clients unsubscribe by a POST without a CSRF token (RFC 8058): the signed link is the
# proof, and all it can do is stop emails.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """GET asks which emails to stop, so that mail scanners that open links change nothing;
    POST stops that kind (or all non-essential emails with `scope=all`), without login."""

    template_name = "accounts/unsubscribe.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.user, self.kind = services.unsubscribe_link_owner(kwargs["token"])
        except services.UnsubscribeError as error:
            return render(request, self.template_name, {"message": error.message}, status=404)
        return super().dispatch(request, *args, **kwargs)

    def _page(self, **context: Any) -> HttpResponse:
        context.update(email=self.user.email, kind=self.kind, all=ALL)
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        everything = request.POST.get("scope") == ALL
        kinds = MailKind.values if everything else [self.kind]
        services.unsubscribe(self.user, by=self.user, kinds=kinds)
        return self._page(done=True, everything=everything)


class MailPreferencesView(LoginRequiredMixin, FormView):
    """The non-essential emails the person receives; they may opt in again here."""

    template_name = "accounts/mail_preferences.html"
    form_class = MailPreferencesForm

    def get_initial(self) -> dict[str, Any]:
        opt_outs = self.request.user.mail_opt_outs  # type: ignore[union-attr]
        return {"wanted": [kind for kind in MailKind.values if kind not in opt_outs]}

    def form_valid(self, form: MailPreferencesForm) -> HttpResponse:
        user = self.request.user
        services.set_mail_opt_outs(user, by=user, opt_outs=form.opt_outs())  # type: ignore[arg-type]
        messages.success(self.request, _("Your email preferences are saved."))
        return HttpResponseRedirect(reverse("accounts:mail-preferences"))
