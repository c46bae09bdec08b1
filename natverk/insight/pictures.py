"""What the selectors found, made into pictures with their words in the active language:
the map's shades and legend, the graph's nodes and edges, a network's neighbourhood."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from natverk.insight.analysis import (
    Analysis,
    Drawn,
    network_node,
    organisation_node,
)
from natverk.insight.drawing import (
    COMMUNITY_CLASSES,
    EGO_HEIGHT,
    EGO_WIDTH,
    DrawnEdge,
    DrawnNode,
    Shade,
    ego_positions,
    graph_svg,
    map_svg,
    shortened,
)
from natverk.insight.geography import county_map, county_of
from natverk.insight.selectors import (
    Landscape,
    MapArea,
    MapData,
    Neighbourhood,
    is_convening,
)
from natverk.registry.enums import MembershipRole, RelationKind


@dataclass(frozen=True)
class LegendEntry:
    css: str
    label: str


# The map ---------------------------------------------------------------------------------

SHADES = 5


def shade_bins(highest: int) -> list[tuple[int, int]]:
    """Ranges of counts from 1 up, one shade each: a range per value up to five, else
    five ranges of equal width."""
    if highest <= 0:
        return []
    if highest <= SHADES:
        return [(value, value) for value in range(1, highest + 1)]
    step = -(-highest // SHADES)
    return [(low, min(low + step - 1, highest)) for low in range(1, highest + 1, step)]


def _range_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _count_label(area: MapArea) -> str:
    text = ngettext("%(name)s: %(count)d network", "%(name)s: %(count)d networks", area.total) % {
        "name": area.name,
        "count": area.total,
    }
    if area.through:
        text += " " + ngettext(
            "(%(through)d through a grouping)", "(%(through)d through groupings)", area.through
        ) % {"through": area.through}
    if area.organisation is None:
        text += " – " + _("not in the register")
    return text


PARTS = {
    "part-convener": lambda: _("convener or joint convener"),
    "part-member": lambda: _("member, observer or secretariat"),
    "part-through": lambda: _("through a grouping it belongs to"),
    "part-none": lambda: _("not taking part"),
}


def _part(area: MapArea) -> tuple[str, str]:
    if area.role and is_convening(area.role):
        return "part-convener", str(MembershipRole(area.role).label)
    if area.role:
        return "part-member", str(MembershipRole(area.role).label)
    if area.through_grouping is not None:
        return "part-through", _("through %(group)s") % {"group": area.through_grouping.name}
    return "part-none", str(PARTS["part-none"]())


@dataclass
class MapPicture:
    svg: SafeString
    legend: list[LegendEntry]


def map_picture(data: MapData) -> MapPicture:
    outlines = county_map(data.county)
    assert outlines is not None  # noqa: S101 - map_data said the county exists
    shades: dict[str, Shade] = {}
    legend: list[LegendEntry] = []
    if data.network is not None:
        for area in data.areas:
            css, part = _part(area)
            url = area.organisation.url if area.organisation else ""
            shades[area.code] = Shade(css, f"{area.name}: {part}", url)
        legend = [LegendEntry(css, str(label())) for css, label in PARTS.items()]
        title = _("%(county)s: the members of %(network)s") % {
            "county": data.county_name,
            "network": data.network.name,
        }
    else:
        bins = shade_bins(data.highest)
        for area in data.areas:
            index = next((i + 1 for i, (lo, hi) in enumerate(bins) if lo <= area.total <= hi), 0)
            url = area.organisation.url if area.organisation else ""
            shades[area.code] = Shade(f"shade-{index}", _count_label(area), url)
        legend = [LegendEntry("shade-0", _("in none"))] + [
            LegendEntry(
                f"shade-{i + 1}",
                ngettext("%(range)s network", "%(range)s networks", high)
                % {"range": _range_label(low, high)},
            )
            for i, (low, high) in enumerate(bins)
        ]
        title = _("%(county)s: how many networks each municipality takes part in") % {
            "county": data.county_name
        }
    desc = _(
        "A map of the municipalities of %(county)s on %(day)s, each shaded as the legend "
        "says and linked to its page. The table below the map gives the same facts."
    ) % {"county": data.county_name, "day": date_format(data.on)}
    return MapPicture(map_svg(outlines, shades, title=title, desc=desc), legend)


def small_map(municipality_code: str, name: str) -> SafeString | None:
    """The municipality's place in its county, for its organisation page."""
    outlines = county_map(county_of(municipality_code))
    if outlines is None or outlines.outline(municipality_code) is None:
        return None
    shades = {
        o.code: Shade("here" if o.code == municipality_code else "elsewhere", o.name)
        for o in outlines.outlines
    }
    title = _("%(name)s in %(county)s") % {"name": name, "county": outlines.name}
    desc = _("A map of the municipalities of %(county)s with %(name)s marked.") % {
        "county": outlines.name,
        "name": name,
    }
    return map_svg(outlines, shades, title=title, desc=desc, prefix="place", css="map small-map")


