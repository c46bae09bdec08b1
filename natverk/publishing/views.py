from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from natverk.access.throttling import client_ip
from natverk.core.selectors import site_identity
from natverk.meetings import ical
from natverk.publishing import selectors, services
from natverk.publishing.caching import (
    MEETINGS,
    NETWORKS,
    ORGANISATIONS,
    cached_value,
    last_modified,
    network_scope,
    organisation_scope,
    public_page,
)
from natverk.publishing.forms import ContactForm, MeetingFilterForm, NetworkFilterForm
from natverk.publishing.presenters import network_cards
from natverk.publishing.sentences import cadence_text
from natverk.publishing.sitemaps import SECTION_SCOPES, SITEMAPS
from natverk.registry.enums import HomeRole
from natverk.registry.selectors import (
    network_last_updated,
    organisation_last_updated,
    organisations_last_updated,
    public_network_moved_to,
    public_page_last_updated,
)

SECTION_TITLES = {
    HomeRole.DRIVES: gettext_lazy("Networks we run"),
    HomeRole.TAKES_PART: gettext_lazy("Networks we take part in"),
    HomeRole.NONE: gettext_lazy("Other networks"),
}


# At national scale the list is paged, so that no page grows past ~100 KB.
NETWORKS_PER_PAGE = 50


def page_links(canonical: dict[str, str], pages: int) -> list[tuple[int, str]]:
    """(page number, address) of every page of the list, the filters kept."""
    if pages <= 1:
        return []
    kept = {name: value for name, value in canonical.items() if name != "sida"}
    return [
        (number, "?" + urlencode({**kept, **({"sida": number} if number > 1 else {})}))
        for number in range(1, pages + 1)
    ]


def page_window(links: list[tuple[int, str]], number: int, around: int = 3) -> list:
    """The links to the first and last pages and to those around page `number`, with
    None where pages are left out: a calendar of thousands of meetings has hundreds of
    pages."""
    shown = [
        (n, address) for n, address in links if n in (1, len(links)) or abs(n - number) <= around
    ]
    window: list = []
    for n, address in shown:
        if window and window[-1] is not None and window[-1][0] != n - 1:
            window.append(None)
        window.append((n, address))
    return window


def _filter_choices() -> dict:
    return cached_value("filter_choices", depends_on=[NETWORKS], compute=selectors.filter_choices)


