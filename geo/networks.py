"""Routable line networks: our curated rail network (``data/rail``) or a user's line file.

A :class:`Network` is a networkx graph whose nodes carry ``lon``, ``lat``, ``name`` and
``country`` and whose edges carry a geodesic ``length_km``, a ``status`` and, for a user's
file, the edge ``geometry``. Routing is by geodesic length.
"""

from __future__ import annotations

import csv
import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx
import numpy as np
from pyproj import Geod

from geo._contracted import Contracted
from geo._data import data_path
from geo._errors import DataError, RoutingError
from geo._sphere import unit_vector, unit_vectors

GEOD = Geod(ellps="WGS84")
LINK_STATUSES = ("operational", "under_construction", "planned", "proposed")
#: A stop further than this from every node cannot be put on the network.
DEFAULT_SNAP_KM = 60.0


#: Stations ranked by spherical distance whose ellipsoidal distance is compared (the sphere
#: errs by under 0.5%, so the nearest is always among the first few).
_NEAREST_CANDIDATES = 8
#: Candidates this much farther than the nearest on the sphere cannot be the nearest on
#: the ellipsoid (the two measures differ by at most about 0.6 % either way).
_ELLIPSOID_SLACK = 1.02


@dataclass
class NetworkPath:
    """A routed path: node ids, coordinates (lon, lat), length and the statuses it used."""

    nodes: list[str]
    coords: list[tuple[float, float]]
    length_km: float
    statuses: set[str] = field(default_factory=set)
    segments: list = field(default_factory=list)

    @property
    def uses_unbuilt_links(self) -> bool:
        return bool(self.statuses - {"operational"})


