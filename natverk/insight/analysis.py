"""The landscape as a graph, and what networkx says about it: who links the most
networks (degree), who stands between them (betweenness: the brokers), which networks
share most of their members (Jaccard overlap: candidates to merge), and which networks
and organisations cluster together (communities). Also where to draw each node.

Every answer is the same for the same register: the sampling and the layout are seeded,
and a node starts the layout from a place derived from its key, so that a small change
in the register moves the picture little."""

import hashlib
import heapq
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from django.conf import settings
from django.core.cache import cache

from natverk.insight.selectors import Landscape, NetworkNode, OrganisationNode, Selection
from natverk.publishing.collation import swedish_key
from natverk.publishing.selectors import public_data_changed_at

NETWORK = "n"
ORGANISATION = "o"
Node = tuple[str, int]

SEED = 2026
# Exact betweenness visits every edge once per node. Up to this much work (nodes times
# nodes and edges) it is exact; beyond, it is estimated from a seeded sample of nodes
# sized to stay within it, which keeps the whole analysis of a national register
# (1,000 networks, 2,000 organisations) under a second.
BETWEENNESS_WORK = 200_000
MIN_PIVOTS = 10
# Louvain finds the clearest communities but takes seconds on tens of thousands of
# memberships; past this many edges, fast label propagation does it in a fraction.
LOUVAIN_MAX_EDGES = 5_000
MERGE_THRESHOLD = 0.5  # Jaccard overlap from which two networks are worth merging
OVERLAPS_LISTED = 25


def network_node(pk: int) -> Node:
    return (NETWORK, pk)


def organisation_node(pk: int) -> Node:
    return (ORGANISATION, pk)


@dataclass(frozen=True)
class Overlap:
    first: int  # network ids, the first before the second in Swedish order
    second: int
    shared: int
    jaccard: float

    @property
    def merge_candidate(self) -> bool:
        return self.jaccard >= MERGE_THRESHOLD


@dataclass
class Analysis:
    degree: dict[Node, int]
    betweenness: dict[Node, float]
    pivots: int | None  # the sample betweenness was estimated from; None when exact
    communities: list[list[Node]]  # largest first
    community_method: str  # "louvain" or "label_propagation"
    overlaps: list[Overlap]  # the largest, most overlapping first
    merge_candidates: int  # pairs at or above MERGE_THRESHOLD
    seconds: float = 0.0
    community_of: dict[Node, int] = field(default_factory=dict)
    # What the picture draws and where: made with the rest, so kept with it.
    drawn: "Drawn" = field(default_factory=lambda: Drawn([], [], trimmed=False))
    positions: dict[Node, tuple[float, float]] = field(default_factory=dict)


def landscape_graph(land: Landscape) -> nx.Graph:
    """Networks and organisations as nodes; memberships and relations as edges."""
    graph = nx.Graph()
    graph.add_nodes_from(network_node(pk) for pk in land.networks)
    graph.add_edges_from(
        (network_node(t.network_id), organisation_node(t.organisation_id)) for t in land.memberships
    )
    for relation in land.relations:
        target = (
            network_node(relation.target_network_id)
            if relation.target_network_id is not None
            else organisation_node(relation.target_organisation_id)  # type: ignore[arg-type]
        )
        graph.add_edge(network_node(relation.source_id), target)
    return graph


def overlaps(land: Landscape) -> tuple[list[Overlap], int]:
    """Pairs of networks that share members, by Jaccard overlap of their members, and how
    many pairs reach the merge threshold. Counted from each organisation's networks, so
    only pairs that share someone are ever looked at."""
    members = land.members_of()
    networks_of: dict[int, list[int]] = defaultdict(list)
    for network_id, organisation_ids in members.items():
        for organisation_id in organisation_ids:
            networks_of[organisation_id].append(network_id)
    order = {pk: index for index, pk in enumerate(land.networks)}
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for network_ids in networks_of.values():
        for pair in combinations(sorted(network_ids, key=order.__getitem__), 2):
            shared[pair] += 1
    size = {pk: len(organisation_ids) for pk, organisation_ids in members.items()}
    # One pass, the arithmetic inline: at national scale there are some 100,000 pairs.
    candidates = 0
    ranked = []
    for (first, second), count in shared.items():
        jaccard = count / (size[first] + size[second] - count)
        if jaccard >= MERGE_THRESHOLD:
            candidates += 1
        ranked.append((-jaccard, -count, order[first], order[second], first, second))
    best = heapq.nsmallest(OVERLAPS_LISTED, ranked)
    return [
        Overlap(first, second, -count, -jaccard) for jaccard, count, _o1, _o2, first, second in best
    ], candidates


