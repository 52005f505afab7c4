"""Stops of a route as places: names, place ids, points or :class:`~geo.Place` objects,
and the point a country stands for (its capital) where a route needs one.
"""

from __future__ import annotations

from functools import lru_cache

from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geocoding import Place, geocode


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
