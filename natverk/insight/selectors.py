"""What the public insight pages show: the landscape of public networks and the
organisations in them, as it stands on a day. Public data only: nothing from `people`
is read here, and meetings are not needed.

Everything starts from `landscape()`, which costs the same few queries whatever the size
of the register; the matrix, the coverage, the map and the neighbourhood of a network are
arithmetic on it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from natverk.insight.geography import county_map, county_names, county_of
from natverk.publishing.collation import swedish_key
from natverk.registry.enums import (
    CONVENING_ROLES,
    SUB_REGION_LABELS,
    HomeRole,
    MembershipRole,
    NameKind,
    OrganisationKind,
)
from natverk.registry.models import (
    Affiliation,
    FocusTag,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    Relation,
)

# The order roles are told in, the strongest first: a cell shows one.
ROLE_ORDER: list[str] = [
    MembershipRole.CONVENER,
    MembershipRole.CO_CONVENER,
    MembershipRole.SECRETARIAT,
    MembershipRole.MEMBER,
    MembershipRole.OBSERVER,
]


@dataclass(slots=True)
class NetworkNode:
    id: int
    slug: str
    name: str
    name_en: str
    short_name: str
    home_role: str

    @property
    def display_name(self) -> str:
        return self.localised[0]

    @property
    def localised(self) -> tuple[str, bool]:
        """(name in the active language, whether it fell back to Swedish)."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en, False
        return self.name, translation.get_language() == "en"

    @property
    def is_ours(self) -> bool:
        return self.home_role != HomeRole.NONE

    @property
    def url(self) -> str:
        return reverse("publishing:network", kwargs={"slug": self.slug})


@dataclass(slots=True)
class OrganisationNode:
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    municipality_code: str
    sub_region: str
    parent_id: int | None
    start_date: datetime.date | None
    end_date: datetime.date | None

    @property
    def county(self) -> str:
        return county_of(self.municipality_code)

    @property
    def sub_region_label(self) -> str:
        return str(SUB_REGION_LABELS.get(self.sub_region, self.sub_region))

    @property
    def url(self) -> str:
        return reverse("publishing:organisation", kwargs={"slug": self.slug})

    def exists_on(self, on: datetime.date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )


class Tie(NamedTuple):
    """An organisation in a network on the day: as a member itself, or through a
    grouping it belongs to that is a member (`through` is then the grouping's id)."""

    network_id: int
    organisation_id: int
    role: str
    through: int | None = None


class RelationEdge(NamedTuple):
    source_id: int
    kind: str
    target_network_id: int | None
    target_organisation_id: int | None


@dataclass
class Landscape:
    on: datetime.date
    networks: dict[int, NetworkNode]  # the selected public networks, in Swedish order
    organisations: dict[int, OrganisationNode]  # every organisation of the register
    memberships: list[Tie]  # direct, in the selected networks
    through_groupings: list[Tie]  # members of groupings that are members
    relations: list[RelationEdge]  # from a selected network

    @property
    def ties(self) -> list[Tie]:
        return [*self.memberships, *self.through_groupings]

    def members_of(self) -> dict[int, set[int]]:
        """network -> its direct members."""
        members: dict[int, set[int]] = defaultdict(set)
        for tie in self.memberships:
            members[tie.network_id].add(tie.organisation_id)
        return members


@dataclass(frozen=True)
class Selection:
    """Which networks a page looks at, and on which day."""

    on: datetime.date | None = None
    focus: str = ""  # a focus tag's slug
    role: str = ""  # "" for every network, "ours", or one of HomeRole's values

    @property
    def day(self) -> datetime.date:
        return self.on or timezone.localdate()


