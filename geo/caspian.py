"""Courses over the Caspian Sea that stay on water.

searoute's maritime network does not reach the Caspian, and a straight line between two
of its ports can cross land (Aktau to Baku runs over the Absheron peninsula). Here the
sea is a grid of water points (every :data:`STEP_DEG` degrees, outside the Natural Earth
country polygons), linked to their eight neighbours where the link stays off land; a
course is the shortest path over that grid, pulled straight wherever the straight line
stays on water. Ports on land join the grid at its nearest water point.

The grid depends only on the Natural Earth file and this module, so it is built once and
kept in the cache folder (``geo._shapes.cached``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

#: Longitude/latitude box of the Caspian Sea (west, south, east, north).
BOX = (46.5, 36.4, 55.2, 47.3)
#: Spacing of the water grid in degrees (about 10 km).
STEP_DEG = 0.1


def in_box(lon: float, lat: float) -> bool:
    """Whether a point lies in the Caspian box :data:`BOX`."""
    x0, y0, x1, y1 = BOX
    return x0 <= lon <= x1 and y0 <= lat <= y1


def _build_land():
    import shapely

    from geo.countries import country_polygons

    x0, y0, x1, y1 = BOX
    box = shapely.box(x0 - 1, y0 - 1, x1 + 1, y1 + 1)
    frame = country_polygons()
    near = frame[frame.intersects(box)]
    return shapely.intersection(shapely.union_all(near.geometry.values), box)


@lru_cache(maxsize=1)
def _land():
    """The land around the Caspian (country polygons clipped to the box), prepared."""
    import shapely

    from geo._shapes import cached

    land = cached("caspian-land", _build_land, BOX)
    shapely.prepare(land)
    return land


def _build_grid(step: float):
    import shapely

    land = _land()
    x0, y0, x1, y1 = BOX
    xs = np.arange(x0, x1 + step / 2, step)
    ys = np.arange(y0, y1 + step / 2, step)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    water = ~shapely.contains_xy(land, pts[:, 0], pts[:, 1])
    index = -np.ones(len(pts), dtype=int)
    index[water] = np.arange(int(water.sum()))
    nodes = pts[water]
    ncol = len(xs)
    edges = []
    for di, dj in ((0, 1), (1, 0), (1, 1), (1, -1)):
        for k in np.flatnonzero(water):
            i, j = divmod(k, ncol)
            i2, j2 = i + di, j + dj
            if 0 <= i2 < len(ys) and 0 <= j2 < ncol and water[i2 * ncol + j2]:
                edges.append((index[k], index[i2 * ncol + j2]))
    edges = np.array(edges, dtype=int)
    segs = shapely.linestrings(np.stack([nodes[edges[:, 0]], nodes[edges[:, 1]]], axis=1))
    keep = ~shapely.intersects(land, segs)
    return nodes, edges[keep]


@lru_cache(maxsize=1)
def _grid():
    """(nodes (n, 2) lon/lat, a networkx graph of the water links weighted in km)."""
    import networkx as nx

    from geo._shapes import cached
    from geo.networks import GEOD

    nodes, edges = cached("caspian-water", lambda: _build_grid(STEP_DEG), STEP_DEG)
    a, b = nodes[edges[:, 0]], nodes[edges[:, 1]]
    _, _, d = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    g = nx.Graph()
    g.add_weighted_edges_from(zip(edges[:, 0].tolist(), edges[:, 1].tolist(),
                                  (np.asarray(d) / 1000.0).tolist()))
    return nodes, g


def _nearest_water(lon: float, lat: float) -> int:
    nodes, _ = _grid()
    d2 = (nodes[:, 0] - lon) ** 2 * np.cos(np.radians(lat)) ** 2 + (nodes[:, 1] - lat) ** 2
    return int(np.argmin(d2))


def _on_water(a, b) -> bool:
    import shapely

    return not shapely.intersects(_land(), shapely.linestrings([a, b]))


def course(points) -> np.ndarray:
    """A course over the Caspian through the given (lon, lat) points, as an (n, 2) array.

    Each leg is the shortest path over the water grid between the water points nearest
    to its ends, pulled straight where the straight line stays on water; the ends
    themselves (ports on land) are kept.
    """
    import networkx as nx

    nodes, g = _grid()
    out: list = []
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        ia, ib = _nearest_water(ax, ay), _nearest_water(bx, by)
        try:
            idx = nx.shortest_path(g, ia, ib, weight="weight") if ia != ib else [ia]
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            idx = [ia, ib]  # no water path between them (should not happen): straight
        chain = [nodes[i] for i in idx]
        leg = [np.array([ax, ay])] + _pulled(chain) + [np.array([bx, by])]
        out.extend(leg if not out else leg[1:])
    return np.array(out, dtype=float)


def _pulled(chain: list) -> list:
    """The fewest points of a grid path, each straight stretch staying on water."""
    if len(chain) <= 2:
        return list(chain)
    out, i = [chain[0]], 0
    while i < len(chain) - 1:
        j = len(chain) - 1
        while j > i + 1 and not _on_water(chain[i], chain[j]):
            j -= 1
        out.append(chain[j])
        i = j
    return out
