"""Big corridor maps with deck.gl (WebGL): 100,000 corridors in one offline HTML file.

The page is written directly (no folium): the deck.gl standalone bundle (vendored from
the npm registry, ``data/vendor/deck.gl``) and our script (``maps_deck.js``) inline, the
embedded Natural Earth basemap, and the corridors as compact binary geometry:

* lines are the same simplified lines as the Leaflet map (:mod:`geo._mapgeom`), in
  thousandths of a degree: the first point of each line as two Int32, every further
  point as the Int16 difference to the one before (a longer step is cut in pieces);
* the per-corridor fields the popups and the atlas need (label, mode, articles, countries,
  status history ``h``) are columns, repeated values written once (a dictionary).

Popups are built with ``textContent`` from those fields; ``window.CorridorAtlas`` gives
the shared atlas API (``setDate``, ``setFilter``, ``corridors``). Nothing is fetched.
"""

from __future__ import annotations

import base64
import html
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from geo._fields import (_corridor_popup_parts, _mentions, _radius, _text, _weight,
                         corridor_label)
from geo._mapgeom import Lines, coarse_mask, drawn_lines, simplified
from geo._style import ATTRIBUTION, KIND_COLOR, MODE_STYLE, SOURCE_LABEL, legend_html, safe
from geo.basemap import _fit_bounds, basemap_features

#: ``corridor_map(..., renderer="auto")`` draws with deck.gl from this many corridors on.
DECK_THRESHOLD = 5_000

_STEP = 32_000  # the largest Int16 step written; longer steps get points in between


@lru_cache(maxsize=1)
def deck_bundle() -> str:
    """The vendored deck.gl standalone bundle (MIT; see ``data/vendor/deck.gl``)."""
    from geo._data import data_path

    text = data_path("vendor", "deck.gl", "dist.min.js").read_text(encoding="utf-8")
    return re.sub(r"//# sourceMappingURL=\S+", "", text)


@lru_cache(maxsize=1)
def _page_js() -> str:
    return (Path(__file__).with_name("maps_deck.js")).read_text(encoding="utf-8")


def _b64(arr: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"),
                                                             copy=False).tobytes()).decode("ascii")


def encode_lines(lines: Lines, keep: np.ndarray | None = None, tolerance: float = 0.0) -> dict:
    """Quantised, delta-encoded lines (see the module docstring) as base64 arrays.

    Returns ``{"first": Int32 [lon, lat] per line, "step": Int16 [dlon, dlat] per further
    point, "len": Uint32 points per line, "owner": Uint32 corridor per line, "scale": 1000}``;
    with ``keep`` (a bool per point: :func:`geo._mapgeom.coarse_mask`) also ``"lod":
    {"tol": tolerance, "keep": one bit per written point, least significant bit first}``:
    the points of the coarser drawing (points put in to cut a long step are not kept).
    """
    q = np.rint(lines.coords * 1000).astype(np.int64)
    sizes = lines.sizes()
    starts = lines.offsets[:-1]
    is_first = np.zeros(len(q), dtype=bool)
    is_first[starts] = True
    d = np.zeros_like(q)
    d[1:] = q[1:] - q[:-1]
    d[is_first] = 0
    pieces = np.maximum(1, np.ceil(np.abs(d).max(axis=1) / _STEP).astype(np.int64))
    if (pieces > 1).any():
        # a step too long for Int16: points in between, on the straight segment
        prev = np.zeros_like(q)
        prev[1:] = q[:-1]
        rep = np.repeat(np.arange(len(q)), pieces)
        t = (np.arange(len(rep)) - np.repeat(np.cumsum(pieces) - pieces, pieces) + 1) / pieces[rep]
        q = np.where(is_first[rep, None], q[rep],
                     prev[rep] + np.rint(d[rep] * t[:, None]).astype(np.int64))
        is_first = is_first[rep] & (t == 1)
        if keep is not None:
            keep = keep[rep] & (t == 1)
        line_of_point = np.repeat(np.repeat(np.arange(len(sizes)), sizes), pieces)
        sizes = np.bincount(line_of_point, minlength=len(sizes))
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        d = np.zeros_like(q)
        d[1:] = q[1:] - q[:-1]
        d[is_first] = 0
    step = d[~is_first].astype(np.int16)
    out = {"first": _b64(q[starts].astype(np.int32)), "step": _b64(step),
           "len": _b64(sizes.astype(np.uint32)), "owner": _b64(lines.owner.astype(np.uint32)),
           "scale": 1000}
    if keep is not None:
        out["lod"] = {"tol": round(float(tolerance), 4),
                      "keep": _b64(np.packbits(keep, bitorder="little"))}
    return out


