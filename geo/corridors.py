"""Routes -> geometry by mode, with geodesic length and the countries crossed.

* air: great circle between the main airports (``pyproj.Geod``), one point per 50 km at
  least, split at ±180° into a MultiLineString;
* rail: shortest path over the curated rail network (``geo.networks``), or a user's network;
* sea: searoute's maritime network between the nearest ports; the Caspian, which searoute
  does not cover, gets a schematic line over the water;
* road, pipeline: schematic through the ordered stops unless a network is given;
* corridor: each leg by its own mode.

Every corridor says how its line was made (``geometry_source``): ``network``,
``schematic``, ``geodesic`` or ``sea-lane``. A route that cannot be drawn comes back with
no geometry and a ``reason``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from shapely.geometry import LineString, MultiLineString, mapping

from geo._budget import check as check_budget
from geo._errors import GeoError, PlaceNotFoundError, RoutingError
from geo.countries import (MIN_CROSSING_KM, REENTRY_KM, SKETCH_REENTRY_KM, countries_crossed,
                            country_at,
                            without_excursions as _without_excursions)  # noqa: F401
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geocoding import Place, geocode
from geo.networks import GEOD, Network, rail_network

#: Great circles get at least one point per this many km.
AIR_STEP_KM = 50.0
#: A sea stop further than this from every port is still routed, with a warning.
PORT_SNAP_KM = 150.0
_UNBUILT = "uses links that are "
_NOT_BUILT = ("proposed", "planned", "under_construction")
#: A network path longer than the length the text states by more than this share is
#: not the line the text means: it is drawn schematic.
STATED_SLACK = 0.25
#: With no stated length, a network path longer than this many times the geodesic
#: through its stops is a detour the text does not state: drawn schematic.
MAX_DETOUR = 1.6
_HONESTY = ("schematic", "geodesic", "sea-lane", "network")


@dataclass
class Corridor:
    """One route drawn for its mode. The fields are the columns of the corridors frame."""

    mode: str
    name: str | None = None
    status: str | None = None
    stops: list[dict] = field(default_factory=list)
    geometry: LineString | MultiLineString | None = None
    length_km: float | None = None
    via_countries: list[str] = field(default_factory=list)
    geometry_source: str | None = None
    legs: list["Corridor"] = field(default_factory=list)
    sentence: str | None = None
    reason: str | None = None
    note: str | None = None
    stated_length_km: float | None = None

    def geojson(self) -> dict | None:
        """The geometry as a GeoJSON object, coordinates rounded to 5 decimals."""
        if self.geometry is None:
            return None
        return _round_geojson(mapping(self.geometry))

    def legs_dicts(self) -> list[dict]:
        return [{"mode": leg.mode, "stops": leg.stops, "length_km": _r1(leg.length_km),
                 "via_countries": leg.via_countries, "geometry_source": leg.geometry_source,
                 "reason": leg.reason} for leg in self.legs]

    def to_record(self) -> dict:
        return {"mode": self.mode, "name": self.name, "status": self.status,
                "stops": self.stops, "length_km": _r1(self.length_km),
                "via_countries": self.via_countries, "geometry_source": self.geometry_source,
                "legs": self.legs_dicts(), "sentence": self.sentence, "reason": self.reason,
                "note": self.note, "stated_length_km": _r1(self.stated_length_km),
                "geometry": self.geometry}


def _r1(x):
    return None if x is None else round(float(x), 1)


def _round_geojson(g: dict) -> dict:
    def r(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(v), 5) for v in c]
        return [r(x) for x in c]

    return {"type": g["type"], "coordinates": r(g["coordinates"])}


# --------------------------------------------------------------------------- stops


def as_place(stop, gazetteer: Gazetteer | None = None) -> Place:
    """A stop given as a Place, a place id, a name or a (lon, lat) pair -> Place."""
    gaz = gazetteer or default_gazetteer()
    if isinstance(stop, Place):
        return stop
    if isinstance(stop, (tuple, list)) and len(stop) == 2 and all(isinstance(v, (int, float)) for v in stop):
        lon, lat = float(stop[0]), float(stop[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"stop {stop!r}: give (lon, lat) in degrees.")
        # No country look-up here (costly in bulk): via_countries finds it from the line.
        return Place(f"point:{lon:.5f},{lat:.5f}", f"{lat:.3f}, {lon:.3f}", "point", None, lat, lon)
    if isinstance(stop, str):
        if ":" in stop and not stop.startswith("point:"):
            rec = gaz.get(stop)
            if rec is not None:
                return Place.from_record(rec)
        return geocode(stop, gazetteer=gaz)
    raise TypeError(f"stop {stop!r}: give a Place, a place id, a name or a (lon, lat) pair.")


def _stop_dict(p: Place, node: dict | None = None) -> dict:
    d = {"id": p.id, "name": p.name}
    if node:
        d["node_id"], d["node_name"] = node["id"], node["name"]
    return d


@lru_cache(maxsize=512)
def _capital(iso2: str) -> Place | None:
    gaz = default_gazetteer()
    caps = [r for r in gaz.places_in("city", iso2) if r.capital]
    return Place.from_record(max(caps, key=lambda r: r.population)) if caps else None


def _point_of(p: Place) -> Place:
    """A country stands for its capital where a point is needed (airports, ports)."""
    if p.kind == "country" and p.country:
        return _capital(p.country) or p
    return p


# --------------------------------------------------------------------------- geometry helpers


def great_circle(lon1, lat1, lon2, lat2, *, step_km: float = AIR_STEP_KM) -> np.ndarray:
    """Points along the geodesic as an (n, 2) array of lon, lat, ends included, at most
    ``step_km`` apart (pyproj computes them in one call)."""
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    n = max(2, int(math.ceil(dist / 1000.0 / step_km)) + 1)
    r = GEOD.inv_intermediate(lon1, lat1, lon2, lat2, npts=n, initial_idx=0, terminus_idx=0,
                              return_back_azimuth=True)
    return np.column_stack([np.asarray(r.lons), np.asarray(r.lats)])


def _join(segments) -> np.ndarray:
    """Consecutive segments that share their end points, as one array."""
    segments = [np.asarray(seg, dtype=float) for seg in segments]
    return np.concatenate([segments[0]] + [seg[1:] for seg in segments[1:]])


def split_antimeridian(coords) -> list:
    """Split a line whose longitudes jump across ±180° into parts that do not.

    Each jump gets a point on the meridian at both ends of the cut, the latitude
    interpolated between the two points around it.
    """
    arr = np.asarray(coords, dtype=float)
    xs = arr[:, 0]
    if xs.max() - xs.min() <= 180:
        return [arr]  # cannot cross
    jumps = np.nonzero(np.abs(np.diff(xs)) > 180)[0]
    if not len(jumps):
        return [arr]
    parts, start = [], 0
    cut_in = None
    for k in jumps:
        (x0, y0), (x1, y1) = arr[k], arr[k + 1]
        x1u = x1 + 360 if x1 < x0 else x1 - 360
        edge = 180.0 if x1u > x0 else -180.0
        y = y0 + (edge - x0) / (x1u - x0) * (y1 - y0)
        body = arr[start:k + 1]
        pieces = ([cut_in] if cut_in is not None else []) + [body, [[edge, y]]]
        parts.append(np.vstack(pieces))
        cut_in, start = np.array([[-edge, y]]), k + 1
    parts.append(np.vstack([cut_in, arr[start:]]))
    return [p for p in parts if len(p) >= 2]


def _make_geometry(parts):
    import shapely

    parts = [np.asarray(p, dtype=float) for p in parts if len(p) >= 2]
    if not parts:
        return None
    if len(parts) == 1:
        return shapely.linestrings(parts[0])
    return MultiLineString([shapely.linestrings(p) for p in parts])


def geodesic_length_km(geom) -> float:
    return GEOD.geometry_length(geom) / 1000.0


@lru_cache(maxsize=1)
def _simple_countries():
    from geo.countries import country_polygons

    import shapely

    from geo._shapes import cached

    frame = country_polygons()
    geoms = cached("countries-simple", lambda: frame.geometry.simplify(0.02, preserve_topology=True).values,
                   0.02).copy()
    shapely.prepare(geoms)
    return list(frame.index), geoms


def via_countries(geom, *, min_km: float = MIN_CROSSING_KM,
                  excursion_km: float = REENTRY_KM, keep=()) -> list[str]:
    """ISO2 codes of the countries a line passes through, in order of travel
    (see :func:`geo.countries.countries_crossed`: full-resolution borders, no wobble;
    an excursion into a country of ``keep`` counts from :data:`REENTRY_KM`)."""
    return countries_crossed(geom, min_km=min_km, reentry_km=excursion_km, keep=keep)


# --------------------------------------------------------------------------- per mode


_AIRPORTS: dict[str, dict | None] = {}


def _airport_of(q: Place) -> dict | None:
    """The main airport of a place (cached per place id)."""
    from geo.airports import main_airport

    if q.id not in _AIRPORTS:
        names = tuple(default_gazetteer().names_of(q.id)[:20])
        _AIRPORTS[q.id] = main_airport(q.name, q.country, q.lon, q.lat, names=names)
    return _AIRPORTS[q.id]


def _air(places: list[Place]) -> Corridor:
    nodes, stops = [], []
    for p in places:
        q = _point_of(p)
        if p.kind == "airport":
            a = {"iata": p.id.split(":", 1)[1], "name": p.name, "lat": p.lat, "lon": p.lon}
        elif p.kind == "point":
            # the caller's own coordinates: fly from there
            nodes.append({"lat": p.lat, "lon": p.lon})
            stops.append(_stop_dict(p))
            continue
        else:
            a = _airport_of(q)
        if a is None:
            return Corridor("air", reason=f"no airport within 60 km of {p.name}",
                            stops=[_stop_dict(x) for x in places])
        nodes.append(a)
        stops.append(_stop_dict(p, {"id": f"iata:{a['iata']}", "name": a["name"]}))
    segs, length = [], 0.0
    for a, b in zip(nodes, nodes[1:]):
        segs.append(great_circle(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"])))
        length += GEOD.inv(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))[2]
    geom = _make_geometry(split_antimeridian(_join(segs)))
    return Corridor("air", stops=stops, geometry=geom, length_km=length / 1000.0,
                    geometry_source="geodesic")


def _in_caspian(p: Place) -> bool:
    from geo.caspian import in_box

    return in_box(p.lon, p.lat)


@lru_cache(maxsize=1)
def _ports():
    import json
    from pathlib import Path

    import searoute

    data = json.loads((Path(searoute.__file__).parent / "data" / "ports.geojson").read_text())
    feats = data["features"]
    lon = np.array([f["geometry"]["coordinates"][0] for f in feats])
    lat = np.array([f["geometry"]["coordinates"][1] for f in feats])
    return feats, lon, lat


def nearest_port(p: Place) -> tuple[dict, float]:
    feats, lon, lat = _ports()
    _, _, d = GEOD.inv(np.full(len(lon), p.lon), np.full(len(lat), p.lat), lon, lat)
    i = int(np.argmin(d))
    return feats[i], float(d[i]) / 1000.0


def _sea(places: list[Place]) -> Corridor:
    import searoute

    pts = [_point_of(p) for p in places]
    if all(_in_caspian(p) for p in pts):
        from geo.caspian import course

        coords = course([(p.lon, p.lat) for p in pts])
        return Corridor("sea", stops=[_stop_dict(p) for p in places],
                        geometry=_make_geometry([coords]), geometry_source="schematic",
                        note="Caspian Sea crossing: searoute's network does not cover the "
                             "Caspian, so the line is a schematic course over the water "
                             "between the ports.")
    ports, stops = [], []
    for p, q in zip(places, pts):
        feat, km = nearest_port(q)
        if km > PORT_SNAP_KM:
            warnings.warn(f"{p.name}: the nearest sea port ({feat['properties']['name']}) is "
                          f"{km:.0f} km away; the sea lane starts there.", stacklevel=3)
        ports.append(feat)
        stops.append(_stop_dict(p, {"id": f"port:{feat['properties'].get('port')}",
                                    "name": feat["properties"]["name"]}))
    coords = []
    for a, b in zip(ports, ports[1:]):
        route = searoute.searoute(a["geometry"]["coordinates"][:2], b["geometry"]["coordinates"][:2],
                                  units="km")
        seg = [tuple(c) for c in route["geometry"]["coordinates"]]
        coords.extend(seg if not coords else seg[1:])
    geom = _make_geometry(split_antimeridian(coords))
    return Corridor("sea", stops=stops, geometry=geom, geometry_source="sea-lane")


def _through(places, nodes, network: Network, transit, avoid: set, unbuilt_ok: bool):
    """The path through the stated transit countries (any of their stations, not their
    capitals) that keeps out of ``avoid``. A transit stated in the text rules out the
    countries it does not name: the path keeps to the countries of the stops (a China to
    Azerbaijan train via Kazakhstan does not run through Russia or Turkmenistan); where
    the network has no such path, the route is drawn schematic through its stops."""
    layers = [[n for n, d in network.graph.nodes(data=True) if d.get("country") == places[i].country]
              if i in transit else [nodes[i]] for i in range(len(places))]
    named = {p.country or country_at(p.lon, p.lat) for p in places} - {None}
    others = {c for c in set(network._country) if c} - named
    out = avoid | others if transit else avoid
    for unbuilt in dict.fromkeys((unbuilt_ok, True)):
        try:
            return network.path_through(layers, avoid=out, allow_unbuilt=unbuilt)
        except RoutingError:
            pass
    if transit:
        raise RoutingError(f"no {network.mode} path keeps to the countries the route names ("
                           + ", ".join(sorted(named)) + ")")
    raise RoutingError(f"no {network.mode} path through the stops avoids "
                       + ", ".join(sorted(avoid)))


def _on_network(places: list[Place], network: Network, status: str | None,
                avoid=()) -> Corridor:
    mode = network.mode
    nodes, stops = [], []
    for p in places:
        if p.kind == "country":
            cap = _capital(p.country)
            node = network.hub_of_country(p.country, (cap.lon, cap.lat) if cap else None)
            if node is None:
                return Corridor(mode, stops=[_stop_dict(x) for x in places],
                                reason=f"the {mode} network has no station in {p.name}")
        else:
            near = network.nearest(p.lon, p.lat)
            if near is None:
                return Corridor(mode, stops=[_stop_dict(x) for x in places],
                                reason=f"{p.name} is more than 60 km from every {mode} station "
                                       "of the network")
            node = near[0]
        nodes.append(node)
        nd = network.graph.nodes[node]
        stops.append(_stop_dict(p, {"id": f"station:{node}", "name": nd.get("name", node)}))
    unbuilt_ok = status in ("planned", "proposed", "under_construction")
    transit = [i for i, p in enumerate(places) if p.kind == "country" and 0 < i < len(places) - 1]
    if transit or avoid:
        try:
            path = _through(places, nodes, network, transit, set(avoid), unbuilt_ok)
        except RoutingError as exc:
            return Corridor(mode, stops=stops, reason=str(exc))
        for i in transit:  # the station where the path enters the transit country
            node = next((n for n in path.nodes if network.graph.nodes[n].get("country")
                         == places[i].country), nodes[i])
            stops[i] = _stop_dict(places[i], {"id": f"station:{node}",
                                              "name": network.graph.nodes[node].get("name", node)})
        coords, length, statuses = path.coords, path.length_km, path.statuses
    else:
        coords, length, statuses = [], 0.0, set()
    for a, b in ([] if transit or avoid else zip(nodes, nodes[1:])):
        if a == b:
            continue
        try:
            path = network.shortest_path(a, b, allow_unbuilt=unbuilt_ok)
        except RoutingError:
            try:
                path = network.shortest_path(a, b, allow_unbuilt=True)
            except RoutingError as exc:
                return Corridor(mode, stops=stops, reason=str(exc))
        coords.extend(path.coords if not coords else path.coords[1:])
        length += path.length_km
        statuses |= path.statuses
    if len(coords) < 2:
        return Corridor(mode, stops=stops, reason="all stops fall on the same station")
    note = None
    if statuses - {"operational"}:
        note = (_UNBUILT + ", ".join(sorted(s.replace("_", " ") for s in
                                                          statuses - {"operational"})))
    geom = _make_geometry(split_antimeridian(coords))
    return Corridor(mode, stops=stops, geometry=geom, length_km=length,
                    geometry_source="network", note=note)


def _schematic(mode: str, places: list[Place]) -> Corridor:
    pts = [_point_of(p) for p in places]
    coords = _join([great_circle(a.lon, a.lat, b.lon, b.lat) for a, b in zip(pts, pts[1:])])
    return Corridor(mode, stops=[_stop_dict(p) for p in places],
                    geometry=_make_geometry(split_antimeridian(coords)),
                    geometry_source="schematic")


def _schematic_via(places: list[Place]) -> list[str]:
    """Countries of a sketch through its stops: the stops' own countries, and between two
    stops in countries that do not border each other, the countries the sketch crosses
    there ("Kashgar – Tashkent" is via Kyrgyzstan). A straight line between neighbours
    says nothing about a third country (Baku – Ceyhan does not cross Iran), and neither
    does one of a route that names its transit countries (China – Kazakhstan –
    Azerbaijan is via those three)."""
    import shapely

    stated = any(p.kind == "country" for p in places[1:-1])

    def country(p):
        if p.country or p.kind == "pass":
            return p.country  # (a border crossing belongs to both sides)
        return country_at(p.lon, p.lat)

    known = []
    for p in places:
        code = country(p)
        if code:
            known.append(Place(p.id, p.name, p.kind, code, p.lat, p.lon) if code != p.country else p)
    out: list[str] = []
    for a, b in zip(known, known[1:]):
        if not out:
            out.append(a.country)
        if a.country != b.country and not stated and not _neighbours(a.country, b.country):
            pa, pb = _point_of(a), _point_of(b)
            seg = shapely.LineString(great_circle(pa.lon, pa.lat, pb.lon, pb.lat))
            out.extend(k for k in via_countries(seg, excursion_km=SKETCH_REENTRY_KM)
                       if k not in (a.country, b.country))
        out.append(b.country)
    if len(known) == 1:
        out = [known[0].country]
    return [k for i, k in enumerate(out) if i == 0 or k != out[i - 1]]


@lru_cache(maxsize=4096)
def _neighbours(a: str, b: str) -> bool:
    """Whether two countries' (simplified) polygons lie within ~5 km of each other."""
    polys = _simple_countries()[1]
    index = _country_index()
    if a not in index or b not in index:
        return True  # unknown: claim nothing about a third country
    return polys[index[a]].distance(polys[index[b]]) < 0.05


