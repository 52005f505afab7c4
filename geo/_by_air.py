"""Air routes: great circles between the main airports of the stops."""

from __future__ import annotations

from geo._corridor import Corridor
from geo._lines import _join, _make_geometry, great_circle, split_antimeridian
from geo._stops import _point_of, _stop_dict
from geo.gazetteer import default_gazetteer
from geo.geocoding import Place
from geo.networks import GEOD


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
