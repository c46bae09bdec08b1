import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache

from natverk.core.health import health_check

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@cache_control(max_age=3600, public=True)
def theme_css(request):
    """The installation's accent colour as a style sheet, so pages need no inline style."""
    colour = settings.NATVERK_ACCENT_COLOUR
    if not HEX_COLOUR.match(colour):
        raise ImproperlyConfigured("NATVERK_ACCENT_COLOUR must look like #0b5394.")
    return HttpResponse(f":root {{ --accent: {colour}; }}\n", content_type="text/css")


@never_cache
def healthz(request):
    """The process is up (asks nothing of the database)."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """Whether the installation can serve: 200 if so, 503 with what is wrong if not."""
    health = health_check()
    return JsonResponse(health.as_json(), status=200 if health.ready else 503)
