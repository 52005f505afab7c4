"""Shortest paths on a line network contracted to its junctions.

Most stations of a rail network sit on runs of two-link nodes between junctions. A
:class:`Contracted` graph keeps only the junctions and ends (nodes with a number of
neighbours other than two; one node of each ring that has no junction) and joins them by
*chains*: the runs of nodes between two kept nodes, each with its node list and the
cumulative length along it. Parallel chains between the same two kept nodes are all
kept, and so are chains that leave a kept node and come back to it (loops).

A search between two stations starts from the two ends of the source's chain (at the
lengths along the chain to each end), stops at the two ends of the target's chain, and
for two stations on one chain also weighs the stretch between them. The path found is
expanded back to the full node list of the original graph.

The object is built once per graph and never changed afterwards; a search uses only
local state, so one object serves any number of threads.
"""

from __future__ import annotations

import heapq

_INF = float("inf")


class Contracted:
    """A graph contracted to its junctions, for shortest paths by edge weight.

    Parameters
    ----------
    graph : networkx.Graph
        An undirected graph with one link per pair of nodes; it is read once and not kept.
    weight : str
        The edge attribute to add up (non-negative numbers).

    Notes
    -----
    Self-loops are left out: with non-negative weights no shortest path uses one.
    """

    __slots__ = ("_adj", "_chains", "_ends", "_index", "_kept", "_where")

    def __init__(self, graph, weight: str = "length_km"):
        if graph.is_directed() or graph.is_multigraph():
            raise ValueError("a contracted graph is built from an undirected graph with one "
                             "link per pair of nodes")
        adj = graph.adj
        nbrs = {n: [v for v in adj[n] if v != n] for n in adj}
        inner = {n for n, vs in nbrs.items() if len(vs) == 2}
        chains: list[tuple[tuple, list]] = []
        where: dict = {}
        used: set = set()  # (node, next node): the first link of a chain walked so far

        def walk(start, first):
            nodes, cum = [start, first], [0.0, adj[start][first][weight]]
            prev, cur = start, first
            while cur in inner and cur != start:
                a, b = nbrs[cur]
                nxt = b if a == prev else a
                nodes.append(nxt)
                cum.append(cum[-1] + adj[cur][nxt][weight])
                prev, cur = cur, nxt
            used.add((start, first))
            used.add((cur, prev))
            c = len(chains)
            for i in range(1, len(nodes) - 1):
                where[nodes[i]] = (c, i)
            chains.append((tuple(nodes), cum))

        kept = [n for n in adj if n not in inner]
        for k in kept:
            for v in nbrs[k]:
                if (k, v) not in used:
                    walk(k, v)
        # rings without a junction: keep their first node (in graph order) and walk round
        for n in adj:
            if n in inner and n not in where:
                inner.discard(n)
                kept.append(n)
                walk(n, nbrs[n][0])

        # kept nodes are numbered in the order found; the search runs on those numbers
        index = {k: i for i, k in enumerate(kept)}
        kadj: list[list] = [[] for _ in kept]
        ends = []
        for c, (nodes, cum) in enumerate(chains):
            x, y = index[nodes[0]], index[nodes[-1]]
            ends.append((x, y))
            if x != y:  # a loop back to its own end never shortens a path
                kadj[x].append((y, cum[-1], c, True))
                kadj[y].append((x, cum[-1], c, False))
        self._adj = kadj
        self._index = index
        self._kept = kept
        self._chains = chains
        self._ends = ends
        self._where = where

    def __contains__(self, node) -> bool:
        return node in self._index or node in self._where

    @property
    def n_kept(self) -> int:
        """The number of kept nodes (junctions, ends, one node per junction-free ring)."""
        return len(self._kept)

    @property
    def n_chains(self) -> int:
        """The number of chains (edges of the contracted graph)."""
        return len(self._chains)

    def path(self, a, b) -> list | None:
        """The node list of a shortest path from ``a`` to ``b`` (None when there is none).

        Parameters
        ----------
        a, b : node
            Nodes of the graph the object was built from.

        Returns
        -------
        list or None
            The nodes from ``a`` to ``b``, both included (``[a]`` when they are the same).
        """
        if a == b:
            return [a]
        chains, where, kadj, index, chain_ends = (self._chains, self._where, self._adj,
                                                  self._index, self._ends)
        # the ways out of a: (cost, kept node, how a reaches it)
        wa, wb = where.get(a), where.get(b)
        if wa is None:
            starts = [(0.0, index[a], None)]
        else:
            c, i = wa
            cum = chains[c][1]
            x, y = chain_ends[c]
            starts = [(cum[i], x, (c, i, False)), (cum[-1] - cum[i], y, (c, i, True))]
        # the ways into b: kept node -> [(cost, how it reaches b)]
        ends: dict = {}
        best, best_end = _INF, None
        if wb is None:
            ends[index[b]] = [(0.0, None)]
        else:
            c, j = wb
            cum = chains[c][1]
            x, y = chain_ends[c]
            ends[x] = [(cum[j], (c, j, True))]
            ends.setdefault(y, []).append((cum[-1] - cum[j], (c, j, False)))
            if wa is not None and wa[0] == c:
                best, best_end = abs(cum[j] - cum[wa[1]]), "direct"
        dist = [_INF] * len(kadj)
        pred = [None] * len(kadj)
        heap: list = []
        for d, k, how in starts:
            if d < dist[k]:
                dist[k], pred[k] = d, (None, how)
                heap.append((d, k))
        heap.sort()
        pop, push = heapq.heappop, heapq.heappush
        while heap:
            d, u = pop(heap)
            if d >= best:
                break
            if d > dist[u]:
                continue  # a stale entry: u was reached more cheaply since
            if u in ends:
                for off, how in ends[u]:
                    if d + off < best:
                        best, best_end = d + off, (u, how)
            for v, w, c, fwd in kadj[u]:
                nd = d + w
                if nd < dist[v]:
                    dist[v], pred[v] = nd, (u, (c, fwd))
                    push(heap, (nd, v))
        if best_end is None:
            return None
        if best_end == "direct":
            nodes = chains[wa[0]][0]
            i, j = wa[1], wb[1]
            return list(nodes[i:j + 1]) if i < j else list(nodes[j:i + 1][::-1])
        return self._expand(best_end, pred)

    def _expand(self, end, pred) -> list:
        """The node list of the path that reaches ``b`` from kept node ``end[0]``."""
        chains = self._chains
        u, how = end
        pieces = []
        if how is not None:  # from kept node u into the chain to b
            c, j, from_start = how
            nodes = chains[c][0]
            pieces.append(nodes[:j + 1] if from_start else nodes[j:][::-1])
        while True:
            prev, step = pred[u]
            if prev is None:
                if step is not None:  # from a along its chain out to kept node u
                    c, i, to_end = step
                    nodes = chains[c][0]
                    pieces.append(nodes[i:] if to_end else nodes[:i + 1][::-1])
                break
            c, fwd = step
            nodes = chains[c][0]
            pieces.append(nodes if fwd else nodes[::-1])
            u = prev
        out: list = []
        for piece in reversed(pieces):
            out.extend(piece if not out else piece[1:])
        return out