#: The coarse drawing's error at the view a map opens at, in pixels (at 1280 x 720)
COARSE_PIXELS = 0.75


def coarse_tolerance(bounds, width: int = 1280, height: int = 720) -> float:
    """The simplification tolerance (degrees of longitude at the equator, in Web Mercator)
    of the coarse drawing: :data:`COARSE_PIXELS` at the zoom that fits ``bounds``
    ([[s, w], [n, e]]) in a ``width`` x ``height`` view; 0 where that is no coarser than
    the lines themselves (a map of a region)."""
    from geo._mapgeom import mercator_y

    (s, w), (n, e) = bounds
    lon = max(1e-6, min(360.0, e - w))
    merc = float(np.ptp(mercator_y(np.array([s, n], dtype=float)))) or 1e-6
    zoom = min(np.log2(width * 360 / (512 * lon)), np.log2(height * 360 / (512 * merc)))
    tol = COARSE_PIXELS * 360 / (512 * 2 ** zoom)
    return float(tol) if tol > 0.06 else 0.0


def border_lines(basemap: dict) -> Lines:
    """The outlines (every ring) of the basemap's countries, as lines to draw."""
    rings = []
    for f in basemap["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        rings += [np.asarray(r, dtype=float) for poly in polys for r in poly if len(r) >= 2]
    if not rings:
        return Lines(np.zeros((0, 2)), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))
    sizes = np.array([len(r) for r in rings])
    return Lines(np.concatenate(rings), np.concatenate([[0], np.cumsum(sizes)]),
                 np.zeros(len(rings), dtype=np.int64))


def _column(values: list) -> dict:
    """A column for the page: ``{"v": values}``, or ``{"d": distinct, "i": index}`` when
    values repeat (the same source, status or date on thousands of corridors)."""
    keys = [repr(v) for v in values]
    distinct: dict[str, int] = {}
    for k in keys:
        distinct.setdefault(k, len(distinct))
    if len(distinct) * 2 > len(values):
        return {"v": values}
    first = {}
    for k, v in zip(keys, values):
        first.setdefault(k, v)
    return {"d": list(first.values()), "i": [distinct[k] for k in keys]}


def _iso(value) -> str | None:
    s = _text(value)
    m = re.match(r"\d{4}-\d{2}(-\d{2})?", s)
    return m.group(0) if m else None


def status_history(row) -> list:
    """The corridor's status history ``[[iso_date_or_null, status, article_id], ...]``
    sorted by date, undated last: the row's ``h`` (or ``history``) when the data has one,
    else its one status, date and source."""
    for name in ("h", "history"):
        got = getattr(row, name, None)
        if isinstance(got, (list, tuple, np.ndarray)) and len(got):
            out = []
            for item in got:
                if isinstance(item, dict):
                    item = (item.get("date"), item.get("status"), item.get("article"))
                if isinstance(item, (list, tuple, np.ndarray)) and len(item) >= 2:
                    out.append([_iso(item[0]), _text(item[1]) or None,
                                _text(item[2]) if len(item) > 2 else None])
            if out:
                return sorted(out, key=lambda e: (e[0] is None, e[0] or ""))
    return [[_iso(getattr(row, "date", None)), _text(getattr(row, "status", None)) or None,
             _text(getattr(row, "source", None)) or None]]


