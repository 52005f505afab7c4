"""A sketch bent round the countries the text rules out.

A schematic line (a road or pipeline with no network, or a rail route the network cannot
keep out of a country) is straight through its stops; when the text rules out a country
that line crosses ("trucks went from Tbilisi to Tabriz, avoiding Armenia"), the line
takes the shortest way round it instead: over the corners of the country's border, moved
:data:`CLEARANCE_DEG` outwards (a visibility graph in longitude/latitude). It is still a
sketch, not a road: :func:`bend_round` says which way it went, or why it could not.
"""

from __future__ import annotations

import numpy as np

#: How far outside the border of a ruled-out country the bent line runs (degrees, ~15 km).
CLEARANCE_DEG = 0.15
#: At most this many border corners are used (the border is simplified until it has no more).
MAX_CORNERS = 300


def bend_round(points, avoid) -> tuple[np.ndarray | None, str]:
    """The stops ``points`` ((lon, lat) pairs, in order) joined by the shortest line that
    keeps out of the countries ``avoid`` (ISO2 codes).

    Returns
    -------
    (coords, why)
        ``coords`` an (n, 2) array, or None when the line cannot keep out (a stop lies in
        a ruled-out country, or no way round stays off it); ``why`` says which.
    """
    import shapely

    from geo._sketch import _country_index, _simple_countries

    codes, geoms = _simple_countries()
    index = _country_index()
    found = [geoms[index[c]] for c in avoid if c in index]
    if not found:
        return None, "its border is not known"
    block = shapely.union_all(found).buffer(0.03)
    shapely.prepare(block)
    for lon, lat in points:
        if block.contains(shapely.Point(lon, lat)):
            return None, "a stop lies in it"
    out = [np.asarray(points[0], dtype=float)]
    corners = None
    for a, b in zip(points, points[1:]):
        seg = shapely.LineString([a, b])
        if not block.intersects(seg):
            out.append(np.asarray(b, dtype=float))
            continue
        if corners is None:
            corners = _corners(shapely.union_all(found))
        leg = _round(np.asarray(a, float), np.asarray(b, float), corners, block)
        if leg is None:
            return None, "no way round it stays off it"
        out.extend(leg[1:])
    return np.array(out, dtype=float), "bent round it"


def _corners(shape) -> np.ndarray:
    """The corners of the border moved outwards, simplified to :data:`MAX_CORNERS`."""
    import shapely

    tol = 0.03
    while True:
        # (a corner moves by at most ``tol`` when simplified: the ring stays clear)
        simple = shapely.simplify(shape.buffer(CLEARANCE_DEG + tol), tol)
        polys = list(getattr(simple, "geoms", [simple]))
        pts = np.concatenate([np.asarray(p.exterior.coords)[:-1] for p in polys])
        if len(pts) <= MAX_CORNERS:
            return pts
        tol *= 2


def _round(a, b, corners, block) -> np.ndarray | None:
    """The shortest path from ``a`` to ``b`` over ``corners`` whose straight pieces stay
    off ``block``."""
    import networkx as nx
    import shapely

    from geo.networks import GEOD

    nodes = np.vstack([a, b, corners])
    i, j = np.triu_indices(len(nodes), k=1)
    segs = shapely.linestrings(np.stack([nodes[i], nodes[j]], axis=1))
    free = ~shapely.intersects(block, segs)
    i, j = i[free], j[free]
    _, _, d = GEOD.inv(nodes[i, 0], nodes[i, 1], nodes[j, 0], nodes[j, 1])
    g = nx.Graph()
    g.add_weighted_edges_from(zip(i.tolist(), j.tolist(), np.atleast_1d(d).tolist()))
    try:
        path = nx.shortest_path(g, 0, 1, weight="weight")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    return nodes[path]