@lru_cache(maxsize=1)
def _country_index() -> dict[str, int]:
    return {c: i for i, c in enumerate(_simple_countries()[0])}


# --------------------------------------------------------------------------- public API


def route_from_stops(mode: str, stops, *, name: str | None = None, status: str | None = None,
                     network: Network | None = None, legs=None, countries: bool = True,
                     sentence: str | None = None, avoid=(),
                     stated_length_km: float | None = None) -> Corridor:
    """Draw one route along a believable path for its mode.

    Parameters
    ----------
    mode : {"rail", "air", "road", "sea", "pipeline", "corridor"}
    stops : list
        Ordered stops: :class:`~geo.geocoding.Place` objects, place ids
        (``geonames:141681``), names (geocoded) or (lon, lat) pairs.
    name, status : str, optional
        Carried over to the result; ``status`` also decides whether a rail route may use
        planned links (only planned, proposed and under-construction routes do, unless no
        operational path exists — then the result says so in ``note``).
    network : Network, optional
        A network of your own (see :func:`geo.networks.network_from_file`); rail uses
        ours by default, road and pipeline are schematic without one.
    legs : list of dict, optional
        For ``mode="corridor"``: ``[{"mode": ..., "stops": [...]}, ...]``, each leg routed
        by its own mode.
    countries : bool
        Compute ``via_countries`` (the costliest step; turn off for bulk work).
    avoid : iterable of str
        ISO2 codes of countries the text rules out: a network path never enters them
        (schematic through the stops, with a ``note``, when no path can; the nodes of a
        network made from a file have no country, so there they are not checked). A country
        among the middle stops is a stated transit: the path passes through it (at any
        station) and keeps to the countries of the stops wherever the network allows.
    stated_length_km : float, optional
        The length the text states. A network path more than 25% longer is drawn
        schematic through the stops instead; with no stated length, so is one more than
        1.6 times the geodesic through the stops. A planned, proposed or
        under-construction line is drawn schematic along its stops rather than over
        existing track through a country none of its stops is in. ``note`` says why.

    Returns
    -------
    Corridor
        With ``reason`` set and no geometry where the route cannot be drawn.
    """
    if mode == "corridor" or legs:
        return _multimodal(legs or [], name=name, status=status, countries=countries,
                           sentence=sentence)
    try:
        places = [as_place(s) for s in stops]
    except (PlaceNotFoundError, ValueError, TypeError) as exc:
        return Corridor(mode, name=name, status=status, reason=str(exc), sentence=sentence)
    if len(places) < 2:
        return Corridor(mode, name=name, status=status, stops=[_stop_dict(p) for p in places],
                        reason="a route needs at least two stops", sentence=sentence)
    try:
        if mode == "air":
            c = _air(places)
        elif mode == "sea":
            c = _sea(places)
        elif mode == "rail" or (network is not None and mode in ("road", "pipeline")):
            c = _on_network(places, network or rail_network(), status, avoid=avoid)
            why = _not_the_stated_line(c, places, status, stated_length_km)
            if why:
                c = _schematic(mode, places)
                c.note = f"schematic: {why}"
            elif c.geometry is None:
                # A line that is not built yet need not follow existing track, and a line
                # our network does not reach is still the line the text states: draw it
                # through its stops and say so.
                why = c.reason
                c = _schematic(mode, places)
                yet = " yet" if status in ("proposed", "planned", "under_construction") else ""
                c.note = f"schematic: not on the {mode} network{yet} ({why})"
        elif mode in ("road", "pipeline"):
            c = _schematic(mode, places)
        else:
            raise ValueError(f"mode={mode!r}: use rail, air, road, sea, pipeline or corridor.")
    except (GeoError, OSError) as exc:
        c = Corridor(mode, stops=[_stop_dict(p) for p in places], reason=str(exc))
    c.mode, c.name, c.status, c.sentence = mode, name, status, sentence
    c.stated_length_km = stated_length_km
    if c.geometry is not None:
        if c.length_km is None:
            c.length_km = geodesic_length_km(c.geometry)
        if countries:
            # A great circle, a sketch or unbuilt links (straight between estimated stations)
            # are idealised courses: a re-entry shorter than their likely offset from the
            # real line says nothing, unless the route stops in that country.
            sketch = c.geometry_source in ("geodesic", "schematic") or _unbuilt(c)
            stopped_in = {p.country for p in places if p.country}
            c.via_countries = _with_ends(
                via_countries(c.geometry, excursion_km=SKETCH_REENTRY_KM if sketch else REENTRY_KM,
                              keep=stopped_in), places)
            if c.geometry_source == "schematic" and mode != "sea":
                c.via_countries = _schematic_via(places)
    return c


