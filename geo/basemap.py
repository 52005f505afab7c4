"""What a map opens on: the view that fits the corridors and the places near them, and
the embedded Natural Earth basemap (countries simplified, fine near the view and coarse far
from it), so a map needs no tile provider. Shared by the Leaflet and deck.gl renderers.
"""

from __future__ import annotations

import math
from functools import lru_cache

from geo._mapgeom import Lines, drawn_lines, simplified


#: With no line drawn, places farther than this from the places' median (degrees of
#: latitude, longitude) are a passing far mention and stay out of the opening view.
NEAR_LAT_DEG, NEAR_LON_DEG = 25, 45


def _country_label_points(places) -> list[tuple[float, float]]:
    """Natural Earth label points of the countries among ``places``."""
    codes = {r.country for r in places.itertuples() if r.kind == "country" and isinstance(r.country, str)}
    if not codes:
        return []
    from geo.countries import country_polygons

    frame = country_polygons()
    return [(float(frame.at[c, "label_lat"]), float(frame.at[c, "label_lon"]))
            for c in sorted(codes) if c in frame.index]


def _fit_bounds(places, corridors, lines: Lines | None = None, thin: Lines | None = None):
    """Bounds that fit the corridors and the places near them (not a passing far mention).

    ``lines`` (:func:`geo._mapgeom.drawn_lines` of the corridors) and ``thin`` (their
    simplified lines, for the distance to places) are worked out here when not given.
    """
    import numpy as np

    if lines is None:
        lines = drawn_lines(corridors.geometry) if len(corridors) else drawn_lines([])
    if thin is None:
        thin = simplified(lines)
    pts = [lines.coords[:, ::-1]] if len(lines.coords) else []
    cand = [(r.lat, r.lon) for r in places.itertuples() if r.kind not in ("country", "region", "water")]
    if len(cand) < 2 and not pts:
        # one town and no line: frame it with the countries the text names (at their map
        # labels), not a 200 km square of one colour around the town
        cand += _country_label_points(places)
    if not cand:
        cand = [(r.lat, r.lon) for r in places.itertuples()]
    if pts and cand:
        # places within 1,200 km of a line (measured to the simplified lines: a few km off)
        a = np.radians(thin.coords[:, ::-1])
        sa, ca = np.sin(a[:, 0]), np.cos(a[:, 0])
        near = []
        for lat, lon in cand:
            la, lo = math.radians(lat), math.radians(lon)
            d = 6371 * np.arccos(np.clip(np.sin(la) * sa + np.cos(la) * ca * np.cos(a[:, 1] - lo), -1, 1))
            if d.min() <= 1200:
                near.append((lat, lon))
        if near:
            pts.append(np.array(near))
    elif cand:
        lat_m = float(np.median([c[0] for c in cand]))
        lon_m = float(np.median([c[1] for c in cand]))
        near = [(lat, lon) for lat, lon in cand
                if abs(lat - lat_m) <= NEAR_LAT_DEG and abs(lon - lon_m) <= NEAR_LON_DEG]
        if near:
            pts.append(np.array(near))
    if not pts:
        return [[20, 20], [55, 100]]
    allp = np.concatenate(pts)
    (s, w), (n, e) = allp.min(axis=0), allp.max(axis=0)
    s, w, n, e = float(s), float(w), float(n), float(e)
    pad_lat = max(1.0, (n - s) * 0.08)
    pad_lon = max(1.0, (e - w) * 0.08)
    return [[s - pad_lat, w - pad_lon], [n + pad_lat, e + pad_lon]]


@lru_cache(maxsize=4)
def _basemap_geojson(tolerance: float = 0.12, min_area: float = 0.08) -> dict:
    """Natural Earth countries, simplified and rounded: the embedded vector basemap.

    Islands smaller than ``min_area`` square degrees are left out (they cost bytes, not
    meaning, at the zoom levels a corridor map opens at). Built once, then read from the
    cache folder (``geo._shapes``).
    """
    from geo._shapes import cached

    return cached("basemap", lambda: _build_basemap(tolerance, min_area), tolerance, min_area)


def _build_basemap(tolerance: float, min_area: float) -> dict:
    from shapely.geometry import MultiPolygon, mapping

    from geo.corridors import _round_geojson
    from geo.countries import country_polygons

    frame = country_polygons()
    feats = []
    for iso, geom in zip(frame.index, frame.geometry.simplify(tolerance, preserve_topology=True)):
        if geom.is_empty:
            continue
        if geom.geom_type == "MultiPolygon":
            keep = [g for g in geom.geoms if g.area >= min_area]
            geom = MultiPolygon(keep or [max(geom.geoms, key=lambda g: g.area)])
        g = _round_geojson(mapping(geom))
        feats.append({"type": "Feature", "properties": {"iso2": iso},
                      "bbox": [round(v, 2) for v in geom.bounds], "geometry": _round2(g)})
    return {"type": "FeatureCollection", "features": feats}


def _round2(g: dict) -> dict:
    def r(c):
        if isinstance(c, list) and c and isinstance(c[0], (int, float)):
            return [round(v, 2) for v in c]
        return [r(x) for x in c]

    return {"type": g["type"], "coordinates": r(g["coordinates"])}


#: (tolerance, smallest island) of the basemap near the data and far from it (degrees,
#: square degrees); shaded countries use the same outlines, so their edges meet the borders
DETAIL, COARSE = (0.12, 0.08), (0.35, 1.0)


def _near(bbox, bounds, grow: float = 0.5) -> bool:
    """Whether a feature's (w, s, e, n) box meets the view grown by ``grow`` of its size."""
    (s, w), (n, e) = bounds
    dx, dy = (e - w) * grow + 5, (n - s) * grow + 5
    return bbox[0] <= e + dx and bbox[2] >= w - dx and bbox[1] <= n + dy and bbox[3] >= s - dy


def basemap_features(bounds) -> dict:
    """The embedded basemap for a view: countries near it in detail, the rest coarse."""
    coarse = {f["properties"]["iso2"]: f for f in _basemap_geojson(*COARSE)["features"]}
    feats = [f if _near(f["bbox"], bounds) else coarse.get(f["properties"]["iso2"], f)
             for f in _basemap_geojson(*DETAIL)["features"]]
    return {"type": "FeatureCollection", "features": feats}


def _country_shapes(codes: list[str], bounds) -> dict:
    """Outlines of the countries in ``codes``: fine near the view, coarse far from it."""
    fine = {f["properties"]["iso2"]: f for f in _basemap_geojson(*DETAIL)["features"]}
    coarse = {f["properties"]["iso2"]: f for f in _basemap_geojson(*COARSE)["features"]}
    feats = []
    for code in codes:
        f = fine.get(code)
        if f is not None:
            feats.append(f if _near(f["bbox"], bounds) else coarse.get(code, f))
    return {"type": "FeatureCollection", "features": feats}
