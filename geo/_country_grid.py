"""A grid over the globe that says, for each cell, which country holds all of it, that
no country touches it (sea), or that it is mixed (a border or a coast runs through it).

:func:`geo.countries.country_runs` places thousands of points along a line in a country;
a point in a cell held by one country is that country's without a point-in-polygon test,
and only points in mixed cells are tested against the full-resolution polygons. Every
cell's class is decided exactly against those polygons (a country holds a cell only when
the cell lies inside it), so the result is the same as testing every point.

The grid is built coarse to fine: a cell that one country holds or no country touches
is settled at that level; the others are split, down to :data:`CELL_DEG`.
"""

from __future__ import annotations

import numpy as np

#: The finest cell, in degrees.
CELL_DEG = 0.25
#: Cells are split this many times per side from one level to the next.
_SPLIT = 4
#: The coarsest cell (CELL_DEG times a power of _SPLIT that divides 180 and 360).
_TOP_DEG = CELL_DEG * _SPLIT ** 2  # 4 degrees
#: Values of a cell besides a country's row number.
SEA, MIXED = -1, -2


def build_grid(polygons, tree) -> np.ndarray:
    """The grid (rows from 90°S, columns from 180°W) of country row numbers, :data:`SEA`
    or :data:`MIXED`, for the prepared ``polygons`` and their ``shapely.STRtree``."""
    import shapely

    ny, nx = int(round(180 / CELL_DEG)), int(round(360 / CELL_DEG))
    grid = np.full((ny, nx), MIXED, dtype=np.int16)
    step = int(round(_TOP_DEG / CELL_DEG))  # finest cells per side of a cell at this level
    iy, ix = np.meshgrid(np.arange(0, ny, step), np.arange(0, nx, step), indexing="ij")
    iy, ix = iy.ravel(), ix.ravel()
    while len(iy):
        size = step * CELL_DEG
        x0, y0 = ix * CELL_DEG - 180.0, iy * CELL_DEG - 90.0
        boxes = shapely.box(x0, y0, x0 + size, y0 + size)
        # boxes overlap, then the test on the prepared polygon (fast for a big polygon;
        # ``query(predicate=...)`` would test against the unprepared one)
        box_i, poly_i = tree.query(boxes)
        meet = shapely.intersects(polygons[poly_i], boxes[box_i])
        box_i, poly_i = box_i[meet], poly_i[meet]
        hits = np.bincount(box_i, minlength=len(boxes))
        settled = np.zeros(len(boxes), dtype=bool)
        values = np.full(len(boxes), MIXED, dtype=np.int16)
        values[hits == 0] = SEA
        settled[hits == 0] = True
        one = np.flatnonzero(hits == 1)
        if len(one):
            owner = np.empty(len(boxes), dtype=np.int64)
            owner[box_i] = poly_i
            inside = shapely.contains_properly(polygons[owner[one]], boxes[one])
            values[one[inside]] = owner[one[inside]]
            settled[one[inside]] = True
        for k in np.flatnonzero(settled):
            grid[iy[k]:iy[k] + step, ix[k]:ix[k] + step] = values[k]
        if step == 1:
            break
        rest = np.flatnonzero(~settled)
        step //= _SPLIT
        offs = np.arange(_SPLIT) * step
        iy = (iy[rest][:, None, None] + offs[None, :, None] + 0 * offs[None, None, :]).ravel()
        ix = (ix[rest][:, None, None] + 0 * offs[None, :, None] + offs[None, None, :]).ravel()
    return grid


def cell_values(grid: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The grid's value at each point (lon ``x``, lat ``y`` in degrees)."""
    ny, nx = grid.shape
    col = np.clip(((x + 180.0) / CELL_DEG).astype(np.int64), 0, nx - 1)
    row = np.clip(((y + 90.0) / CELL_DEG).astype(np.int64), 0, ny - 1)
    return grid[row, col]