def page_data(places, corridors, *, title: str) -> dict:
    """Everything the deck.gl page draws, as JSON-ready values (geometry as base64)."""

    lines = drawn_lines(corridors.geometry) if len(corridors) else drawn_lines([])
    thin = simplified(lines)
    bounds = _fit_bounds(places, corridors, lines, thin)
    tol = coarse_tolerance(bounds)
    keep = coarse_mask(thin, tol) if tol else None
    modes = [m for m in MODE_STYLE]
    cols: dict[str, list] = {k: [] for k in ("t", "m", "n", "c", "h", "s", "p")}
    for row in corridors.itertuples():
        via = getattr(row, "via_countries", None)
        cols["t"].append(corridor_label(row))
        cols["m"].append(row.mode if row.mode in MODE_STYLE else "corridor")
        cols["n"].append(_weight(row))
        cols["c"].append([_text(v) for v in via if _text(v)]
                         if isinstance(via, (list, tuple, np.ndarray)) else [])
        cols["h"].append(status_history(row))
        cols["s"].append(_text(row.status) or None)
        p = _corridor_popup_parts(row)
        for k in ("h", "s", "n"):
            p.pop(k, None)
        cols["p"].append(p)
    # the popup fields by name, each its own column (they repeat in different ways)
    parts = cols.pop("p")
    pkeys = sorted({k for p in parts for k in p})
    popup = {k: _column([p.get(k) for p in parts]) for k in pkeys}
    pl = []
    for row in places.itertuples():
        pl.append({"ll": [round(float(row.lon), 4), round(float(row.lat), 4)],
                   "r": _radius(row), "c": KIND_COLOR.get(row.kind, "#333"),
                   "h": _text(getattr(row, "label", None)) or _text(row.name),
                   "x": ", ".join(x for x in (_text(row.kind), _text(row.country)) if x)
                   + f" · mentions: {_mentions(row)}", "q": _text(row.first_sentence)})
    basemap = basemap_features(bounds)
    return {"title": title, "bounds": bounds, "count": len(corridors),
            "modes": {m: MODE_STYLE[m] for m in modes}, "made": SOURCE_LABEL,
            "lines": encode_lines(thin, keep, tol), "cols": {k: _column(v) for k, v in cols.items()},
            "popup": popup, "places": pl, "basemap": basemap,
            "borders": encode_lines(border_lines(basemap))}


def _atlas_controls() -> tuple[str, str]:
    """The shared atlas controls (time slider, filters, search, timeline chart) of
    ``geo._atlas_ui`` as (CSS, script), or ("", "") where this checkout has none; the
    page mounts them on ``window.CorridorAtlas`` when they are there."""
    try:
        from geo._atlas_ui import CSS, ui_js
    except ImportError:
        return "", ""
    return CSS, ui_js().replace("</script", "<\\/script")


class DeckMap:
    """A deck.gl corridor map: one self-contained HTML page (:func:`deck_map`).

    ``save_html``/``save_png`` of :mod:`geo.export` accept it; in Jupyter it displays
    inline (an iframe of the page).
    """

    offline = True  # nothing in the page is fetched
    renderer = "deck"

    def __init__(self, html_text: str, *, title: str, count: int):
        self.html = html_text
        self.title = title
        self.count = count

    def render(self) -> str:
        """The page's HTML."""
        return self.html

    def _repr_html_(self, **kwargs):
        srcdoc = html.escape(self.html, quote=True)
        return (f'<div style="width:100%;"><div style="position:relative;width:100%;height:0;'
                f'padding-bottom:60%;"><iframe srcdoc="{srcdoc}" style="position:absolute;width:100%;'
                f'height:100%;left:0;top:0;border:none !important;" allowfullscreen></iframe></div></div>')