def _not_the_stated_line(c: Corridor, places: list[Place], status, stated_km) -> str | None:
    """Why a network path is not the line the text states (None when it is)."""
    if c.geometry is None or c.length_km is None:
        return None
    if stated_km:
        if c.length_km > stated_km * (1 + STATED_SLACK):
            return (f"the network path ({c.length_km:,.0f} km) is more than "
                    f"{STATED_SLACK:.0%} longer than the stated {stated_km:,.0f} km")
    else:
        pts = [_point_of(p) for p in places]
        direct = sum(GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] for a, b in zip(pts, pts[1:])) / 1000
        if direct > 0 and c.length_km > MAX_DETOUR * direct:
            return (f"the network path ({c.length_km:,.0f} km) is more than {MAX_DETOUR:g} times "
                    f"the {direct:,.0f} km between the stops")
    if status in _NOT_BUILT:
        own = {p.country or country_at(p.lon, p.lat) for p in places} - {None}
        third = [k for k in countries_crossed(c.geometry, reentry_km=SKETCH_REENTRY_KM, keep=own)
                 if k not in own]
        if third and own:
            return (f"a {status.replace('_', ' ')} line is drawn along its stops, not over "
                    f"existing track through {', '.join(third)}")
    return None


def _unbuilt(c: Corridor) -> bool:
    return c.geometry_source == "network" and bool(c.note) and c.note.startswith(_UNBUILT)


