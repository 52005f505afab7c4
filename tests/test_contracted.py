"""The search on a network contracted to its junctions finds paths as short as a plain
shortest-path search on the full graph (geo._contracted)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pytest

from geo._contracted import Contracted
from geo.networks import Network, rail_network


def _check_path(g, c, a, b):
    """The contracted path from a to b is a simple path of g as short as networkx's."""
    got = c.path(a, b)
    if not nx.has_path(g, a, b):
        assert got is None
        return
    assert got is not None and got[0] == a and got[-1] == b
    assert len(set(got)) == len(got)  # simple
    assert all(g.has_edge(u, v) for u, v in zip(got, got[1:]))
    want = nx.shortest_path_length(g, a, b, weight="length_km")
    assert nx.path_weight(g, got, "length_km") == pytest.approx(want, rel=1e-12, abs=1e-12)


def _awkward_graph(rng: random.Random) -> nx.Graph:
    """Rings (alone and hanging off a junction), parallel chains, dead ends, self-loops,
    an isolated node and a lone link, with random lengths."""
    g = nx.Graph()

    def chain(*nodes):
        nx.add_path(g, nodes)

    chain("A", "a1", "a2", "a3", "B")          # A and B joined by three parallel chains
    chain("A", "b1", "B")
    chain("A", "c1", "c2", "c3", "c4", "c5", "B")
    chain("B", "d1", "d2", "C")                # dead end at C
    chain("A", "e1", "e2", "e3", "A")          # a loop back to A
    chain("B", "D")                            # a one-link chain to a junction
    chain("D", "f1", "E")
    chain("D", "g1", "g2", "E")                # parallel again, between degree-3 nodes
    chain("r1", "r2", "r3", "r4", "r5", "r1")  # a ring with no junction
    chain("s1", "s2")                          # a lone link
    chain("E", "h1")                           # a dead end one link long
    g.add_node("lonely")
    g.add_edge("a2", "a2")                     # self-loops: inside a chain, at a junction,
    g.add_edge("B", "B")                       # on a ring
    g.add_edge("r3", "r3")
    for u, v in g.edges:
        g.edges[u, v]["length_km"] = rng.choice([rng.uniform(0.5, 50.0), float(rng.randint(1, 4))])
    return g


@pytest.mark.parametrize("seed", range(12))
def test_every_pair_of_an_awkward_graph(seed):
    g = _awkward_graph(random.Random(seed))
    c = Contracted(g)
    for a in g:
        for b in g:
            _check_path(g, c, a, b)


def test_a_path_graph_and_a_bare_ring():
    for g in (nx.path_graph(7), nx.cycle_graph(9)):
        for i, (u, v) in enumerate(g.edges):
            g.edges[u, v]["length_km"] = 1.0 + (i * 7 % 5)
        c = Contracted(g)
        assert c.n_kept == (2 if nx.is_tree(g) else 1)
        for a in g:
            for b in g:
                _check_path(g, c, a, b)


@pytest.mark.parametrize("allow_unbuilt", [False, True])
def test_random_pairs_of_the_rail_network(allow_unbuilt):
    net = rail_network()
    g = net._routing_graph(allow_unbuilt)
    c = net._contraction(allow_unbuilt)
    assert c.n_kept < len(g) / 4  # most stations sit on chains
    rng = random.Random(13 + allow_unbuilt)
    nodes = sorted(g)
    for _ in range(400):
        _check_path(g, c, *rng.sample(nodes, 2))


def test_network_paths_match_the_full_graph():
    # Network.shortest_path builds its line from the expanded node list: same length,
    # same ends as the path networkx finds on the full graph
    net = rail_network()
    g = net._routing_graph(False)
    rng = random.Random(5)
    part = net._parts(False)
    nodes = sorted(n for n in g if g.degree(n))
    done = 0
    while done < 100:
        a, b = rng.sample(nodes, 2)
        if part[a] != part[b]:
            continue
        got = net.shortest_path(a, b)
        ref = net._path_of(nx.shortest_path(g, a, b, weight="length_km"))
        assert got.length_km == pytest.approx(ref.length_km, rel=1e-12)
        assert got.coords[0] == ref.coords[0] and got.coords[-1] == ref.coords[-1]
        done += 1


def test_threads_share_one_contraction():
    g = _awkward_graph(random.Random(99))
    for n in g:
        g.nodes[n].update(lon=0.0, lat=0.0)
    net = Network(g)
    pairs = [(a, b) for a in sorted(g) for b in sorted(g) if a != b and nx.has_path(g, a, b)]
    c = net._contraction(True)
    alone = [c.path(a, b) for a, b in pairs]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda ab: c.path(*ab), pairs * 4))
    assert together == alone * 4
    assert net._contraction(True) is c  # built once
