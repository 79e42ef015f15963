"""The web pages of a person's API tokens, under /accounts/api-tokens/."""

from django.urls import path

from paddock.api.views.tokens import TokenListView, TokenRevokeView

app_name = "api-tokens"

urlpatterns = [
    path("", TokenListView.as_view(), name="list"),
    path("<int:pk>/revoke/", TokenRevokeView.as_view(), name="revoke"),
]
