"""Public pages, rendered once per change of what they show.

A view hands `public_page` three things: the rendering (a function, so that a cached
request runs none of it), the parameters the page reads, already validated and in one
spelling (anything else in the query string is ignored, so `?utm=…` is the same page),
and the parts of the register the page shows (`depends_on`, scopes such as `SITE`,
`NETWORKS` or `network_scope(slug)`).

Each scope has a generation: a random token kept in the cache and replaced when
something in it changes (`pages_changed`, called by `publishing.signals` after every
change to public data). A page's key holds the generations of its scopes, the
parameters, the language, whether the visitor is signed in, the day and the release;
so a change to one network renders again that network's page, the networks page and the
pages of its members, and nothing else. A generation that the cache has dropped comes
back as a new token, which can only make pages render again, never serve an old one.

A page not in the cache is rendered by one request at a time: the first takes a lock in
the cache, the others wait for its result (at most `NATVERK_PAGE_RENDER_WAIT_SECONDS`,
then they render it themselves). A page out of date is served still while one request
renders it anew: for `NATVERK_PAGE_FRESH_SECONDS` after it was rendered (to visitors not
signed in), and while `NATVERK_PAGE_REFRESHES_AT_ONCE` other pages are being rendered
anew, so that a register changing every second cannot keep the site busy rendering. A
client may have at most `NATVERK_PAGE_RENDERS_PER_MINUTE` pages rendered that nobody
asked for before (then 429). A page with parameters that do not validate is rendered but
not kept, so that made-up values cannot push real pages out of the cache.

The generations, the lock and the pages must be in a cache that every process of the
installation shares (web workers, task workers, commands): a file cache on one machine,
Redis on several (`CACHE_URL`; see docs/deployment.md).
"""

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from natverk.access.throttling import client_ip
from natverk.core.routers import replica_configured, replica_reads

# Everything public pages show in common: the page settings, focus areas. A change here
# renders every page again.
SITE = "site"
# The networks page, its search and its filters.
NETWORKS = "networks"
# The index of organisations.
ORGANISATIONS = "organisations"
# The calendar of public meetings across networks.
MEETINGS = "meetings"

LOCK_SECONDS = 60
# Past this many scopes, a change retires every page instead (`pages_changed`).
SCOPES_AT_ONCE = 100

# The cache's own lock (`cache.add`) is one between processes, but not between the
# threads of one process with every backend (a file cache checks, then writes): the
# threads of a process also take one of these, chosen by the page's key.
_RENDERING_HERE = [threading.Lock() for _ in range(64)]


def _local_lock(slot: str) -> threading.Lock:
    return _RENDERING_HERE[int(slot[-8:], 16) % len(_RENDERING_HERE)]


def network_scope(slug: str) -> str:
    """One network's page."""
    return f"network:{slug}"


def organisation_scope(slug: str) -> str:
    """One organisation's page."""
    return f"organisation:{slug}"


def _generation_key(scope: str) -> str:
    if len(scope) > 100:  # a made-up address of any length still makes a short key
        scope = hashlib.sha256(scope.encode()).hexdigest()
    return f"pagegen:{scope}"


def _new_generation() -> str:
    """A token no earlier generation had, and when it began."""
    return f"{uuid.uuid4().hex}@{time.time():.3f}"


def _replace_generations(scopes: Iterable[str]) -> None:
    cache.set_many({_generation_key(s): _new_generation() for s in scopes}, timeout=None)


def pages_changed(scopes: Iterable[str]) -> None:
    """The pages that show these scopes are out of date. They are retired at once and
    again once the transaction commits: a page rendered in between, from data read
    before the commit, is never served afterwards."""
    scopes = set(scopes)
    if not scopes:
        return
    if len(scopes) > SCOPES_AT_ONCE:
        # A change shown on hundreds of pages (a meeting of a network with a thousand
        # members) retires them all at once: one generation written, not hundreds, each
        # of which a file cache would pay for by listing its files.
        scopes = {SITE}
    if connection.in_atomic_block:
        _replace_generations(scopes)
    transaction.on_commit(lambda: _replace_generations(scopes))


def pages_changed_everywhere() -> None:
    """Every public page is out of date (after a restore, or a change made around the
    models' signals, such as a bulk insert)."""
    pages_changed([SITE])


