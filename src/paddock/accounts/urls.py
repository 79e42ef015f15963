from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from paddock.accounts.forms import EmailAuthenticationForm, PasswordResetForm
from paddock.accounts.mail_views import MailPreferencesView, UnsubscribeView
from paddock.accounts.views import (
    AfterLoginView,
    ResetPasswordConfirmView,
    SetPasswordView,
    ThrottledPasswordResetView,
)

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=EmailAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("welcome/", AfterLoginView.as_view(), name="after-login"),
    path("password/<token:token>/", SetPasswordView.as_view(), name="set-password"),
    path("emails/", MailPreferencesView.as_view(), name="mail-preferences"),
    path("unsubscribe/<str:token>/", UnsubscribeView.as_view(), name="unsubscribe"),
    path(
        "password-reset/",
        ThrottledPasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=PasswordResetForm,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        ResetPasswordConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