def _with_ends(codes: list[str], places: list[Place]) -> list[str]:
    """Both ends are included: a coastal port or an airport just offshore still counts."""
    first, last = places[0].country, places[-1].country
    out = list(codes)
    if first and (not out or out[0] != first):
        out.insert(0, first)
    if last and out[-1] != last:
        out.append(last)
    return out


def _multimodal(legs, *, name, status, countries, sentence) -> Corridor:
    parts = [route_from_stops(leg["mode"], leg["stops"], status=status, countries=countries)
             for leg in legs if leg.get("stops")]
    drawn = [p for p in parts if p.geometry is not None]
    stops = []
    for p in parts:
        for s in p.stops:
            if not stops or stops[-1]["id"] != s["id"]:
                stops.append(s)
    c = Corridor("corridor", name=name, status=status, stops=stops, legs=parts, sentence=sentence)
    if not drawn:
        c.reason = "no leg could be drawn" + (": " + "; ".join(p.reason for p in parts if p.reason)
                                              if parts else " (the corridor has no legs)")
        return c
    lines = []
    for p in drawn:
        lines.extend(p.geometry.geoms if p.geometry.geom_type == "MultiLineString" else [p.geometry])
    c.geometry = MultiLineString([list(line.coords) for line in lines])
    c.length_km = sum(p.length_km or 0.0 for p in drawn)
    c.geometry_source = min((p.geometry_source for p in drawn), key=_HONESTY.index)
    for p in drawn:
        for code in p.via_countries:
            if not c.via_countries or c.via_countries[-1] != code:
                c.via_countries.append(code)
    missing = [p.reason for p in parts if p.reason]
    if missing:
        c.note = "some legs could not be drawn: " + "; ".join(missing)
    return c


