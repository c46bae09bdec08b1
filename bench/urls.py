"""The site's addresses plus a minimal view to compare the pages with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, urlpatterns  # noqa: F401 - handler404 is used by Django


def minimal(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal/", minimal), *urlpatterns]