class Network:
    """A routable network.

    Parameters
    ----------
    graph : networkx.Graph
        Nodes with ``lon``, ``lat`` (and optional ``name``, ``country``); edges with
        ``length_km`` and ``status`` (and optional ``geometry``, a list of (lon, lat)).
    mode : str
        ``rail`` or ``road``.
    """

    def __init__(self, graph: nx.Graph, *, mode: str = "rail", name: str = ""):
        self.graph = graph
        self.mode = mode
        self.name = name
        self._ids = list(graph.nodes)
        self._ids_arr = np.array(self._ids, dtype=object)
        self._country = np.array([graph.nodes[n].get("country") for n in self._ids], dtype=object)
        self._lon = np.array([graph.nodes[n]["lon"] for n in self._ids], dtype=float)
        self._lat = np.array([graph.nodes[n]["lat"] for n in self._ids], dtype=float)
        self._xyz = unit_vectors(self._lon, self._lat).T.reshape(-1, 3)
        self._paths: dict = {}
        self._steps: dict = {}
        self._pieces: dict = {}
        self._contracted: dict = {}
        self._operational: nx.Graph | None = None  # built on first use; the graph is not changed after

    def __repr__(self):
        return (f"<Network {self.name or self.mode}: {self.graph.number_of_nodes()} nodes, "
                f"{self.graph.number_of_edges()} links, {self.n_components} part(s)>")

    @property
    def n_components(self) -> int:
        return nx.number_connected_components(self.graph) if len(self.graph) else 0

    def nearest(self, lon: float, lat: float, *, max_km: float = DEFAULT_SNAP_KM,
                country: str | None = None) -> tuple[str, float] | None:
        """The node nearest to a point (within ``max_km``), with its distance in km."""
        if not self._ids:
            return None
        if country:
            mask = self._country == country
            if not mask.any():
                return None
            ids, lons, lats, xyz = (self._ids_arr[mask], self._lon[mask], self._lat[mask],
                                    self._xyz[mask])
        else:
            ids, lons, lats, xyz = self._ids_arr, self._lon, self._lat, self._xyz
        # a cheap spherical measure picks a few candidates (the nearest on the sphere have
        # the largest dot product of unit vectors); the ellipsoid decides among those it
        # could put first: ellipsoidal and spherical distances differ by well under
        # 1 % either way, so a candidate 2 % farther on the sphere is farther on both
        dot = xyz @ unit_vector(lon, lat)
        best = float(dot[int(np.argmax(dot))])
        reach = math.acos(min(1.0, max(-1.0, best))) * _ELLIPSOID_SLACK + 1e-9
        # (the nearest itself always stays in, whatever the rounding of the cosine)
        near = np.flatnonzero(dot >= min(best, math.cos(reach))) if reach < math.pi else np.arange(len(dot))
        if len(near) > 1:
            near = near[np.argsort(-dot[near], kind="stable")][:_NEAREST_CANDIDATES]
        if len(near) == 1:
            i = int(near[0])
            km = GEOD.inv(lon, lat, float(lons[i]), float(lats[i]))[2] / 1000.0
        else:
            _, _, d = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), lons[near], lats[near])
            j = int(np.argmin(d))
            i = int(near[j])
            km = float(d[j]) / 1000.0
        if km > max_km:
            return None
        return ids[i], km

    def hub_of_country(self, iso2: str, capital: tuple[float, float] | None = None) -> str | None:
        """The best-connected station of a country: at its capital when there is one,
        else the node with most links (ties: the most central)."""
        nodes = [n for n, d in self.graph.nodes(data=True) if d.get("country") == iso2]
        if not nodes:
            return None
        if capital is not None:
            near = self.nearest(capital[0], capital[1], max_km=40, country=iso2)
            if near:
                return near[0]
        return max(nodes, key=lambda n: (self.graph.degree(n), n))

    def _routing_graph(self, allow_unbuilt: bool) -> nx.Graph:
        """The graph paths are searched on: every link, or only the operational ones.
        Both are plain graphs built once (a subgraph view or a weight callback would cost
        a Python call per link looked at); links are weighed by their ``length_km``."""
        if allow_unbuilt:
            return self.graph
        if self._operational is None:
            g = nx.Graph()
            g.add_nodes_from(self.graph.nodes)
            g.add_edges_from((u, v, {"length_km": d["length_km"]})
                             for u, v, d in self.graph.edges(data=True)
                             if d.get("status", "operational") == "operational")
            self._operational = g
        return self._operational

    def _parts(self, allow_unbuilt: bool) -> dict:
        """Node -> the number of its connected piece of the routing graph (built once)."""
        got = self._pieces.get(allow_unbuilt)
        if got is None:
            got = self._pieces[allow_unbuilt] = {
                n: i for i, comp in enumerate(nx.connected_components(self._routing_graph(allow_unbuilt)))
                for n in comp}
        return got

    def _contraction(self, allow_unbuilt: bool) -> Contracted:
        """The routing graph contracted to its junctions (built on first use, then only
        read: see :mod:`geo._contracted`)."""
        got = self._contracted.get(allow_unbuilt)
        if got is None:
            got = self._contracted[allow_unbuilt] = Contracted(self._routing_graph(allow_unbuilt))
        return got

    def shortest_path(self, a: str, b: str, *, allow_unbuilt: bool = False) -> NetworkPath:
        """Shortest path by geodesic length between two nodes.

        Unbuilt links (planned, under construction, proposed) are used only when
        ``allow_unbuilt`` is true.
        """
        key = (a, b, allow_unbuilt)
        if key in self._paths:
            return self._paths[key]
        g = self._routing_graph(allow_unbuilt)
        part = self._parts(allow_unbuilt)
        if a in part and b in part and part[a] != part[b]:
            # different pieces of the graph: no path, and no search of a whole piece to say so
            raise RoutingError(f"no {self.mode} path between {a} and {b}: the two stations "
                               f"are on parts of the {self.mode} network that do not meet"
                               + ("" if allow_unbuilt else " (operational links only)"))
        nodes = self._contraction(allow_unbuilt).path(a, b) if a in g and b in g else None
        if nodes is None:
            try:  # (networkx says why: a station it does not know, or no path)
                nodes = nx.shortest_path(g, a, b, weight="length_km")
            except (nx.NetworkXNoPath, nx.NodeNotFound) as exc:
                raise RoutingError(f"no {self.mode} path between {a} and {b}: {exc}") from None
        path = self._path_of(nodes)
        self._paths[key] = path
        return path

    def path_through(self, layers, *, avoid=(), allow_unbuilt: bool = False) -> NetworkPath:
        """The shortest path that visits one node of each layer in turn, in no node of a
        country in ``avoid``.

        Parameters
        ----------
        layers : list of iterables of node ids
            A stop is a one-node layer; a transit country is the layer of all its nodes
            (the path passes through the country, not necessarily through its capital).
        avoid : iterable of str
            ISO2 codes of countries the path must not enter (nodes with that ``country``).
        allow_unbuilt : bool
            As for :meth:`shortest_path`.

        Raises
        ------
        RoutingError
            When no such path exists.
        """
        import heapq

        avoid = set(avoid)
        g = self.graph

        def ok(n):
            return g.nodes[n].get("country") not in avoid

        layers = [[n for n in layer if n in g and ok(n)] for layer in layers]
        if any(not layer for layer in layers):
            raise RoutingError(f"no {self.mode} station left in a stop or transit country "
                               f"once {', '.join(sorted(avoid))} are avoided")
        cost = {n: 0.0 for n in layers[0]}
        back: list[dict] = []
        for target in layers[1:]:
            # one Dijkstra from all nodes of the previous layer, each starting at its cost
            dist, pred = dict(cost), {n: None for n in cost}
            heap = [(d, n) for n, d in cost.items()]
            heapq.heapify(heap)
            want, done = set(target), set()
            while heap and want - done:
                d, u = heapq.heappop(heap)
                if u in done or d > dist[u]:
                    continue
                done.add(u)
                for v, e in g[u].items():
                    if not ok(v) or (e.get("status", "operational") != "operational"
                                     and not allow_unbuilt):
                        continue
                    nd = d + e["length_km"]
                    if nd < dist.get(v, float("inf")):
                        dist[v], pred[v] = nd, u
                        heapq.heappush(heap, (nd, v))
            cost = {n: dist[n] for n in target if n in done}
            if not cost:
                raise RoutingError(f"no {self.mode} path through the stated stops"
                                   + (f" that avoids {', '.join(sorted(avoid))}" if avoid else ""))
            back.append(pred)
        end = min(cost, key=cost.get)
        nodes = [end]
        for pred in reversed(back):
            n = nodes[-1]
            while pred[n] is not None:
                n = pred[n]
                nodes.append(n)
        nodes = nodes[::-1]
        return self._path_of(nodes)

    def _path_of(self, nodes: list[str]) -> NetworkPath:
        coords, length, statuses = [], 0.0, set()
        steps = self._steps
        for uv in zip(nodes, nodes[1:]):
            got = steps.get(uv)  # (the cache looked up here: one call less per link)
            if got is None:
                if uv[0] == uv[1]:
                    continue
                got = self._step(*uv)
            seg, km, status = got
            length += km
            statuses.add(status)
            coords.extend(seg if not coords else seg[1:])
        if len(coords) < 1:
            n = self.graph.nodes[nodes[0]]
            coords = [(n["lon"], n["lat"])]
        return NetworkPath([n for i, n in enumerate(nodes) if i == 0 or n != nodes[i - 1]],
                           coords, length, statuses)

    def _step(self, u: str, v: str) -> tuple[list, float, str]:
        """The coordinates of the link from ``u`` to ``v`` (in that direction), its length
        and status; kept per direction, as paths share most of their links."""
        got = self._steps.get((u, v))
        if got is None:
            d = self.graph.edges[u, v]
            seg = d.get("geometry")
            start = (self.graph.nodes[u]["lon"], self.graph.nodes[u]["lat"])
            if seg is None:
                seg = [start, (self.graph.nodes[v]["lon"], self.graph.nodes[v]["lat"])]
            elif _dist2(seg[0], start) > _dist2(seg[-1], start):
                seg = seg[::-1]  # stored from one end; flip when walking the other way
            got = self._steps[(u, v)] = (list(seg), d["length_km"], d.get("status", "operational"))
        return got

    def edges_frame(self):
        """The links as a GeoDataFrame (EPSG:4326) with status, line and length."""
        import geopandas as gpd
        from shapely.geometry import LineString

        rows, geoms = [], []
        for u, v, d in self.graph.edges(data=True):
            seg = d.get("geometry") or [(self.graph.nodes[u]["lon"], self.graph.nodes[u]["lat"]),
                                        (self.graph.nodes[v]["lon"], self.graph.nodes[v]["lat"])]
            rows.append({"from": u, "to": v, "status": d.get("status", "operational"),
                         "line": d.get("line"), "length_km": round(d["length_km"], 1),
                         "source": d.get("source")})
            geoms.append(LineString(seg))
        return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")

    def nodes_frame(self):
        import geopandas as gpd
        from shapely.geometry import Point

        rows = [{"id": n, **{k: v for k, v in d.items()}} for n, d in self.graph.nodes(data=True)]
        return gpd.GeoDataFrame(rows, geometry=[Point(r["lon"], r["lat"]) for r in rows],
                                crs="EPSG:4326")