_CSS = """
html,body{margin:0;height:100%;overflow:hidden;font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
#ca-map{position:absolute;inset:0;background:#cfe3f3}
.ca-box{position:absolute;z-index:2;background:rgba(255,255,255,.94);border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.ca-title{top:10px;left:10px;padding:5px 10px;font-weight:600;font-size:15px;max-width:min(520px,calc(100vw - 40px))}
.ca-subtitle{font-weight:400;font-size:13px;color:#444;margin-top:2px}
.ca-legend{top:10px;right:10px;padding:5px 9px;max-width:250px}
.ca-legend summary{cursor:pointer;font-weight:600}
.ca-legend .ca-h{font-weight:600;margin-top:5px}
.ca-legend svg{vertical-align:middle;margin-right:4px}
.ca-credits{right:0;bottom:0;padding:2px 6px;font-size:11px;color:#333;border-radius:3px 0 0 0;max-width:calc(100% - 20px)}
.ca-source{left:10px;bottom:24px;padding:2px 6px;font-size:11px}
.ca-popup{padding:8px 10px;max-width:min(400px,calc(100vw - 40px));font-size:12px;pointer-events:auto}
.ca-popup .ca-close{position:absolute;top:2px;right:6px;border:0;background:none;font-size:16px;cursor:pointer}
.ca-quote{margin:4px 0 0;padding-left:6px;border-left:3px solid #bbb;font-style:italic;white-space:normal}
.ca-atlas-host{position:absolute;top:10px;left:10px;z-index:3}
.ca-nowebgl{position:absolute;inset:30% 10% auto;z-index:3;padding:12px;font-size:14px}
@media (min-width:601px) and (max-width:900px){.ca-title{max-width:calc(100vw - 320px)}}
@media (max-width:600px){.ca-legend{top:auto;bottom:64px}.ca-title{font-size:13px}.ca-credits{font-size:10px}}
"""


def deck_map(data, *, title: str | None = None, date: str | None = None) -> DeckMap:
    """A deck.gl map of places and corridors, for maps too big for Leaflet.

    Parameters
    ----------
    data : Extraction, list of Extraction, path, or GeoDataFrame(s)
        What to map (see :func:`geo.mapdata.map_frames`).
    title : str, optional
        Shown at the top; by default the article's title where there is one.
    date : str, optional
        With status histories (an atlas): the month ("YYYY-MM") the page opens at when
        its URL has no state; a ``#d=YYYY-MM`` in the URL wins.

    Returns
    -------
    DeckMap
        Save it with :func:`geo.export.save_html` (always offline: nothing is fetched).
    """
    from geo._mapui import js_json
    from geo.mapdata import map_frames

    places, corridors = map_frames(data)
    if title is None:
        titles = [t for t in corridors.get("title", []) if isinstance(t, str)] if len(corridors) else []
        title = titles[0] if len(set(titles)) == 1 else "Corridor Atlas"
    drawn = corridors[corridors.geometry.notna() & ~corridors.geometry.is_empty] if len(corridors) \
        else corridors
    data = page_data(places, drawn, title=title)
    data["start"] = date
    legend = legend_html(drawn, places, shaded=False, bulk=True)
    n = len(drawn)
    desc = (f"{title}: a map of {n:,} corridor{'s' if n != 1 else ''} and {len(places):,} "
            f"place{'s' if len(places) != 1 else ''}, by Corridor Atlas (deck.gl).")
    bundle = deck_bundle().replace("</script", "<\\/script")
    ui_css, ui_script = _atlas_controls()
    page = "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{safe(title)}</title>", f'<meta name="description" content="{safe(desc)}">',
        f"<style>{_CSS}{ui_css}</style></head><body>",
        '<div id="ca-map"></div>',
        '<div class="ca-box ca-title" id="ca-title"></div>',
        f'<details class="ca-box ca-legend" id="ca-legend" open>{legend}</details>',
        f'<div class="ca-box ca-credits">{html.escape(ATTRIBUTION)} · deck.gl (MIT)</div>',
        '<div class="ca-box ca-popup" id="ca-popup" hidden></div>',
        f"<script>{bundle}</script>",
        f'<script id="ca-data" type="application/json">{js_json(data)}</script>',
        f"<script>{ui_script}</script>" if ui_script else "",
        f"<script>{_page_js()}</script>",
        "</body></html>\n"])
    return DeckMap(page, title=title, count=n)
