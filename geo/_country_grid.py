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

#: The finest cell, in degrees (about 3.5 km): the finer, the fewer points along a line
#: fall in a mixed cell and need a polygon test (half of 0.0625 took via-countries from
#: about 1.1 to 0.83 ms per air route, for 10 s more in building the cache).
CELL_DEG = 0.03125
#: Cells are split this many times per side from one level to the next.
_SPLIT = 4
#: The coarsest cell (CELL_DEG times a power of _SPLIT that divides 180 and 360).
_TOP_DEG = CELL_DEG * _SPLIT ** 3  # 2 degrees
#: Finest cells per side of a block: the grid is kept as a coarse grid of blocks, and only
#: the blocks that are not all one value keep their fine cells (a dense fine grid would
#: take 133 MB; this takes about 11).
BLOCK = 8
#: Changes when the grid's layout does (the cached grid is then rebuilt).
FORMAT = 3
#: Values of a cell besides a country's row number.
SEA, MIXED = -1, -2
#: In the coarse grid, a value at or below this points to a block: block = _FIRST_BLOCK - value.
_FIRST_BLOCK = -3


def build_grid(polygons, tree) -> tuple[np.ndarray, np.ndarray]:
    """The grid of country row numbers, :data:`SEA` or :data:`MIXED` for the prepared
    ``polygons`` and their ``shapely.STRtree``, as ``(coarse, blocks)``: see
    :func:`cell_values`."""
    import shapely

    ny, nx = int(round(180 / CELL_DEG)), int(round(360 / CELL_DEG))
    grid = np.full((ny, nx), MIXED, dtype=np.int16)
    step = int(round(_TOP_DEG / CELL_DEG))  # finest cells per side of a cell at this level
    iy, ix = np.meshgrid(np.arange(0, ny, step), np.arange(0, nx, step), indexing="ij")
    iy, ix = iy.ravel(), ix.ravel()
    pairs = None
    while len(iy):
        size = step * CELL_DEG
        x0, y0 = ix * CELL_DEG - 180.0, iy * CELL_DEG - 90.0
        boxes = shapely.box(x0, y0, x0 + size, y0 + size)
        # boxes overlap, then the test on the prepared polygon (fast for a big polygon;
        # ``query(predicate=...)`` would test against the unprepared one)
        if pairs is None:
            box_i, poly_i = tree.query(boxes)
        else:
            box_i, poly_i = pairs  # a cell can only meet the polygons its parent met
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
        if step == 1:
            grid[iy[settled], ix[settled]] = values[settled]
        else:
            for k in np.flatnonzero(settled):
                grid[iy[k]:iy[k] + step, ix[k]:ix[k] + step] = values[k]
        if step == 1:
            break
        rest = np.flatnonzero(~settled)
        # the children of each unsettled cell, _SPLIT**2 in a row, inherit its polygons
        n_child = _SPLIT * _SPLIT
        rank = np.full(len(boxes), -1)
        rank[rest] = np.arange(len(rest))
        keep = rank[box_i] >= 0
        parent, poly = rank[box_i[keep]], poly_i[keep]
        pairs = ((parent[:, None] * n_child + np.arange(n_child)[None, :]).ravel(),
                 np.repeat(poly, n_child))
        step //= _SPLIT
        offs = np.arange(_SPLIT) * step
        # children row-major within each parent: (dy, dx) = (0, 0), (0, 1), ...
        dy, dx = np.repeat(offs, _SPLIT), np.tile(offs, _SPLIT)
        iy = (iy[rest][:, None] + dy[None, :]).ravel()
        ix = (ix[rest][:, None] + dx[None, :]).ravel()
    return _blocks(grid)


def _blocks(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A dense fine grid as a coarse grid of :data:`BLOCK`-cell blocks: a block of one
    value is that value; the others point into ``blocks``."""
    ny, nx = grid.shape
    cells = grid.reshape(ny // BLOCK, BLOCK, nx // BLOCK, BLOCK).transpose(0, 2, 1, 3)
    flat = cells.reshape(ny // BLOCK, nx // BLOCK, BLOCK * BLOCK)
    uniform = (flat == flat[:, :, :1]).all(axis=2)
    coarse = flat[:, :, 0].astype(np.int32)
    mixed_r, mixed_c = np.nonzero(~uniform)
    coarse[mixed_r, mixed_c] = _FIRST_BLOCK - np.arange(len(mixed_r))
    return coarse, np.ascontiguousarray(cells[mixed_r, mixed_c])


def cell_values(grid: tuple[np.ndarray, np.ndarray], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The grid's value at each point (lon ``x``, lat ``y`` in degrees)."""
    coarse, blocks = grid
    ny, nx = coarse.shape[0] * BLOCK, coarse.shape[1] * BLOCK
    col = np.clip(((x + 180.0) / CELL_DEG).astype(np.int64), 0, nx - 1)
    row = np.clip(((y + 90.0) / CELL_DEG).astype(np.int64), 0, ny - 1)
    v = coarse[row // BLOCK, col // BLOCK]
    inner = np.flatnonzero(v <= _FIRST_BLOCK)
    if len(inner):
        v[inner] = blocks[_FIRST_BLOCK - v[inner], row[inner] % BLOCK, col[inner] % BLOCK]
    return v