def _betweenness(graph: nx.Graph) -> tuple[dict[Node, float], int | None]:
    size = graph.number_of_nodes()
    work = size * (size + graph.number_of_edges())
    if work <= BETWEENNESS_WORK:
        return nx.betweenness_centrality(graph), None
    pivots = min(size, max(MIN_PIVOTS, BETWEENNESS_WORK // (size + graph.number_of_edges())))
    ordered = nx.Graph()  # the sample depends on the order of the nodes: make it fixed
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.edges))
    return nx.betweenness_centrality(ordered, k=pivots, seed=SEED), pivots


def _communities(graph: nx.Graph) -> tuple[list[list[Node]], str]:
    connected = graph.copy()
    connected.remove_nodes_from(list(nx.isolates(connected)))
    if connected.number_of_edges() <= LOUVAIN_MAX_EDGES:
        found = nx.community.louvain_communities(connected, seed=SEED)
        method = "louvain"
    else:
        found = nx.community.fast_label_propagation_communities(connected, seed=SEED)
        method = "label_propagation"
    communities = [sorted(c) for c in found]
    communities.sort(key=lambda c: (-sum(1 for n in c if n[0] == NETWORK), -len(c), c[0]))
    return communities, method


def analyse(land: Landscape) -> Analysis:
    started = time.perf_counter()
    graph = landscape_graph(land)
    betweenness, pivots = _betweenness(graph)
    communities, method = _communities(graph)
    listed, candidates = overlaps(land)
    found = Analysis(
        degree=dict(graph.degree),
        betweenness=betweenness,
        pivots=pivots,
        communities=communities,
        community_method=method,
        overlaps=listed,
        merge_candidates=candidates,
        seconds=time.perf_counter() - started,
        community_of={node: index for index, c in enumerate(communities) for node in c},
    )
    found.drawn = drawn_part(land, found)
    found.positions = layout(land, found.drawn)
    found.seconds = time.perf_counter() - started
    return found


# What the picture shows ----------------------------------------------------------------

MAX_DRAWN_NETWORKS = 30
MAX_DRAWN_ORGANISATIONS = 50
# A register this small is drawn whole.
DRAW_ALL_UP_TO = 90


@dataclass
class Drawn:
    networks: list[int]
    organisations: list[int]
    trimmed: bool  # whether the picture leaves nodes out


def drawn_part(land: Landscape, analysis: Analysis) -> Drawn:
    """What fits in a readable picture: everything in a small register; else the
    networks with the most members and the organisations they share."""
    members = land.members_of()
    everyone = sorted({t.organisation_id for t in land.memberships})
    relation_targets = [
        r.target_organisation_id for r in land.relations if r.target_organisation_id is not None
    ]
    if len(land.networks) + len(everyone) <= DRAW_ALL_UP_TO:
        organisations = sorted(set(everyone) | set(relation_targets))
        return Drawn(list(land.networks), organisations, trimmed=False)
    order = {pk: index for index, pk in enumerate(land.networks)}
    networks = sorted(land.networks, key=lambda pk: (-len(members[pk]), order[pk]))
    networks = networks[:MAX_DRAWN_NETWORKS]
    links: dict[int, int] = defaultdict(int)
    for pk in networks:
        for organisation_id in members[pk]:
            links[organisation_id] += 1
    shared = [pk for pk, count in links.items() if count >= 2] or list(links)
    shared.sort(key=lambda pk: (-links[pk], -analysis.degree.get(organisation_node(pk), 0), pk))
    return Drawn(
        sorted(networks, key=order.__getitem__),
        sorted(shared[:MAX_DRAWN_ORGANISATIONS]),
        trimmed=True,
    )


def _start(key: str) -> tuple[float, float]:
    """A place in the unit square that depends on the key alone."""
    digest = hashlib.sha256(key.encode()).digest()
    return digest[0] / 255, digest[1] / 255


def layout(land: Landscape, drawn: Drawn) -> dict[Node, tuple[float, float]]:
    """Where each drawn node goes, in [0, 1] × [0, 1]: a seeded force-directed layout."""
    graph = nx.Graph()
    nodes = [network_node(pk) for pk in drawn.networks] + [
        organisation_node(pk) for pk in drawn.organisations
    ]
    graph.add_nodes_from(nodes)
    present = set(nodes)
    for tie in land.memberships:
        edge = (network_node(tie.network_id), organisation_node(tie.organisation_id))
        if edge[0] in present and edge[1] in present:
            graph.add_edge(*edge)
    for relation in land.relations:
        target = (
            network_node(relation.target_network_id)
            if relation.target_network_id is not None
            else organisation_node(relation.target_organisation_id)  # type: ignore[arg-type]
        )
        if network_node(relation.source_id) in present and target in present:
            graph.add_edge(network_node(relation.source_id), target)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    keys = {
        **{network_node(pk): "n:" + land.networks[pk].slug for pk in drawn.networks},
        **{organisation_node(pk): "o:" + land.organisations[pk].slug for pk in drawn.organisations},
    }
    initial = {node: _start(keys[node]) for node in nodes}
    # Twice the default spacing, so that labels have room.
    spacing = 2 / len(nodes) ** 0.5
    positions = nx.spring_layout(graph, pos=initial, k=spacing, seed=SEED, iterations=150)
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    width = (max(xs) - min(xs)) or 1.0
    height = (max(ys) - min(ys)) or 1.0
    return {
        node: ((float(p[0]) - min(xs)) / width, (float(p[1]) - min(ys)) / height)
        for node, p in positions.items()
    }