# The graph ---------------------------------------------------------------------------------


def community_css(analysis: Analysis, node) -> str:
    index = analysis.community_of.get(node)
    return f"community-{index % COMMUNITY_CLASSES}" if index is not None else "community-none"


@dataclass
class GraphPicture:
    svg: SafeString
    networks: int
    organisations: int


def graph_picture(
    land: Landscape, analysis: Analysis, drawn: Drawn, positions: dict
) -> GraphPicture:
    members = land.members_of()
    largest = max((len(members[pk]) for pk in drawn.networks), default=1) or 1
    shown_organisations = set(drawn.organisations)
    links: dict[int, int] = {}
    edges: list[DrawnEdge] = []
    drawn_networks = set(drawn.networks)
    for tie in land.memberships:
        if tie.network_id in drawn_networks and tie.organisation_id in shown_organisations:
            links[tie.organisation_id] = links.get(tie.organisation_id, 0) + 1
            edges.append(
                DrawnEdge(
                    f"n{tie.network_id}",
                    f"o{tie.organisation_id}",
                    "convener" if is_convening(tie.role) else "member",
                )
            )
    for relation in land.relations:
        target = (
            f"n{relation.target_network_id}"
            if relation.target_network_id is not None
            else f"o{relation.target_organisation_id}"
        )
        edges.append(DrawnEdge(f"n{relation.source_id}", target, f"relation {relation.kind}", True))
    nodes = []
    for pk in drawn.networks:
        network = land.networks[pk]
        count = len(members[pk])
        x, y = positions[network_node(pk)]
        nodes.append(
            DrawnNode(
                key=f"n{pk}",
                x=x,
                y=y,
                shape="network",
                label=network.short_name or shortened(network.display_name, 24),
                title=ngettext(
                    "%(name)s: network, %(count)d member",
                    "%(name)s: network, %(count)d members",
                    count,
                )
                % {"name": network.display_name, "count": count},
                url=network.url,
                size=3 * count / largest,
                css=community_css(analysis, network_node(pk)),
            )
        )
    for pk in sorted(drawn.organisations, key=lambda pk: (-links.get(pk, 0), pk)):
        organisation = land.organisations[pk]
        degree = analysis.degree.get(organisation_node(pk), 0)
        x, y = positions[organisation_node(pk)]
        nodes.append(
            DrawnNode(
                key=f"o{pk}",
                x=x,
                y=y,
                shape="organisation",
                label=(organisation.short_name or shortened(organisation.name, 18))
                if links.get(pk, 0) >= 2
                else "",
                title=ngettext(
                    "%(name)s: organisation in %(count)d network",
                    "%(name)s: organisation in %(count)d networks",
                    degree,
                )
                % {"name": organisation.name, "count": degree},
                url=organisation.url,
            )
        )
    title = _("Networks and the organisations in them")
    desc = _(
        "%(networks)d networks (circles, coloured by community) and %(organisations)d "
        "organisations (squares). Lines are memberships, heavier for conveners; dashed "
        "arrows are relations between networks. The lists below say the same."
    ) % {"networks": len(drawn.networks), "organisations": len(drawn.organisations)}
    return GraphPicture(
        graph_svg(nodes, edges, title=title, desc=desc),
        networks=len(drawn.networks),
        organisations=len(drawn.organisations),
    )


