"""Schematic lines straight through the stated stops, and the countries such a sketch
can honestly claim to cross.
"""

from __future__ import annotations

from functools import lru_cache

from geo._corridor import Corridor
from geo._lines import _join, _make_geometry, great_circle, split_antimeridian
from geo._stops import _point_of, _stop_dict
from geo.countries import SKETCH_REENTRY_KM, countries_crossed, country_at
from geo.geocoding import Place


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
            out.extend(k for k in countries_crossed(seg, reentry_km=SKETCH_REENTRY_KM)
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


@lru_cache(maxsize=1)
def _simple_countries():
    import shapely

    from geo._shapes import cached
    from geo.countries import country_shapes

    codes, full = country_shapes()
    geoms = cached("countries-simple", lambda: shapely.simplify(full, 0.02, preserve_topology=True),
                   0.02).copy()
    shapely.prepare(geoms)
    return codes, geoms