def corridor_for_route(route, extraction=None, *, countries: bool = True) -> Corridor:
    """The corridor of one route of an :class:`~geo.extraction.Extraction`."""
    check_budget()  # (drawing many routes of one article counts against its time budget)

    def place(pid):
        p = extraction.place(pid) if extraction is not None else None
        return p if p is not None else pid

    from geo.lengths import stated_length_km

    stated = stated_length_km(route.sentence)
    avoid = getattr(route, "avoid_countries", None) or ()
    if route.legs:
        legs = [{"mode": leg["mode"], "stops": [place(s) for s in leg["stops"]]} for leg in route.legs]
        c = route_from_stops("corridor", [], name=route.name, status=route.status, legs=legs,
                             countries=countries, sentence=route.sentence)
        c.stated_length_km = stated
        return c
    row = _curated_row(route)
    mode = route.mode if route.mode != "corridor" else (row or {}).get("mode") or "road"
    stops, status = [place(s) for s in route.stops], route.status
    if row and row.get("stops") and all(str(s).startswith("country:") for s in route.stops):
        # "the China–Kyrgyzstan–Uzbekistan railway": its name is a chain of countries; the
        # line runs along its own curated alignment (Kashgar – Torugart – Jalal-Abad – Andijan)
        stops, status = list(row["stops"]), route.status or row.get("status")
    c = route_from_stops(mode, stops, name=route.name, status=status, countries=countries,
                         sentence=route.sentence, stated_length_km=stated, avoid=avoid)
    c.mode, c.status = route.mode, route.status
    return c