def _dist2(a, b):
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def link_row(g: nx.Graph, row: dict, path, i: int) -> tuple[str, str, str]:
    """``(from, to, status)`` of a link row (row ``i`` of the CSV file ``path``) between
    two stations of ``g``; a :class:`DataError` names an unknown station or status."""
    a, b = row["from"], row["to"]
    if a not in g or b not in g:
        raise DataError(f"{path}: row {i}: unknown station {a if a not in g else b!r}")
    status = row.get("status") or "operational"
    if status not in LINK_STATUSES:
        raise DataError(f"{path}: row {i}: status {status!r} is not one of {LINK_STATUSES}")
    return a, b, status


@lru_cache(maxsize=1)
def rail_network() -> Network:
    """Our curated rail network of Central Asia, Iran, the Caucasus, Turkey, Afghanistan
    and Pakistan with its links to China and Russia (``data/rail``)."""
    stations = data_path("rail", "stations.csv")
    links = data_path("rail", "links.csv")
    if not stations.exists() or not links.exists():
        raise DataError(f"The rail network files are missing ({stations}, {links}).")
    g = nx.Graph()
    for row in _read_csv(stations):
        g.add_node(row["id"], lon=float(row["lon"]), lat=float(row["lat"]), name=row["name"],
                   country=row["country"], geonames_id=row.get("geonames_id") or None)
    for i, row in enumerate(_read_csv(links), start=2):
        a, b, status = link_row(g, row, links, i)
        na, nb = g.nodes[a], g.nodes[b]
        _, _, d = GEOD.inv(na["lon"], na["lat"], nb["lon"], nb["lat"])
        g.add_edge(a, b, length_km=d / 1000.0, status=status, line=row.get("line"),
                   source=row.get("source"), year_opened=row.get("year_opened") or None,
                   gauge_mm=row.get("gauge_mm") or None)
    return Network(g, mode="rail", name="Corridor Atlas rail network")


