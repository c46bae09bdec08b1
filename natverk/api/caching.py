"""Revalidation of the open data. Every answer is made from the public register as it
stands and the day (which memberships are current depends on it), so its ETag is a hash
of the newest history entry of the public data (one query), the day, the release, the
language, the host and the address; Last-Modified is the later of that entry and the
start of the day. A client that has the answer gets 304 Not Modified. Big answers (the
Popolo export, the downloads) are kept in the cache under their ETag, so each is made
once per change."""

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from natverk.publishing.selectors import public_data_changed_at


def _validators(request: HttpRequest) -> tuple[str, datetime.datetime]:
    changed_at = public_data_changed_at()
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    stamp = "|".join(
        [
            settings.NATVERK_RELEASE,
            changed_at.isoformat() if changed_at else "-",
            today.isoformat(),
            get_language() or "",
            request.get_host(),
            request.get_full_path(),
        ]
    )
    modified = max(changed_at, midnight) if changed_at else midnight
    return f'"{hashlib.sha256(stamp.encode()).hexdigest()[:40]}"', modified


def _stamped(response: HttpResponseBase, etag: str, modified: datetime.datetime):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(int(modified.timestamp()))
    patch_cache_control(response, public=True, no_cache=True)
    return response


def conditional(
    request: HttpRequest, build: Callable[[str], HttpResponseBase], *, always_exists: bool = True
) -> HttpResponseBase:
    """`build(etag)`'s answer, or 304 if the client has it. When the address `always_exists`
    (a list), the check comes first and a revalidated request builds nothing; a single
    object is built first, so that one that does not exist is a 404, never a 304."""
    etag, modified = _validators(request)
    # "*" asks whether the resource exists at all, which only building can tell.
    wildcard = request.headers.get("If-None-Match", "").strip() == "*"
    if always_exists and not wildcard:
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(modified.timestamp())
        )
        if not_modified is not None:
            return _stamped(not_modified, etag, modified)
    response = build(etag)
    if response.status_code != 200:
        return response
    if not always_exists and not wildcard:
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(modified.timestamp())
        )
        if not_modified is not None:
            return _stamped(not_modified, etag, modified)
    return _stamped(response, etag, modified)


def cached_body(etag: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, kept in the cache under the answer's ETag: for as long as the public data,
    the day and the address stay the same."""
    key = f"opendata:{etag}"
    body = cache.get(key)
    if body is None:
        body = make()
        cache.set(key, body, settings.NATVERK_PAGE_CACHE_SECONDS)
    return body
