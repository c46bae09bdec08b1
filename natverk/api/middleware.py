"""The open API's own handling of every request under /api/.

Cross-origin reading of the open API: any site's scripts may GET it, none may send
credentials (there are none to send). A browser's preflight (OPTIONS with
Access-Control-Request-Method) is answered here, before any view."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"


class OpenApiCorsMiddleware:
    prefix = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response


class ApiLanguageMiddleware:
    """The API speaks the client's language (Accept-Language), Swedish by default: its
    addresses have no language prefix, which the site's pages use instead. After
    LocaleMiddleware, which would otherwise settle every unprefixed address on Swedish."""

    prefix = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