def _generations(scopes: list[str]) -> list[str]:
    keys = [_generation_key(s) for s in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _new_generation(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return [str(found.get(key, "-")) for key in keys]


def _stamp(depends_on: Iterable[str]) -> tuple[str, float]:
    """What the key holds of the scopes, and when the newest of their generations began."""
    scopes = sorted({SITE, *depends_on})
    generations = _generations(scopes)
    began = max(float(g.rpartition("@")[2] or 0) for g in generations)
    # The day counts too: pages list the meetings from today on.
    stamp = f"{settings.NATVERK_RELEASE}|{timezone.localdate()}|" + "|".join(
        f"{scope}={generation}" for scope, generation in zip(scopes, generations, strict=True)
    )
    return stamp, began


def _is_current(entry: dict, stamp: str) -> bool:
    """Whether a kept page is of the current generations. One rendered from a replica
    that may not yet have had the latest change counts only until it surely has."""
    if entry.get("stamp") != stamp:
        return False
    return not entry.get("provisional") or (
        time.time() - entry["at"] < settings.DATABASE_REPLICA_LAG_SECONDS
    )


def _entry(stamp: str, began: float, **content) -> dict:
    now = time.time()
    provisional = replica_configured() and now - began < settings.DATABASE_REPLICA_LAG_SECONDS
    return {"stamp": stamp, "at": now, "provisional": provisional, **content}


def _still_fresh(entry: dict, signed_in: bool) -> bool:
    """An out-of-date page younger than NATVERK_PAGE_FRESH_SECONDS is served still (to
    visitors who are not signed in): a register changing every second renders its
    pages at most that often. Signed-in people, who make the changes, see them at once."""
    fresh = 0 if signed_in else settings.NATVERK_PAGE_FRESH_SECONDS
    return time.time() - entry["at"] < fresh


def cached_value(name: str, *, depends_on: Iterable[str], compute: Callable[[], object]):
    """A value computed from the register (the choices of a filter, say), kept until one
    of its scopes changes."""
    stamp, began = _stamp(depends_on)
    slot = "pagevalue:" + hashlib.sha256(name.encode()).hexdigest()
    entry = cache.get(slot)
    if entry is not None and (_is_current(entry, stamp) or _still_fresh(entry, False)):
        return entry["value"]
    with replica_reads():
        value = compute()
    cache.set(slot, _entry(stamp, began, value=value), settings.NATVERK_PAGE_CACHE_SECONDS)
    return value


def last_modified(response: HttpResponse, moment) -> HttpResponse:
    """Say when what the page shows last changed (kept with the cached page)."""
    if moment is not None:
        response["Last-Modified"] = http_date(int(moment.timestamp()))
    return response


def public_page(
    request: HttpRequest,
    render: Callable[[], HttpResponse],
    *,
    depends_on: Iterable[str],
    params: Mapping[str, str] | None = None,
) -> HttpResponse:
    """The page from the cache, or rendered (once) and kept. `params` are the validated
    parameters the page reads; None when they do not validate, and the page is then
    rendered but not kept."""
    if params is None:
        _note(request, "not kept")
        with replica_reads():
            return render()
    # Signed-in visitors see a link to their networks in the header, so they get their
    # own copy of each page (one for all of them: nothing else on it is theirs).
    signed_in = request.user.is_authenticated
    identity = json.dumps(
        [get_language(), signed_in, request.path, sorted(params.items())], ensure_ascii=False
    )
    slot = "page:" + hashlib.sha256(identity.encode()).hexdigest()
    stamp, began = _stamp(depends_on)
    with replica_reads():
        entry, response = _serve(request, slot, stamp, began, render, signed_in)
    if entry is not None:
        served = hashlib.sha256(f"{slot}|{entry['stamp']}".encode()).hexdigest()
        etag = f'"{served[:40]}"'
        # Revalidation by ETag only: the page also depends on the day, the release and
        # whether the visitor is signed in, which a date cannot say. "*" asks whether
        # the page exists at all, which only rendering can tell.
        if request.headers.get("If-None-Match", "").strip() != "*":
            revalidated = get_conditional_response(request, etag=etag)
            if revalidated is not None:
                _note(request, "revalidated")
                response = revalidated
        if response is None:
            response = _response(entry)
        response["ETag"] = etag
        patch_cache_control(response, public=True, no_cache=True)
    assert response is not None  # noqa: S101 - _serve gives an entry or a response
    return response


def _refresh_slot() -> str | None:
    for number in range(settings.NATVERK_PAGE_REFRESHES_AT_ONCE):
        key = f"pagerefresh:{number}"
        if cache.add(key, 1, LOCK_SECONDS):
            return key
    return None


def _within_budget(request: HttpRequest) -> bool:
    """Whether the client may have one more page rendered that nobody has asked for
    before (at most NATVERK_PAGE_RENDERS_PER_MINUTE): a client inventing searches cannot
    keep the site rendering for it. Pages already kept are served to it as to anyone."""
    client = client_ip(request)
    key = "pagebudget:" + hashlib.sha256(client.encode()).hexdigest()[:32]
    cache.add(key, 0, 60)
    try:
        used = cache.incr(key)
    except ValueError:  # ran out just now
        cache.add(key, 1, 60)
        used = 1
    return used <= settings.NATVERK_PAGE_RENDERS_PER_MINUTE


def _too_many(request: HttpRequest) -> HttpResponse:
    response = django_render(request, "publishing/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


def _note(request: HttpRequest, how: str) -> None:
    """How the page was served, for the request log (`core.observability`)."""
    request.META["natverk.page_cache"] = how


def _take(here: threading.Lock, lock: str) -> bool:
    """Whether this request renders the page: it holds both this process's lock and the
    installation's."""
    if not here.acquire(blocking=False):
        return False
    if cache.add(lock, 1, LOCK_SECONDS):
        return True
    here.release()
    return False


# Headers of a rendered page that are kept with it.
KEPT_HEADERS = ["Last-Modified", "X-Robots-Tag"]


def _response(entry: dict) -> HttpResponse:
    response = HttpResponse(
        entry["content"], content_type=entry.get("content_type") or "text/html; charset=utf-8"
    )
    if entry.get("last_modified"):
        response["Last-Modified"] = entry["last_modified"]
    for name, value in entry.get("headers", {}).items():
        response[name] = value
    return response


def _serve(
    request: HttpRequest,
    slot: str,
    stamp: str,
    began: float,
    render: Callable[[], HttpResponse],
    signed_in: bool,
) -> tuple[dict | None, HttpResponse | None]:
    """(the kept page to serve, None), or (None, a response that is not kept)."""
    entry = cache.get(slot)
    if entry is not None and _is_current(entry, stamp):
        _note(request, "hit")
        return entry, None
    if entry is not None and _still_fresh(entry, signed_in):
        _note(request, "stale")
        return entry, None
    lock = f"render:{slot}"
    refresh_slot = None
    if entry is not None:
        # An out-of-date page is rendered anew only while fewer than
        # NATVERK_PAGE_REFRESHES_AT_ONCE are (across the installation): however much the
        # register changes, rendering leaves the rest of the site its time.
        refresh_slot = _refresh_slot()
        if refresh_slot is None:
            _note(request, "stale")
            return entry, None
    elif not _within_budget(request):
        _note(request, "refused")
        return None, _too_many(request)
    here = _local_lock(slot)
    if _take(here, lock):
        try:
            # Another request may have kept the page between the look above and the
            # lock: then it is served, not rendered twice.
            kept = cache.get(slot)
            if kept is not None and _is_current(kept, stamp):
                _note(request, "waited")
                return kept, None
            response = render()
            if response.status_code != 200:
                return None, response
            entry = _entry(
                stamp,
                began,
                content=response.content,
                content_type=response.get("Content-Type"),
                headers={name: response[name] for name in KEPT_HEADERS if name in response},
            )
            cache.set(slot, entry, settings.NATVERK_PAGE_CACHE_SECONDS)
        finally:
            cache.delete(lock)
            here.release()
            if refresh_slot is not None:
                cache.delete(refresh_slot)
        _note(request, "render")
        return entry, None
    if refresh_slot is not None:
        cache.delete(refresh_slot)
    if entry is not None:
        # Another request is rendering the new page: the one before it meanwhile.
        _note(request, "stale")
        return entry, None
    # Another request is rendering a page never kept before: wait for it.
    deadline = time.monotonic() + settings.NATVERK_PAGE_RENDER_WAIT_SECONDS
    pause = 0.02
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, 0.25)
        entry = cache.get(slot)
        if entry is not None:
            _note(request, "waited")
            return entry, None
        if cache.get(lock) is None and not here.locked():
            break  # that render ended without a page to keep (an error, a 404)
    _note(request, "render-after-wait")
    return None, render()