def home_roles(on: datetime.date) -> dict[int, str]:
    """network -> what the home organisation does in it on the day (absent: no part).
    Read once from its memberships: cheaper than asking for every network."""
    roles: dict[int, str] = {}
    for network_id, role in (
        Membership.objects.current(on)
        .filter(organisation__slug=settings.NATVERK_HOME_ORGANISATION)
        .values_list("network_id", "role")
    ):
        if role in CONVENING_ROLES or roles.get(network_id) == HomeRole.DRIVES:
            roles[network_id] = HomeRole.DRIVES
        else:
            roles[network_id] = HomeRole.TAKES_PART
    return roles


def _networks(selection: Selection) -> dict[int, NetworkNode]:
    """The selected public networks that exist on the day, in Swedish order."""
    on = selection.day
    rows = Network.objects.public().filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=on),
        Q(closed_on__isnull=True) | Q(closed_on__gte=on),
    )
    if selection.focus:
        rows = rows.filter(focus_tags__slug=selection.focus)
    roles = home_roles(on)
    networks = [
        NetworkNode(**row, home_role=roles.get(row["id"], HomeRole.NONE))
        for row in rows.values("id", "slug", "name", "name_en", "short_name")
    ]
    if selection.role == "ours":
        networks = [n for n in networks if n.is_ours]
    elif selection.role in HomeRole.values:
        networks = [n for n in networks if n.home_role == selection.role]
    networks.sort(key=lambda n: swedish_key(n.name))
    return {n.id: n for n in networks}


def names_on(on: datetime.date) -> dict[int, str]:
    """The names organisations had on a past day, where they have changed since: the
    former name that the next one replaced first after that day."""
    names: dict[int, tuple[str, datetime.date]] = {}
    for organisation_id, name, replaced_on in OrganisationName.objects.filter(
        kind=NameKind.FORMER, replaced_on__gt=on
    ).values_list("organisation_id", "name", "replaced_on"):
        if replaced_on is None:
            continue
        if organisation_id not in names or replaced_on < names[organisation_id][1]:
            names[organisation_id] = (name, replaced_on)
    return {organisation_id: name for organisation_id, (name, _day) in names.items()}


def _groupings_above(on: datetime.date, groupings: set[int]) -> dict[int, set[int]]:
    """organisation -> the groupings it belongs to on the day, directly or through the
    groups in between (a municipality -> its corner -> the four corners)."""
    up: dict[int, set[int]] = defaultdict(set)
    for member_id, group_id in Affiliation.objects.current(on).values_list("member_id", "group_id"):
        up[member_id].add(group_id)
    above: dict[int, set[int]] = {}
    for start in up:
        seen: set[int] = set()
        frontier = list(up[start])
        while frontier:
            group = frontier.pop()
            if group not in seen and group != start:
                seen.add(group)
                frontier.extend(up.get(group, ()))
        found = seen & groupings
        if found:
            above[start] = found
    return above


def landscape(selection: Selection) -> Landscape:
    """The selected public networks on the day, their members, the members of the
    groupings among those, and the networks' relations: six queries (seven for a past
    day, whose names are those of the day), whatever the size of the register."""
    on = selection.day
    networks = _networks(selection)
    organisations = {
        row["id"]: row
        for row in Organisation.objects.public().values(
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "municipality_code",
            "sub_region",
            "parent_id",
            "start_date",
            "end_date",
        )
    }
    if on < timezone.localdate():
        for organisation_id, name in names_on(on).items():
            if organisation_id in organisations:
                organisations[organisation_id]["name"] = name
    nodes = {pk: OrganisationNode(**row) for pk, row in organisations.items()}
    memberships = [
        Tie(network_id, organisation_id, role)
        for network_id, organisation_id, role in Membership.objects.current(on)
        .filter(network__is_public=True)
        .values_list("network_id", "organisation_id", "role")
        if network_id in networks and organisation_id in nodes
    ]
    groupings = {pk for pk, node in nodes.items() if node.kind == OrganisationKind.GROUPING}
    through: list[Tie] = []
    member_groupings = {t.organisation_id for t in memberships} & groupings
    if member_groupings:
        by_grouping: dict[int, list[Tie]] = defaultdict(list)
        for tie in memberships:
            if tie.organisation_id in member_groupings:
                by_grouping[tie.organisation_id].append(tie)
        for organisation_id, above in _groupings_above(on, member_groupings).items():
            for grouping in sorted(above):
                for tie in by_grouping[grouping]:
                    through.append(Tie(tie.network_id, organisation_id, tie.role, grouping))
    relations = [
        RelationEdge(*row)
        for row in Relation.objects.filter(source_id__in=networks.keys()).values_list(
            "source_id", "kind", "target_network_id", "target_organisation_id"
        )
        if row[2] is None or row[2] in networks
    ]
    return Landscape(
        on=on,
        networks=networks,
        organisations=nodes,
        memberships=memberships,
        through_groupings=through,
        relations=relations,
    )


