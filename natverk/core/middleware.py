"""What every request and response goes through besides the views.

- Requests are refused before anything reads them when their body is larger than
  NATVERK_MAX_REQUEST_MB (a file too large for any upload is refused at its first bytes,
  not after it has been received), and when a field holds a NUL character, which no
  database column can store (except on the public pages, whose filter form says so
  itself): a page that says why, never a server error.
- Responses that say nothing about caching are private and not stored (the member area,
  exports, personal calendar feeds, answer links); public pages say so themselves. Every
  response tells the browser that the site uses no camera, microphone, location or other
  powerful feature (`Permissions-Policy`).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from natverk.core.views import healthz

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip


def _refused(request: HttpRequest, status: int, heading: str, explanation: str) -> HttpResponse:
    response = render(
        request, "core/refused.html", {"heading": heading, "explanation": explanation},
        status=status,
    )  # fmt: skip
    # No "Connection: close" here: WSGI leaves hop-by-hop headers to the server (the
    # development server answers 500 to a response that has one); the proxy's own
    # body limit (docs/deployment.md) keeps a large body from being read at all.
    return response


def _holds_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.NATVERK_MAX_REQUEST_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _refused(request, 400, _("The request could not be read"),
                            _("Its length is not a number."))  # fmt: skip
        if length > limit:
            return _refused(
                request,
                413,
                _("Too large"),
                _(
                    "What was sent is %(size).1f MB; at most %(limit)d MB can be sent at "
                    "once. A file can be at most 25 MB."
                )
                % {"size": length / 1024 / 1024, "limit": settings.NATVERK_MAX_REQUEST_MB},
            )
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs):
        # The public site's search form says itself what is wrong with what was typed.
        match = request.resolver_match
        forms_explain = match is not None and match.app_name == "publishing"
        if (not forms_explain and _holds_nul(request.GET)) or (
            request.method == "POST" and _holds_nul(request.POST)
        ):
            return _refused(
                request,
                400,
                _("The request could not be read"),
                _("It holds a character that cannot be stored (NUL). Remove it and try again."),
            )
        return None


class ProbeMiddleware:
    """`/healthz` answered before anything else looks at the request, so that a probe
    needs no particular Host header nor HTTPS: it says only that the process is up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