def cached_analysis(land: Landscape, selection: Selection) -> Analysis:
    """The analysis of the landscape, made once per change of the public data (like the
    pages themselves) and shared by every page and language that shows it."""
    changed_at = public_data_changed_at()
    stamp = "|".join(
        [
            settings.NATVERK_RELEASE,
            changed_at.isoformat() if changed_at else "-",
            land.on.isoformat(),
            selection.focus,
            selection.role,
        ]
    )
    key = "insight:analysis:" + hashlib.sha256(stamp.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = analyse(land)
        cache.set(key, found, settings.NATVERK_PAGE_CACHE_SECONDS)
    return found


# The same facts as lists -------------------------------------------------------------------

BROKERS_LISTED = 25
COMMUNITIES_LISTED = 12


@dataclass
class Broker:
    organisation: OrganisationNode
    networks: int  # degree: the networks it sits in
    betweenness: float


@dataclass
class OverlapFact:
    first: NetworkNode
    second: NetworkNode
    shared: int
    jaccard: float
    merge_candidate: bool


@dataclass
class CommunityFact:
    number: int
    css: str
    networks: list[NetworkNode]
    organisations: int


@dataclass
class DrawnNetwork:
    network: NetworkNode
    members: list[tuple[OrganisationNode, str]]  # drawn members and their roles
    relations: list[tuple[str, str, str]]  # kind, name, address


@dataclass
class GraphFacts:
    network_count: int
    organisation_count: int
    membership_count: int
    brokers: list[Broker]
    overlaps: list[OverlapFact]
    merge_candidates: int
    communities: list[CommunityFact]
    community_count: int
    drawn: list[DrawnNetwork]


def graph_facts(land: Landscape, analysis: Analysis, drawn: Drawn) -> GraphFacts:
    """What the graph page lists: the brokers, the overlaps, the communities, and what
    the picture shows, network by network."""
    organisations = [n for n in analysis.degree if n[0] == ORGANISATION and analysis.degree[n]]
    organisations.sort(key=lambda n: (-analysis.degree[n], -analysis.betweenness.get(n, 0.0), n))
    brokers = [
        Broker(land.organisations[n[1]], analysis.degree[n], analysis.betweenness.get(n, 0.0))
        for n in organisations[:BROKERS_LISTED]
        if n[1] in land.organisations
    ]
    communities = []
    for index, members in enumerate(analysis.communities[:COMMUNITIES_LISTED]):
        networks = [
            land.networks[n[1]] for n in members if n[0] == NETWORK and n[1] in land.networks
        ]
        communities.append(
            CommunityFact(
                number=index + 1,
                css=f"community-{index % 8}",
                networks=networks,
                organisations=sum(1 for n in members if n[0] == ORGANISATION),
            )
        )
    shown = set(drawn.organisations)
    by_network: dict[int, list[tuple[OrganisationNode, str]]] = defaultdict(list)
    for tie in land.memberships:
        if tie.organisation_id in shown:
            by_network[tie.network_id].append((land.organisations[tie.organisation_id], tie.role))
    relations: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for relation in land.relations:
        if relation.target_network_id is not None:
            target: NetworkNode | OrganisationNode = land.networks[relation.target_network_id]
        else:
            target = land.organisations[relation.target_organisation_id]  # type: ignore[index]
        relations[relation.source_id].append((relation.kind, target.name, target.url))
    return GraphFacts(
        network_count=len(land.networks),
        organisation_count=len({t.organisation_id for t in land.memberships}),
        membership_count=len(land.memberships),
        brokers=brokers,
        overlaps=[
            OverlapFact(
                land.networks[o.first],
                land.networks[o.second],
                o.shared,
                o.jaccard,
                o.merge_candidate,
            )
            for o in analysis.overlaps
        ],
        merge_candidates=analysis.merge_candidates,
        communities=communities,
        community_count=len(analysis.communities),
        drawn=[
            DrawnNetwork(
                land.networks[pk],
                sorted(by_network[pk], key=lambda pair: swedish_key(pair[0].name)),
                relations[pk],
            )
            for pk in drawn.networks
        ],
    )