def focus_choices() -> list[tuple[str, str]]:
    """The focus areas of public networks, in Swedish order."""
    tags = FocusTag.objects.filter(networks__is_public=True).distinct()
    return sorted(((t.slug, t.display_name) for t in tags), key=lambda c: swedish_key(c[1]))


def sub_region_choices() -> list[tuple[str, str]]:
    codes = (
        Organisation.objects.exclude(sub_region="")
        .order_by("sub_region")
        .values_list("sub_region", flat=True)
        .distinct()
    )
    return [(code, str(SUB_REGION_LABELS.get(code, code))) for code in codes]


def home_county() -> str:
    return settings.NATVERK_HOME_COUNTY


def strongest(roles) -> str:
    present = set(roles)
    return next((role for role in ROLE_ORDER if role in present), "")


# The membership matrix -----------------------------------------------------------------

ROWS_PER_PAGE = 50
COLUMNS_PER_PAGE = 20


@dataclass(slots=True)
class Cell:
    role: str = ""  # the organisation's own role, strongest first
    through: OrganisationNode | None = None  # or the grouping it takes part through
    through_role: str = ""
    count: int = 0  # in a grouped matrix: how many of the group's organisations

    @property
    def empty(self) -> bool:
        return not (self.role or self.through or self.count)


EMPTY = Cell()


@dataclass
class MatrixRow:
    label: str
    organisation: OrganisationNode | None  # None for a row of a county or kind
    cells: list[Cell]
    count: int  # networks of the selection the row takes part in


@dataclass(frozen=True)
class RowFilter:
    kind: str = ""
    county: str = ""
    sub_region: str = ""
    group_by: str = ""  # "", "county" or "kind"
    include_empty: bool = False


@dataclass
class Page:
    number: int
    count: int  # pages
    per_page: int
    total: int  # items on all pages

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def window(self, items: list) -> list:
        return items[self.first_index : self.first_index + self.per_page]


