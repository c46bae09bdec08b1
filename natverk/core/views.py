from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from natverk.core.health import health_check
from natverk.core.selectors import site_identity, site_logo

# The logo is shown by <img>, which never runs an SVG's script; asked for by its own
# address it is still served so that nothing in it can run or load anything.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

# Pages that are not public, for robots that follow robots.txt.
PRIVATE_PREFIXES = ["admin/", "konto/", "mina-natverk/", "svar/"]


@cache_control(max_age=3600, public=True)
def theme_css(request):
    """The installation's accent colour as a style sheet, so pages need no inline style
    (the colour is checked when it is saved)."""
    colour = site_identity().accent_colour
    return HttpResponse(f":root {{ --accent: {colour}; }}\n", content_type="text/css")


@cache_control(max_age=3600, public=True)
def logo(request):
    """The uploaded logo, or 404."""
    content, kind = site_logo()
    if not content:
        return HttpResponseNotFound("", content_type="text/plain")
    response = HttpResponse(content, content_type=kind)
    response["Content-Security-Policy"] = LOGO_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="{colour}"/>'
    '<circle cx="10" cy="11" r="4" fill="#fff"/><circle cx="22" cy="11" r="4" fill="#fff"/>'
    '<circle cx="16" cy="22" r="4" fill="#fff"/>'
    '<path d="M10 11L22 11L16 22Z" fill="none" stroke="#fff" stroke-width="2"/></svg>'
)


@cache_control(max_age=3600, public=True)
def favicon(request):
    """The logo when there is one, else a small mark in the accent colour."""
    content, kind = site_logo()
    if not content:
        content = FAVICON.format(colour=site_identity().accent_colour).encode()
        kind = "image/svg+xml"
    response = HttpResponse(content, content_type=kind)
    response["Content-Security-Policy"] = LOGO_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Robots may read the public pages and are told where the sitemap is."""
    lines = ["User-agent: *"]
    for prefix in ("/", "/en/"):
        lines += [f"Disallow: {prefix}{path}" for path in PRIVATE_PREFIXES]
    lines.append(f"Sitemap: {site_identity().site_url}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """The process is up (asks nothing of the database)."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """Whether the installation can serve: 200 if so, 503 with what is wrong if not."""
    health = health_check()
    return JsonResponse(health.as_json(), status=200 if health.ready else 503)
