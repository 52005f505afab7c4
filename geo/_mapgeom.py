"""Corridor geometry as NumPy arrays for drawing: many lines at once, no per-point Python.

Both renderers (Leaflet in :mod:`geo.maps`, deck.gl in :mod:`geo.maps_deck`) draw from
:func:`drawn_lines`: every corridor's parts as lon/lat coordinates in one array, parts
that were split at ±180° joined back with unwrapped longitudes (a Pacific flight is drawn
across the Pacific), and :func:`simplified` thins each line in proportion to its extent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass
class Lines:
    """Lines of many corridors: ``coords[offsets[i]:offsets[i + 1]]`` is line ``i`` (lon,
    lat), drawn for corridor ``owner[i]`` (its position in the input)."""

    coords: np.ndarray
    offsets: np.ndarray
    owner: np.ndarray

    def __len__(self) -> int:
        return len(self.owner)

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)


def _empty() -> Lines:
    return Lines(np.zeros((0, 2)), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))


def drawn_lines(geoms, *, decimals: int = 5) -> Lines:
    """The lines to draw for ``geoms`` (shapely LineStrings/MultiLineStrings or None).

    Coordinates are rounded to ``decimals``. A part that starts where the previous one
    ended, 360° away (a cut at the antimeridian), is joined to it, its longitudes unwrapped
    point by point so that the line stays continuous.
    """
    geoms = np.asarray(list(geoms), dtype=object)
    if not len(geoms):
        return _empty()
    parts, owner = shapely.get_parts(geoms, return_index=True)
    if not len(parts):
        return _empty()
    n = shapely.get_num_coordinates(parts)
    keep = n > 0
    parts, owner, n = parts[keep], owner[keep], n[keep]
    if not len(parts):
        return _empty()
    coords = np.round(shapely.get_coordinates(parts), decimals)
    offsets = np.concatenate([[0], np.cumsum(n)])
    joined = np.zeros(len(parts), dtype=bool)
    # Only parts after a part of the same corridor can join it: few, so a loop is cheap.
    for p in np.nonzero(owner[1:] == owner[:-1])[0] + 1:
        last_lon, last_lat = coords[offsets[p] - 1]
        x0, y0 = coords[offsets[p]]
        if abs(y0 - last_lat) < 1e-6 and abs(((x0 - last_lon + 180) % 360) - 180) < 1e-6 \
                and abs(x0 - last_lon) > 1e-6:
            seg = coords[offsets[p]:offsets[p + 1], 0]
            lons = np.unwrap(np.concatenate([[last_lon], seg[1:]]), period=360)
            coords[offsets[p] + 1:offsets[p + 1], 0] = lons[1:]
            joined[p] = True
    if not joined.any():
        return Lines(coords, offsets, owner)
    drop = np.zeros(len(coords), dtype=bool)
    drop[offsets[:-1][joined]] = True  # a joined part's first point repeats the last one
    line_of_part = np.cumsum(~joined) - 1
    sizes = np.bincount(line_of_part, weights=n - joined, minlength=line_of_part[-1] + 1)
    return Lines(coords[~drop], np.concatenate([[0], np.cumsum(sizes).astype(np.int64)]),
                 owner[~joined])


def simplified(lines: Lines, *, lo: float = 0.005, hi: float = 0.05, per: float = 800,
               decimals: int = 3) -> Lines:
    """Each line simplified (Douglas-Peucker; lines are drawn, so no topology to keep) with a tolerance of its
    extent / ``per`` degrees, clipped to [``lo``, ``hi``]: nothing visible is lost at the
    zoom that shows the whole line (a 5,000 km arc keeps a point every ~100 km)."""
    if not len(lines):
        return lines
    starts = lines.offsets[:-1]
    x, y = lines.coords[:, 0], lines.coords[:, 1]
    dx = np.maximum.reduceat(x, starts) - np.minimum.reduceat(x, starts)
    dy = np.maximum.reduceat(y, starts) - np.minimum.reduceat(y, starts)
    tol = np.clip(np.hypot(dx, dy) / per, lo, hi)
    tol[lines.sizes() <= 2] = 0.0
    index = np.repeat(np.arange(len(lines)), lines.sizes())
    geoms = shapely.linestrings(lines.coords, indices=index)
    geoms = shapely.simplify(geoms, tol, preserve_topology=False)
    coords, which = shapely.get_coordinates(geoms, return_index=True)
    counts = np.bincount(which, minlength=len(lines))
    return Lines(np.round(coords, decimals), np.concatenate([[0], np.cumsum(counts)]),
                 lines.owner.copy())


def mercator_y(lat: np.ndarray) -> np.ndarray:
    """Web Mercator y of latitudes, in degrees of longitude at the equator (so that one
    unit is as long on the screen in x and in y at any zoom); clipped at ±85°."""
    phi = np.radians(np.clip(lat, -85.0, 85.0))
    return np.degrees(np.log(np.tan(np.pi / 4 + phi / 2)))


def coarse_mask(lines: Lines, tolerance: float) -> np.ndarray:
    """Which points of ``lines`` a coarser drawing keeps: each line simplified
    (Douglas-Peucker) in Web Mercator with ``tolerance`` (degrees of longitude at the
    equator: the same number of pixels everywhere on the map), as a bool per point. Ends
    are always kept, so each line stays a line; the kept points are points of the line."""
    if not len(lines) or tolerance <= 0:
        return np.ones(len(lines.coords), dtype=bool)
    merc = np.column_stack([lines.coords[:, 0], mercator_y(lines.coords[:, 1])])
    line_of = np.repeat(np.arange(len(lines)), lines.sizes())
    geoms = shapely.simplify(shapely.linestrings(merc, indices=line_of), tolerance,
                             preserve_topology=False)
    kept, which = shapely.get_coordinates(geoms, return_index=True)

    def keys(line, xy):
        rec = np.column_stack([line.astype(np.float64), xy])
        return np.ascontiguousarray(rec).view(np.dtype((np.void, 24))).ravel()

    mask = np.isin(keys(line_of, merc), keys(which, kept))
    mask[lines.offsets[:-1]] = True
    mask[lines.offsets[1:] - 1] = True
    return mask


def bounds_latlon(coords: np.ndarray):
    """[[south, west], [north, east]] of lon/lat ``coords`` (None when there are none)."""
    if not len(coords):
        return None
    (w, s), (e, n) = coords.min(axis=0), coords.max(axis=0)
    return [[float(s), float(w)], [float(n), float(e)]]