def network_from_file(path, *, mode: str = "rail", tolerance_m: float = 50.0,
                      status_column: str | None = "status") -> Network:
    """Build a routable network from any line file geopandas reads (OSM export, Natural
    Earth railroads, GeoPackage, GeoJSON, shapefile).

    Line ends closer than ``tolerance_m`` are snapped to one node. Disconnected parts are
    reported with a warning (and in ``Network.n_components``); routing works within a part.
    """
    import geopandas as gpd
    import shapely

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"Network file {path} does not exist.")
    frame = gpd.read_file(path)
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    frame = frame[frame.geometry.notna()].explode(index_parts=False)
    frame = frame[frame.geometry.geom_type == "LineString"]
    if frame.empty:
        raise DataError(f"{path} holds no LineString features to build a network from.")
    coords = [np.asarray(g.coords)[:, :2] for g in frame.geometry]
    ends = np.array([c[0] for c in coords] + [c[-1] for c in coords])
    # Snap ends: greedy clustering within the tolerance (in degrees at the point's latitude).
    tree = shapely.STRtree(shapely.points(ends))
    tol_deg = tolerance_m / 111_320.0
    node_of = np.full(len(ends), -1)
    reps = []
    for i, (x, y) in enumerate(ends):
        if node_of[i] >= 0:
            continue
        scale = max(np.cos(np.radians(y)), 0.05)
        hits = tree.query(shapely.box(x - tol_deg / scale, y - tol_deg, x + tol_deg / scale, y + tol_deg))
        hits = [h for h in hits if node_of[h] < 0]
        _, _, d = GEOD.inv(np.full(len(hits), x), np.full(len(hits), y), ends[hits, 0], ends[hits, 1])
        for h, dist in zip(hits, np.atleast_1d(d)):
            if dist <= tolerance_m:
                node_of[h] = len(reps)
        node_of[i] = len(reps)
        reps.append((float(x), float(y)))
    g = nx.Graph()
    for k, (x, y) in enumerate(reps):
        g.add_node(f"n{k}", lon=x, lat=y)
    n = len(coords)
    statuses = frame[status_column].tolist() if status_column and status_column in frame else None
    for i, c in enumerate(coords):
        a, b = f"n{node_of[i]}", f"n{node_of[n + i]}"
        if a == b:
            continue
        length = GEOD.line_length(c[:, 0], c[:, 1]) / 1000.0
        status = statuses[i] if statuses and statuses[i] in LINK_STATUSES else "operational"
        if g.has_edge(a, b) and g.edges[a, b]["length_km"] <= length:
            continue
        g.add_edge(a, b, length_km=length, status=status,
                   geometry=[tuple(map(float, p)) for p in c], source=str(path))
    net = Network(g, mode=mode, name=path.name)
    if net.n_components > 1:
        sizes = sorted((len(cc) for cc in nx.connected_components(g)), reverse=True)
        warnings.warn(f"{path.name}: the network has {net.n_components} disconnected parts "
                      f"(node counts {sizes[:5]}{'...' if len(sizes) > 5 else ''}); routes "
                      f"between parts cannot be drawn. Raise tolerance_m to join close ends.",
                      stacklevel=2)
    return net
