"""The edition's Emails page (organisers only): how many of the mails of the outbox
(`accounts.outbox`) wait, left or failed, per kind and day, each failed address with its
reason, and sending failed ones again."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from paddock.accounts.outbox import (
    FAILED_SHOWN,
    failed_mails,
    mail_days,
    send_again,
    waiting_mail,
)
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules


def queued_message(count: int) -> str:
    """What a page says after an action whose `count` mails went to the outbox: queued, not
    sent."""
    return ngettext(
        "%(count)d email queued for sending: the Emails page shows when it left.",
        "%(count)d emails queued for sending: the Emails page shows which left.",
        count,
    ) % {"count": count}


class MailPageView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_edition
    template_name = "accounts/orga/mail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        failed = failed_mails(edition)
        context |= {"days": mail_days(edition), "failed": failed}
        context["waiting"] = waiting_mail(edition)
        context["max_attempts"] = settings.MAIL_MAX_ATTEMPTS
        context["failed_cut"] = len(failed) == FAILED_SHOWN
        return context


class MailSendAgainView(EditionPermissionMixin, View):
    """POST the ids of failed mails (`mail`): they wait again, for a new round of attempts."""

    permission = rules.can_manage_edition
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        ids = [
            int(value)
            for value in request.POST.getlist("mail")
            if value.isdigit() and len(value) < 19
        ]
        count, dead, unreachable = send_again(edition, ids, by=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d email queued to be sent again.",
                    "%(count)d emails queued to be sent again.",
                    count,
                )
                % {"count": count},
            )
        if dead:
            messages.warning(
                request,
                ngettext(
                    "%(count)d invitation was not sent again: its link no longer works "
                    "(expired, used or replaced by a newer one). Send a new invitation from "
                    "the participants list.",
                    "%(count)d invitations were not sent again: their links no longer work "
                    "(expired, used or replaced by newer ones). Send new invitations from "
                    "the participants list.",
                    dead,
                )
                % {"count": dead},
            )
        if unreachable:
            messages.warning(
                request,
                ngettext(
                    "%(count)d email was not sent again: its recipient's account has been "
                    "turned off or erased since.",
                    "%(count)d emails were not sent again: their recipients' accounts have "
                    "been turned off or erased since.",
                    unreachable,
                )
                % {"count": unreachable},
            )
        if not count and not dead and not unreachable:
            messages.warning(request, _("Tick the failed emails to send again."))
        return HttpResponseRedirect(reverse("mail:page", args=[edition.slug]))