def page_of(total: int, per_page: int, asked: int | None) -> Page:
    count = max(1, -(-total // per_page))
    return Page(number=min(max(asked or 1, 1), count), count=count, per_page=per_page, total=total)


@dataclass
class Matrix:
    on: datetime.date
    columns: list[NetworkNode]  # this page's
    column_counts: list[int]
    rows: list[MatrixRow]  # this page's
    row_page: Page
    column_page: Page
    grouped: bool
    network_total: int
    organisation_total: int
    tie_total: int = 0

    @property
    def empty(self) -> bool:
        return not self.rows or not self.columns

    @property
    def last_row(self) -> int:
        return self.row_page.first_index + len(self.rows)

    @property
    def last_column(self) -> int:
        return self.column_page.first_index + len(self.columns)


@dataclass
class MatrixData:
    """Every row and column of a matrix, before paging: for pages and downloads."""

    on: datetime.date
    networks: list[NetworkNode]
    rows: list[tuple[str, OrganisationNode | None, dict[int, Cell]]]
    grouped: bool
    group_by: str = ""


def _row_matches(node: OrganisationNode, rows: RowFilter) -> bool:
    return (
        (not rows.kind or node.kind == rows.kind)
        and (not rows.county or node.county == rows.county)
        and (not rows.sub_region or node.sub_region == rows.sub_region)
    )


def _organisation_cells(land: Landscape) -> dict[int, dict[int, Cell]]:
    """organisation -> network -> its cell."""
    direct: dict[tuple[int, int], list[str]] = defaultdict(list)
    for tie in land.memberships:
        direct[(tie.organisation_id, tie.network_id)].append(tie.role)
    cells: dict[int, dict[int, Cell]] = defaultdict(dict)
    for (organisation_id, network_id), roles in direct.items():
        role = roles[0] if len(roles) == 1 else strongest(roles)
        cells[organisation_id][network_id] = Cell(role=role)
    for tie in sorted(land.through_groupings, key=lambda t: ROLE_ORDER.index(t.role)):
        if tie.network_id not in cells[tie.organisation_id]:
            cells[tie.organisation_id][tie.network_id] = Cell(
                through=land.organisations[tie.through],  # type: ignore[index]
                through_role=tie.role,
            )
    return cells


def matrix_data(selection: Selection, rows: RowFilter) -> MatrixData:
    land = landscape(selection)
    cells = _organisation_cells(land)
    chosen = [
        node
        for pk, node in land.organisations.items()
        if _row_matches(node, rows)
        and (cells.get(pk) or rows.include_empty)
        and (pk in cells or node.exists_on(land.on))
    ]
    chosen.sort(key=lambda node: swedish_key(node.name))
    networks = list(land.networks.values())
    if not rows.group_by:
        return MatrixData(
            on=land.on,
            networks=networks,
            rows=[(node.name, node, cells.get(node.id, {})) for node in chosen],
            grouped=False,
        )
    groups: dict[str, list[OrganisationNode]] = defaultdict(list)
    for node in chosen:
        groups[node.county if rows.group_by == "county" else node.kind].append(node)
    if rows.group_by == "county":
        names = county_names()
        order = [code for code in names if code in groups] + ([""] if "" in groups else [])
        labels = {code: names.get(code, "") for code in order}
        labels[""] = str(_("County not known"))
    else:
        labels = {kind: str(OrganisationKind(kind).label) for kind in groups}
        order = sorted(groups, key=lambda kind: swedish_key(labels[kind]))
    grouped_rows: list[tuple[str, OrganisationNode | None, dict[int, Cell]]] = []
    for key in order:
        counts: dict[int, int] = defaultdict(int)
        for node in groups[key]:
            for network_id in cells.get(node.id, {}):
                counts[network_id] += 1
        grouped_rows.append((labels[key], None, {pk: Cell(count=n) for pk, n in counts.items()}))
    return MatrixData(
        on=land.on, networks=networks, rows=grouped_rows, grouped=True, group_by=rows.group_by
    )


def matrix(
    selection: Selection, rows: RowFilter, *, row_page: int | None, column_page: int | None
) -> Matrix:
    data = matrix_data(selection, rows)
    rpage = page_of(len(data.rows), ROWS_PER_PAGE, row_page)
    cpage = page_of(len(data.networks), COLUMNS_PER_PAGE, column_page)
    columns = cpage.window(data.networks)
    shown_rows = rpage.window(data.rows)

    shown = {n.id for n in columns}
    taking_part: dict[int, int] = defaultdict(int)
    for _label, _node, cells in data.rows:
        for network_id in shown.intersection(cells):
            taking_part[network_id] += cells[network_id].count if data.grouped else 1
    column_counts = [taking_part[n.id] for n in columns]
    return Matrix(
        on=data.on,
        columns=columns,
        column_counts=column_counts,
        rows=[
            MatrixRow(
                label=label,
                organisation=node,
                cells=[cells.get(n.id, EMPTY) for n in columns],
                count=len(cells),
            )
            for label, node, cells in shown_rows
        ],
        row_page=rpage,
        column_page=cpage,
        grouped=data.grouped,
        network_total=len(data.networks),
        organisation_total=len(data.rows),
        tie_total=sum(len(c) for _l, _o, c in data.rows),
    )


# Coverage of the home county -----------------------------------------------------------


@dataclass
class MunicipalityCoverage:
    organisation: OrganisationNode
    direct: list[NetworkNode]
    through: list[tuple[NetworkNode, OrganisationNode]]  # network, grouping

    @property
    def total(self) -> int:
        return len({n.id for n in self.direct} | {n.id for n, _g in self.through})


@dataclass
class CornerCount:
    network: NetworkNode
    counts: list[int]  # per corner, in the order of `Coverage.corners`

    @property
    def missing(self) -> list[int]:
        return [index for index, count in enumerate(self.counts) if count == 0]


@dataclass
class Coverage:
    on: datetime.date
    county: str
    county_name: str
    networks: list[NetworkNode]
    municipalities: list[MunicipalityCoverage]
    corners: list[tuple[str, str]]  # (code, label)
    corner_counts: list[CornerCount]

    @property
    def in_none(self) -> list[MunicipalityCoverage]:
        return [m for m in self.municipalities if m.total == 0]

    @property
    def not_directly(self) -> list[MunicipalityCoverage]:
        return [m for m in self.municipalities if not m.direct]

    @property
    def lacking_a_corner(self) -> list[CornerCount]:
        return [c for c in self.corner_counts if c.missing]


def municipalities_of(land: Landscape, county: str) -> list[OrganisationNode]:
    return sorted(
        (
            node
            for node in land.organisations.values()
            if node.kind == OrganisationKind.MUNICIPALITY
            and node.county == county
            and node.exists_on(land.on)
        ),
        key=lambda node: swedish_key(node.name),
    )


def _coverage_of(land: Landscape, municipalities: list[OrganisationNode]):
    wanted = {m.id for m in municipalities}
    direct: dict[int, list[NetworkNode]] = defaultdict(list)
    through: dict[int, list[tuple[NetworkNode, OrganisationNode]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for tie in land.memberships:
        if tie.organisation_id in wanted and (tie.organisation_id, tie.network_id) not in seen:
            seen.add((tie.organisation_id, tie.network_id))
            direct[tie.organisation_id].append(land.networks[tie.network_id])
    for tie in land.through_groupings:
        key = (tie.organisation_id, tie.network_id)
        if tie.organisation_id in wanted and key not in seen:
            seen.add(key)
            through[tie.organisation_id].append(
                (land.networks[tie.network_id], land.organisations[tie.through])  # type: ignore[index]
            )
    return [MunicipalityCoverage(m, direct[m.id], through[m.id]) for m in municipalities]


def coverage(selection: Selection, county: str | None = None) -> Coverage:
    county = county or home_county()
    land = landscape(selection)
    municipalities = _coverage_of(land, municipalities_of(land, county))
    codes = sorted({m.organisation.sub_region for m in municipalities if m.organisation.sub_region})
    corners = [(code, str(SUB_REGION_LABELS.get(code, code))) for code in codes]
    corner_of = {m.organisation.id: m.organisation.sub_region for m in municipalities}
    taking_part: dict[int, set[int]] = defaultdict(set)
    for tie in land.ties:
        if tie.organisation_id in corner_of:
            taking_part[tie.network_id].add(tie.organisation_id)
    corner_counts = [
        CornerCount(
            network=network,
            counts=[
                sum(1 for m in taking_part[network.id] if corner_of[m] == code)
                for code, _label in corners
            ],
        )
        for network in land.networks.values()
    ]
    return Coverage(
        on=land.on,
        county=county,
        county_name=county_names().get(county, county),
        networks=list(land.networks.values()),
        municipalities=municipalities,
        corners=corners,
        corner_counts=corner_counts,
    )


# The map ---------------------------------------------------------------------------------


@dataclass
class MapArea:
    code: str
    name: str
    organisation: OrganisationNode | None  # the register's municipality, if it has one
    direct: int = 0
    through: int = 0
    role: str = ""  # with one network chosen: the municipality's part in it
    through_grouping: OrganisationNode | None = None

    @property
    def total(self) -> int:
        return self.direct + self.through


@dataclass
class MapData:
    on: datetime.date
    county: str
    county_name: str
    areas: list[MapArea]  # in the order of the map's outlines
    network: NetworkNode | None  # shading by one network's members
    network_count: int  # networks in the selection

    @property
    def highest(self) -> int:
        return max((a.total for a in self.areas), default=0)

    @property
    def areas_by_name(self) -> list[MapArea]:
        return sorted(self.areas, key=lambda a: swedish_key(a.name))


def map_data(selection: Selection, county: str, network_slug: str = "") -> MapData | None:
    """The county's municipalities with how many of the selected networks each takes
    part in (directly, and through a grouping only), or with their part in one network.
    None when no county has the code."""
    outlines = county_map(county)
    if outlines is None:
        return None
    land = landscape(selection)
    by_code = {
        node.municipality_code: node
        for node in land.organisations.values()
        if node.kind == OrganisationKind.MUNICIPALITY and node.county == county
    }
    chosen = next((n for n in land.networks.values() if n.slug == network_slug), None)
    coverage_rows = {
        c.organisation.id: c
        for c in _coverage_of(land, [n for n in by_code.values() if n.exists_on(land.on)])
    }
    roles: dict[int, list[str]] = defaultdict(list)
    via: dict[int, tuple[str, OrganisationNode]] = {}
    if chosen is not None:
        for tie in land.memberships:
            if tie.network_id == chosen.id:
                roles[tie.organisation_id].append(tie.role)
        for tie in land.through_groupings:
            if tie.network_id == chosen.id and tie.organisation_id not in via:
                via[tie.organisation_id] = (tie.role, land.organisations[tie.through])  # type: ignore[index]
    areas = []
    for outline in outlines.outlines:
        node = by_code.get(outline.code)
        area = MapArea(
            code=outline.code, name=node.name if node else outline.name, organisation=node
        )
        row = coverage_rows.get(node.id) if node else None
        if row is not None:
            area.direct = len({n.id for n in row.direct})
            area.through = row.total - area.direct
        if node is not None and chosen is not None:
            area.role = strongest(roles.get(node.id, []))
            if not area.role and node.id in via:
                area.through_grouping = via[node.id][1]
        areas.append(area)
    return MapData(
        on=land.on,
        county=county,
        county_name=outlines.name,
        areas=areas,
        network=chosen,
        network_count=len(land.networks),
    )


def network_choices(selection: Selection) -> list[tuple[str, str]]:
    return [(n.slug, n.name) for n in _networks(selection).values()]


def is_convening(role: str) -> bool:
    return role in CONVENING_ROLES


# One network and its neighbours ----------------------------------------------------------

NEIGHBOURS_SHOWN = 12


@dataclass
class Neighbour:
    network: NetworkNode
    shared: list[OrganisationNode]  # the members it shares with the network, by name


@dataclass
class RelatedBody:
    kind: str  # RelationKind
    outgoing: bool  # the network relates to it (else it relates to the network)
    network: NetworkNode | None = None
    organisation: OrganisationNode | None = None

    @property
    def name(self) -> str:
        if self.network is not None:
            return self.network.name
        return self.organisation.name if self.organisation else ""


@dataclass
class Neighbourhood:
    network: NetworkNode
    members: list[tuple[OrganisationNode, str]]  # current members and their roles
    neighbours: list[Neighbour]  # the networks sharing most members, at most 12
    more: int  # further networks that share a member
    related: list[RelatedBody]

    @property
    def empty(self) -> bool:
        return not (self.members or self.related)


def _organisation_node(row: dict, prefix: str = "organisation__") -> OrganisationNode:
    return OrganisationNode(
        id=row[f"{prefix}id"],
        slug=row[f"{prefix}slug"],
        name=row[f"{prefix}name"],
        short_name=row[f"{prefix}short_name"],
        kind=row[f"{prefix}kind"],
        municipality_code=row[f"{prefix}municipality_code"],
        sub_region=row[f"{prefix}sub_region"],
        parent_id=None,
        start_date=None,
        end_date=None,
    )


ORGANISATION_FIELDS = [
    "id",
    "slug",
    "name",
    "short_name",
    "kind",
    "municipality_code",
    "sub_region",
]
NETWORK_FIELDS = ["id", "slug", "name", "name_en", "short_name"]


def _network_node(row: dict, prefix: str = "network__") -> NetworkNode:
    return NetworkNode(**{f: row[f"{prefix}{f}"] for f in NETWORK_FIELDS}, home_role="")


def neighbourhood(network, *, limit: int = NEIGHBOURS_SHOWN) -> Neighbourhood:
    """The public network, its current members, the other public networks they sit in
    (within two steps), most shared first, and its relations: three queries."""
    today = timezone.localdate()
    centre = NetworkNode(**{f: getattr(network, f) for f in NETWORK_FIELDS}, home_role="")
    current = Membership.objects.current(today)
    members: dict[int, tuple[OrganisationNode, list[str]]] = {}
    for row in current.filter(network_id=network.pk, organisation__needs_review=False).values(
        "role", *(f"organisation__{f}" for f in ORGANISATION_FIELDS)
    ):
        node = members.setdefault(row["organisation__id"], (_organisation_node(row), []))
        node[1].append(row["role"])
    neighbours: dict[int, Neighbour] = {}
    for row in (
        current.filter(organisation_id__in=members.keys(), network__is_public=True)
        .exclude(network_id=network.pk)
        .values("organisation_id", *(f"network__{f}" for f in NETWORK_FIELDS))
    ):
        neighbour = neighbours.setdefault(row["network__id"], Neighbour(_network_node(row), []))
        organisation = members[row["organisation_id"]][0]
        if organisation not in neighbour.shared:
            neighbour.shared.append(organisation)
    ranked = sorted(
        neighbours.values(), key=lambda n: (-len(n.shared), swedish_key(n.network.name))
    )
    for neighbour in ranked:
        neighbour.shared.sort(key=lambda o: swedish_key(o.name))
    related = []
    for row in (
        Relation.objects.filter(Q(source_id=network.pk) | Q(target_network_id=network.pk))
        .filter(Q(source__is_public=True))
        .values(
            "kind",
            "source_id",
            "target_network__is_public",
            *(f"source__{f}" for f in NETWORK_FIELDS),
            *(f"target_network__{f}" for f in NETWORK_FIELDS),
            *(f"target_organisation__{f}" for f in ORGANISATION_FIELDS),
        )
    ):
        if row["source_id"] != network.pk:
            related.append(RelatedBody(row["kind"], False, _network_node(row, "source__")))
        elif row["target_network__id"] is not None:
            if row["target_network__is_public"]:
                related.append(
                    RelatedBody(row["kind"], True, _network_node(row, "target_network__"))
                )
        else:
            related.append(
                RelatedBody(
                    row["kind"], True, None, _organisation_node(row, "target_organisation__")
                )
            )
    ordered_members = sorted(
        ((node, strongest(roles)) for node, roles in members.values()),
        key=lambda pair: (ROLE_ORDER.index(pair[1]), swedish_key(pair[0].name)),
    )
    return Neighbourhood(
        network=centre,
        members=ordered_members,
        neighbours=ranked[:limit],
        more=max(0, len(ranked) - limit),
        related=related,
    )
