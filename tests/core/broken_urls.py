"""The project's URLs plus a page that fails, to see the 500 page through the whole stack."""

from django.urls import path

from paddock.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*project_urlpatterns, path("broken/", broken)]