def networks_page(request):
    # Without a filter (a plain visit, or one with only unknown parameters) nothing needs
    # checking: the kept page is found without building the filter form.
    asked = None
    canonical: dict[str, str] | None = {}
    if any(request.GET.get(name) for name in NetworkFilterForm.base_fields):
        asked = NetworkFilterForm(request.GET, **_filter_choices())
        canonical = asked.canonical()

    def render_page():
        # The page is made from the filters in their one spelling, so that it is the
        # same for every address it is kept for; filters that do not validate are shown
        # as typed, with what is wrong with them (and the page is not kept).
        if canonical is None and asked is not None:
            form = asked
        else:
            form = NetworkFilterForm(canonical or None, **_filter_choices())
        errors = []
        if form.is_bound and not form.is_valid():
            errors = [
                _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error}
                for name, messages in form.errors.items()
                for error in messages
            ]
        number = (form.cleaned_data.get("sida") if form.is_bound and not errors else None) or 1
        if errors:
            page = selectors.empty_networks_page()
        else:
            page = selectors.networks_page(
                form.cleaned_data if form.is_bound else {},
                narrowed=form.narrows,
                page_number=number,
                per_page=NETWORKS_PER_PAGE,
            )
        last_updated = public_page_last_updated()
        pages = max(1, -(-page.count // NETWORKS_PER_PAGE))
        if number > pages:
            response = render(
                request,
                "publishing/no_such_page.html",
                {"number": number, "pages": pages, "form": form, "section": "networks"},
                status=404,
            )
            return last_modified(response, last_updated)
        sections = [
            (str(SECTION_TITLES[role]), cards)
            for role, cards in network_cards(page.sections, page.former_names, page.member_kinds)
        ]
        response = render(
            request,
            "publishing/networks_page.html",
            {
                "page": page,
                "sections": sections,
                "form": form,
                "errors": errors,
                "narrowed": form.narrows,
                "page_number": number,
                "pages": pages,
                "page_links": page_links(canonical or {}, pages),
                "last_updated": last_updated,
                "section": "networks",
            },
        )
        return last_modified(response, last_updated)

    return public_page(request, render_page, depends_on=[NETWORKS], params=canonical)


def _calendar_choices() -> dict:
    # The names are in the visitor's language.
    return cached_value(
        f"calendar_choices:{get_language()}",
        depends_on=[MEETINGS],
        compute=selectors.calendar_filter_choices,
    )


def _form_errors(form) -> list[str]:
    return [
        _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error}
        for name, messages in form.errors.items()
        for error in messages
    ]


def meetings_page(request):
    """The coming public meetings of every network, by month, 50 a page."""
    asked = None
    canonical: dict[str, str] | None = {}
    if any(request.GET.get(name) for name in MeetingFilterForm.base_fields):
        asked = MeetingFilterForm(request.GET, **_calendar_choices())
        canonical = asked.canonical()

    def render_page():
        if canonical is None and asked is not None:
            form = asked
        else:
            form = MeetingFilterForm(canonical or None, **_calendar_choices())
        errors = _form_errors(form) if form.is_bound and not form.is_valid() else []
        filters = form.cleaned_data if form.is_bound and not errors else {}
        number = filters.get("sida") or 1
        if errors:
            page = selectors.CalendarPage(months=[], count=0)
        else:
            page = selectors.calendar_page(
                network=filters.get("natverk", ""), focus=filters.get("fokus", ""), number=number
            )
        pages = max(1, -(-page.count // selectors.MEETINGS_PER_PAGE))
        if number > pages:
            return render(
                request,
                "publishing/no_such_page.html",
                {"number": number, "pages": pages, "section": "meetings", "first_page": "meetings"},
                status=404,
            )
        chosen = {name: filters[name] for name in ("natverk", "fokus") if filters.get(name)}
        links = page_links(canonical or {}, pages)
        return render(
            request,
            "publishing/meetings.html",
            {
                "page": page,
                "form": form,
                "errors": errors,
                "narrowed": form.narrows,
                "network_name": form.network_titles.get(chosen.get("natverk", "")),
                "feed_query": urlencode(chosen),
                "page_number": number,
                "pages": pages,
                "page_links": page_window(page_links(canonical or {}, pages), number),
                "earlier_page": links[number - 2][1] if number > 1 else None,
                "later_page": links[number][1] if number < pages else None,
                "page_owner": selectors.site_page_owner(),
                "section": "meetings",
            },
        )

    return public_page(request, render_page, depends_on=[MEETINGS], params=canonical)


def _calendar_response(content: bytes, name: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.ics"'
    return response


def meetings_feed(request):
    """The calendar of public meetings to subscribe to, the whole or as filtered: the
    coming meetings (at most MEETINGS_IN_FEED), each linking to its network's page. A
    network or focus that has no meetings now is still a feed, empty until it has."""
    network = request.GET.get("natverk", "").strip()
    focus = request.GET.get("fokus", "").strip()
    unknown = selectors.unknown_calendar_filters(network=network, focus=focus)
    if unknown:
        return HttpResponse(
            "\n".join(unknown), status=404, content_type="text/plain; charset=utf-8"
        )
    meetings = selectors.coming_public_meetings(network=network, focus=focus)
    name = site_identity().name
    return _calendar_response(
        ical.feed(meetings[: selectors.MEETINGS_IN_FEED], name=name, public=True),
        "-".join(["moten", *(slugify(part) for part in (network, focus) if part)]),
    )


def meeting_calendar(request, pk):
    """One public meeting as a calendar file, to add to one's calendar."""
    meeting = selectors.public_meeting(pk)
    return _calendar_response(
        ical.feed([meeting], name=meeting.title, public=True),
        slugify(meeting.title) or "mote",
        attachment=True,
    )


def network_page(request, slug):
    def render_page():
        detail = selectors.public_network(slug)
        updated = network_last_updated(detail.network)
        response = render(
            request,
            "publishing/network.html",
            {
                "detail": detail,
                "network": detail.network,
                "cadence": cadence_text(detail.network),
                "last_updated": updated,
                "page_owner": detail.network.page_owner or selectors.site_page_owner(),
                "section": "networks",
            },
        )
        return last_modified(response, updated)

    try:
        return public_page(request, render_page, depends_on=[network_scope(slug)], params={})
    except Http404:
        # An address the network had before: links and bookmarks follow it.
        moved_to = public_network_moved_to(slug)
        if moved_to is None:
            raise
        return moved_permanently(request, reverse("publishing:network", args=[moved_to]))


def moved_permanently(request, address: str) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)


def organisations_page(request):
    """The index of organisations; at national scale one initial letter at a time."""
    asked = request.GET.get("bokstav", "").strip().upper()
    valid = asked == "" or asked in [*selectors.ALPHABET, selectors.OTHER_INITIAL]

    def render_page():
        updated = organisations_last_updated()
        index = selectors.organisation_index(asked if valid else "")
        response = render(
            request,
            "publishing/organisations.html",
            {
                "index": index,
                "groups": index.groups,
                "error": ""
                if valid
                else _("The index has no letter “%(value)s”.") % {"value": asked[:20]},
                "other_initial": selectors.OTHER_INITIAL,
                "last_updated": updated,
                "section": "organisations",
            },
        )
        return last_modified(response, updated)

    params = ({"bokstav": asked} if asked else {}) if valid else None
    return public_page(request, render_page, depends_on=[ORGANISATIONS], params=params)


def organisation_page(request, slug):
    def render_page():
        detail = selectors.public_organisation(slug)
        updated = organisation_last_updated(detail.organisation)
        response = render(
            request,
            "publishing/organisation.html",
            {
                "detail": detail,
                "organisation": detail.organisation,
                "last_updated": updated,
                "section": "organisations",
            },
        )
        return last_modified(response, updated)

    return public_page(request, render_page, depends_on=[organisation_scope(slug)], params={})


SITE_PAGE_TITLES = {
    "accessibility": gettext_lazy("Accessibility statement"),
    "about": gettext_lazy("About the site"),
    "privacy": gettext_lazy("Personal data and cookies"),
}


def site_page(request, kind):
    """One of the pages every public body's site has; its text as the back office wrote
    it, or written from the site identity."""

    def render_page():
        pages = selectors.site_pages()
        return render(
            request,
            f"publishing/site_pages/{kind}.html",
            {
                "pages": pages,
                "kind": kind,
                "page_title": SITE_PAGE_TITLES[kind],
                "last_updated": pages.updated_at,
                "page_owner": selectors.site_page_owner() or site_identity().name,
            },
        )

    return public_page(request, render_page, depends_on=[], params={})


def _contact_allowed(request) -> bool:
    """At most NATVERK_CONTACT_MESSAGES_PER_HOUR messages from one client an hour."""
    key = f"contact:{client_ip(request)}"
    cache.add(key, 0, 3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # dropped from the cache meanwhile
        cache.set(key, 1, 3600)
        sent = 1
    return sent <= settings.NATVERK_CONTACT_MESSAGES_PER_HOUR


@never_cache
def contact_page(request):
    """A message to whoever runs the site, sent to its contact address by email; nothing
    of it is shown on any page."""
    identity = site_identity()
    form = ContactForm(request.POST or None)
    context = {"form": form, "page_title": _("Contact us"), "sent": False}
    if request.method == "POST" and identity.contact_email:
        if not _contact_allowed(request):
            context["too_many"] = True
            return render(request, "publishing/contact.html", context, status=429)
        if form.is_valid():
            # A program that filled in the hidden field is thanked like anyone, and
            # nothing is sent.
            if not form.from_a_program:
                services.contact_send(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    language=get_language(),
                )
            context["sent"] = True
    return render(request, "publishing/contact.html", context)


def _rendered(response):
    response.render()
    return response


def _sitemap_params(request, **params: str) -> dict[str, str]:
    # The addresses in the files are absolute, on the host asked for.
    return {"host": request.get_host(), "scheme": request.scheme, **params}


def sitemap_index(request):
    """The index of the sitemap's files: one or more per section."""
    return public_page(
        request,
        lambda: _rendered(
            sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")
        ),
        depends_on=[scope for scopes in SECTION_SCOPES.values() for scope in scopes],
        params=_sitemap_params(request),
    )


def sitemap_section(request, section):
    """One file of the sitemap: a section, or a page of one (`?p=2`)."""
    if section not in SITEMAPS:
        raise Http404
    page = request.GET.get("p", "1")
    valid = page.isascii() and page.isdigit() and 0 < int(page) <= 100_000
    return public_page(
        request,
        lambda: _rendered(sitemap_views.sitemap(request, SITEMAPS, section=section)),
        depends_on=SECTION_SCOPES[section],
        params=_sitemap_params(request, section=section, p=str(int(page))) if valid else None,
    )


def not_found(request, exception=None):
    """A 404 in the visitor's language, with the search form to find the way again."""
    return render(request, "publishing/404.html", {}, status=404)
