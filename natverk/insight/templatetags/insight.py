"""The insight pictures inside other pages (a network's neighbours on its public page, a
municipality's place on the map on its own), and the small helpers of the insight
templates."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

from natverk.insight import pictures, selectors
from natverk.registry.enums import MembershipRole

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """This page's query string with some values changed ("" or None drops one)."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value not in ("", None):
            query[name] = value
    pairs = [(key, value) for key, values in query.lists() for value in values if value != ""]
    return "?" + urlencode(pairs) if pairs else "?"


# Short marks for the matrix's cells, explained in its legend.
MARKS = {
    MembershipRole.CONVENER: lambda: _("C"),
    MembershipRole.CO_CONVENER: lambda: _("JC"),
    MembershipRole.MEMBER: lambda: _("M"),
    MembershipRole.OBSERVER: lambda: _("O"),
    MembershipRole.SECRETARIAT: lambda: _("Sec"),
}


@register.filter
def role_mark(role: str) -> str:
    mark = MARKS.get(role)  # type: ignore[call-overload]
    return str(mark()) if mark else ""


@register.filter
def role_name(role: str) -> str:
    return str(MembershipRole(role).label) if role in MembershipRole.values else ""


@register.filter
def relation_name(kind: str) -> str:
    return pictures.relation_word(kind)


@register.filter
def share(value: float) -> str:
    """0.3636 -> "36 %"."""
    return f"{round(value * 100)}\N{NO-BREAK SPACE}%"


@register.filter
def at(items, index: int):
    return items[index]


@register.inclusion_tag("insight/_neighbourhood.html")
def network_neighbourhood(network) -> dict:
    """The public network and the networks within two steps of it, for its page."""
    hood = selectors.neighbourhood(network)
    return {
        "hood": hood,
        "picture": pictures.neighbourhood_picture(hood) if not hood.empty else None,
    }


@register.inclusion_tag("insight/_small_map.html")
def municipality_map(organisation) -> dict:
    """The municipality on the map of its county, for its organisation page."""
    code = getattr(organisation, "municipality_code", "")
    return {
        "organisation": organisation,
        "picture": pictures.small_map(code, organisation.name) if code else None,
    }
