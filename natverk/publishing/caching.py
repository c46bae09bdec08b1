"""Public pages change only when the register does, so each is rendered once per change
and language. The ETag and Last-Modified come from the newest history entry of the public
data (one query); a browser that has the page gets 304 Not Modified, others get it from
the cache, and only a page not seen since the last change is rendered."""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from natverk.publishing.selectors import public_data_changed_at


def public_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    changed_at = public_data_changed_at()
    # The day counts too: pages list the meetings from today on.
    stamp = f"{changed_at.isoformat() if changed_at else '-'}|{timezone.localdate()}"
    # Signed-in visitors see a link to their networks in the header, so they get their
    # own copy of each page (one for all of them: nothing else on it is theirs).
    signed_in = request.user.is_authenticated
    key = hashlib.sha256(
        f"{settings.NATVERK_RELEASE}|{get_language()}|{signed_in}|{request.get_full_path()}|{stamp}".encode()
    ).hexdigest()
    etag = f'"{key[:40]}"'
    modified = int(changed_at.timestamp()) if changed_at else None
    # Revalidation by ETag only: the page also depends on the day, the release and
    # whether the visitor is signed in, which a date cannot say; and a page that does
    # not exist has no ETag to match.
    # "*" asks whether the page exists at all, which only rendering can tell.
    if request.headers.get("If-None-Match", "").strip() == "*":
        response = None
    else:
        response = get_conditional_response(request, etag=etag)
    if response is None:
        cached = cache.get(f"page:{key}")
        if cached is not None:
            response = HttpResponse(cached, content_type="text/html; charset=utf-8")
        else:
            response = render()
            if response.status_code == 200:
                cache.set(f"page:{key}", response.content, settings.NATVERK_PAGE_CACHE_SECONDS)
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if modified is not None:
            response["Last-Modified"] = http_date(modified)
        patch_cache_control(response, public=True, no_cache=True)
    return response