# A network's neighbourhood -----------------------------------------------------------------

RELATION_WORDS = {
    RelationKind.REPORTS_TO: lambda: _("reports to"),
    RelationKind.ADVISES: lambda: _("advises"),
    RelationKind.PART_OF: lambda: _("is part of"),
}


def neighbourhood_picture(hood: Neighbourhood) -> SafeString:
    centre = f"n{hood.network.id}"
    member_keys = [f"o{organisation.id}" for organisation, _role in hood.members]
    outer = [(f"n{n.network.id}", [f"o{o.id}" for o in n.shared]) for n in hood.neighbours] + [
        (f"n{r.network.id}" if r.network else f"r{r.organisation.id}", [])  # type: ignore[union-attr]
        for r in hood.related
        if not (r.network and any(n.network.id == r.network.id for n in hood.neighbours))
    ]
    positions = ego_positions(centre, member_keys, outer)
    label_members = len(hood.members) <= 14
    nodes = [
        DrawnNode(
            key=centre,
            x=0,
            y=0,
            shape="network",
            label=hood.network.short_name or shortened(hood.network.display_name, 28),
            title=hood.network.display_name,
            url="",
            size=2.2,
            css="centre",
        )
    ]
    for organisation, role in hood.members:
        nodes.append(
            DrawnNode(
                key=f"o{organisation.id}",
                x=0,
                y=0,
                shape="organisation",
                label=(organisation.short_name or shortened(organisation.name, 16))
                if label_members
                else "",
                title=f"{organisation.name}: {MembershipRole(role).label}",
                url=organisation.url,
            )
        )
    edges = [
        DrawnEdge(centre, f"o{o.id}", "convener" if is_convening(role) else "member")
        for o, role in hood.members
    ]
    for neighbour in hood.neighbours:
        key = f"n{neighbour.network.id}"
        nodes.append(
            DrawnNode(
                key=key,
                x=0,
                y=0,
                shape="network",
                label=neighbour.network.short_name or shortened(neighbour.network.display_name, 24),
                title=ngettext(
                    "%(name)s: shares %(count)d member",
                    "%(name)s: shares %(count)d members",
                    len(neighbour.shared),
                )
                % {"name": neighbour.network.display_name, "count": len(neighbour.shared)},
                url=neighbour.network.url,
                size=0.6,
                css="neighbour",
            )
        )
        edges.extend(DrawnEdge(f"o{o.id}", key, "member") for o in neighbour.shared)
    drawn_keys = {n.key for n in nodes}
    for related in hood.related:
        key = f"n{related.network.id}" if related.network else f"r{related.organisation.id}"  # type: ignore[union-attr]
        if key not in drawn_keys:
            drawn_keys.add(key)
            body = related.network or related.organisation
            nodes.append(
                DrawnNode(
                    key=key,
                    x=0,
                    y=0,
                    shape="network" if related.network else "organisation",
                    label=shortened(related.name, 24),
                    title=related.name,
                    url=body.url,  # type: ignore[union-attr]
                    size=0.6,
                    css="neighbour",
                )
            )
        first, second = (centre, key) if related.outgoing else (key, centre)
        edges.append(DrawnEdge(first, second, f"relation {related.kind}", True))
    title = _("%(name)s and its neighbours within two steps") % {"name": hood.network.display_name}
    desc = _(
        "The network in the middle, its member organisations (squares) around it, and "
        "further out the networks those members also sit in (circles) and the bodies it "
        "relates to (dashed arrows). The list beside the picture says the same."
    )
    return graph_svg(
        nodes,
        edges,
        title=title,
        desc=desc,
        prefix=f"ego-{hood.network.id}",
        width=EGO_WIDTH,
        height=EGO_HEIGHT,
        positions=positions,
        crop=True,
    )


def relation_word(kind: str) -> str:
    word = RELATION_WORDS.get(kind)  # type: ignore[call-overload]
    return str(word()) if word else kind
