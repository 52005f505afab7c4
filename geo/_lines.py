"""Lines on the globe: great circles (``pyproj.Geod``), joining segments, cutting lines
at ±180° and their geodesic length. Shared by every mode's router.
"""

from __future__ import annotations

import math

import numpy as np
from shapely.geometry import MultiLineString

from geo.networks import GEOD


#: Great circles get at least one point per this many km.
AIR_STEP_KM = 50.0


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
