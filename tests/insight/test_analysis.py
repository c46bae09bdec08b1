"""The networkx analysis on landscapes made in memory: what it says of a small one, and
that a large one is sampled, partitioned fast and drawn in part, the same every time."""

import datetime
import random

import networkx as nx

from natverk.insight import analysis
from natverk.insight.selectors import Landscape, NetworkNode, OrganisationNode, RelationEdge, Tie


def landscape(networks: int, organisations: int, per_network: int, seed: int = 1) -> Landscape:
    chance = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
    return Landscape(
        on=datetime.date(2026, 1, 1),
        networks={
            n: NetworkNode(n, f"n-{n}", f"Nätverk {n:04d}", "", "", "none")
            for n in range(1, networks + 1)
        },
        organisations={
            o: OrganisationNode(
                o, f"o-{o}", f"Organisation {o}", "", "other", "", "", None, None, None
            )
            for o in range(1, organisations + 1)
        },
        memberships=[
            Tie(n, o, "member")
            for n in range(1, networks + 1)
            for o in chance.sample(range(1, organisations + 1), per_network)
        ],
        through_groupings=[],
        relations=[RelationEdge(1, "reports_to", 2, None)],
    )


def test_overlap_is_the_jaccard_of_members_as_networkx_says():
    land = landscape(12, 20, 6)
    found = analysis.analyse(land)
    graph = analysis.landscape_graph(land)
    graph.remove_edge(("n", 1), ("n", 2))  # the relation is no membership
    for overlap in found.overlaps:
        [(_a, _b, expected)] = nx.jaccard_coefficient(
            graph, [(("n", overlap.first), ("n", overlap.second))]
        )
        assert abs(overlap.jaccard - expected) < 1e-9
    assert found.overlaps == sorted(
        found.overlaps, key=lambda o: (-o.jaccard, -o.shared, o.first, o.second)
    )
    assert found.pivots is None and found.community_method == "louvain"


def test_a_national_landscape_is_sampled_partitioned_fast_and_drawn_in_part():
    land = landscape(300, 600, 20)
    first, second = analysis.analyse(land), analysis.analyse(land)
    assert first.pivots is not None and first.pivots >= analysis.MIN_PIVOTS
    assert first.community_method == "label_propagation"
    assert first.betweenness == second.betweenness
    assert first.communities == second.communities
    drawn = analysis.drawn_part(land, first)
    assert drawn.trimmed
    assert len(drawn.networks) == analysis.MAX_DRAWN_NETWORKS
    assert len(drawn.organisations) == analysis.MAX_DRAWN_ORGANISATIONS
    assert analysis.layout(land, drawn) == analysis.layout(land, drawn)
    facts = analysis.graph_facts(land, first, drawn)
    assert facts.brokers[0].networks == max(first.degree[n] for n in first.degree if n[0] == "o")
    assert len(facts.drawn) == analysis.MAX_DRAWN_NETWORKS