def _curated_row(route) -> dict | None:
    """The data/corridors.yaml row of a named corridor (None for other routes)."""
    cid = getattr(route, "corridor_id", None)
    if not cid:
        return None
    from geo.routes import named_corridors

    return next((r for r in named_corridors() if r.get("id") == cid), None)


def corridors_from_routes(routes):
    """One row per route of an Extraction (or a list of them, or of routes) as a
    GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    def is_extraction(obj):  # (duck-typed: this stage does not import the one before)
        return hasattr(obj, "routes") and hasattr(obj, "place")

    items = []
    if is_extraction(routes):
        routes = [routes]
    for obj in routes:
        if is_extraction(obj):
            for r in obj.routes:
                c = corridor_for_route(r, obj)
                rec = c.to_record()
                rec.update(source=obj.source, date=obj.date, title=obj.title)
                items.append(rec)
        else:
            c = corridor_for_route(obj)
            items.append(c.to_record())
    cols = ["mode", "name", "status", "stops", "length_km", "stated_length_km", "via_countries",
            "geometry_source", "legs", "sentence", "reason", "note", "source", "date", "title"]
    frame = gpd.GeoDataFrame([{k: v for k, v in r.items() if k != "geometry"} for r in items],
                             columns=cols, geometry=[r["geometry"] for r in items], crs="EPSG:4326")
    return frame


def corridors_table(data):
    """One row per corridor, as a table (see :func:`geo.tables.corridors_table`; kept here
    as a convenience, loaded on first use)."""
    from geo.tables import corridors_table as table

    return table(data)
