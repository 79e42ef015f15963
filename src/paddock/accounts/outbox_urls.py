"""The edition's Emails page, under orga/e/<edition>/emails/."""

from django.urls import path

from paddock.accounts.outbox_views import MailPageView, MailSendAgainView

app_name = "mail"

base = "e/<slug:edition>/emails/"

urlpatterns = [
    path(base, MailPageView.as_view(), name="page"),
    path(f"{base}send-again/", MailSendAgainView.as_view(), name="send-again"),
]
