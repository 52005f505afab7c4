"""The corridor atlas of a corpus run: every aggregated corridor on one offline page, with a
time slider (the status of each corridor as of a month), a status timeline per corridor,
filters, search, line width by articles and places grouped by zoom.

:func:`atlas_data` turns the tables of ``corridors corpus`` into the page data both
renderers share (``contract15``: per corridor ``h`` = ``[[date, status, article_id], ...]``
sorted by date with undated entries last, ``m`` mode, ``n`` articles, ``c`` countries,
``t`` label); :func:`atlas_map` draws it with Leaflet (canvas renderer) and mounts the
controls of :mod:`geo._atlas_ui`; :func:`save_atlas` writes the self-contained HTML.

A corridor the articles never give a status gets one entry ``[first_date, None, article]``
(drawn as "status not stated" from its first mention), so that it too appears only once it
has been mentioned; for every other corridor ``h`` is the corpus' ``status_history``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

#: Place kinds drawn as markers (countries, regions and seas are context, not points).
MARKER_KINDS = {"city", "airport", "port", "station", "pass", "admin1"}


class AtlasInputError(ValueError):
    """The folder given is not a finished corpus run."""


def status_at(history, date: str | None):
    """(shown, status) of a corridor as of ``date`` (ISO; None for all dates): the rule the
    browser applies (``CorridorAtlasUI.statusAt``), for notebooks and tables.

    The latest dated status on or before ``date``; a corridor with none by then is not
    shown. Under all dates, the latest dated status, else the latest undated one.

    >>> h = [["2021-02-02", "proposed", "a"], ["2023-07-18", "planned", "b"]]
    >>> status_at(h, "2022-12-31"), status_at(h, "2020-01-01"), status_at(h, None)
    ((True, 'proposed'), (False, None), (True, 'planned'))
    """
    last = undated = None
    for d, status, *_ in history or []:
        if d is None:
            undated = (True, status)
        elif date is None or d <= date:
            last = (True, status)
    if last:
        return last
    if date is None and undated:
        return undated
    return (False, None)


def _check_outdir(outdir) -> Path:
    """The corpus folder, or an AtlasInputError that says what to give instead."""
    import json

    out = Path(outdir)
    if not out.is_dir():
        raise AtlasInputError(f"{outdir}: no such folder; give the OUTDIR of "
                              "`corridors corpus INPUT -o OUTDIR`")
    manifest = out / "manifest.json"
    if not manifest.is_file():
        raise AtlasInputError(f"{outdir} has no manifest.json, so it is not a corpus run; "
                              f"make one with `corridors corpus INPUT -o {outdir}` (or give the "
                              "article files inside the folder)")
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AtlasInputError(f"{manifest}: unreadable ({exc}); run `corridors corpus INPUT "
                              f"-o {outdir} --resume` again") from None
    if not meta.get("finished"):
        raise AtlasInputError(f"{outdir}: the corpus run did not finish; finish it with "
                              f"`corridors corpus INPUT -o {outdir} --resume`")
    if not sorted((out / "corridors").glob("part-*.parquet")):
        raise AtlasInputError(f"{outdir}/corridors has no table parts; run `corridors corpus "
                              f"INPUT -o {outdir}` again")
    return out


def _parts(table_dir: Path, columns: list[str]):
    import pyarrow.parquet as pq

    for f in sorted(table_dir.glob("part-*.parquet")):
        yield pq.read_table(f, columns=columns).to_pydict()


def _mentions(out: Path) -> tuple[dict, dict]:
    """Per corridor key: its earliest mention (date, article), and the sentence of each
    (article, status) so that a timeline can quote the change."""
    first: dict[str, tuple] = {}
    quote: dict[tuple, str] = {}
    cols = ["article_id", "date", "duplicate_of", "corridor_key", "status", "sentence"]
    for part in _parts(out / "routes", cols):
        for i, key in enumerate(part["corridor_key"]):
            if key is None or part["duplicate_of"][i] is not None:
                continue
            d, a = part["date"][i], part["article_id"][i]
            rank = (d is None, d or "", a)
            if key not in first or rank < first[key][0]:
                first[key] = (rank, d, a)
            q = (key, a, part["status"][i])
            if q not in quote and part["sentence"][i]:
                quote[q] = part["sentence"][i]
    return {k: v[1:] for k, v in first.items()}, quote


def _label(name, ends, mode) -> str:
    if name:
        return str(name)
    if ends and len(ends) >= 2 and ends[0] != ends[-1]:
        return f"{ends[0]} – {ends[-1]}"
    return {"rail": "Rail link", "air": "Air route", "road": "Road", "sea": "Sea route",
            "pipeline": "Pipeline", "corridor": "Corridor"}.get(mode, str(mode))


def _delta(latlon) -> list[int]:
    """A line as flat integers: the first [lat, lon] in thousandths of a degree (about
    100 m), then the change from each point to the next (the browser adds them back)."""
    import numpy as np

    q = np.asarray(latlon, dtype=np.int64)
    d = q.copy()
    d[1:] -= q[:-1]
    return d.ravel().tolist()


def _tolerance(bounds):
    """Simplification in proportion to a line's extent: nothing visible is lost at the zoom
    that shows the whole line (a 5,000 km line keeps a point every ~100 km)."""
    import numpy as np

    b = np.atleast_2d(bounds)
    return np.clip(np.hypot(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) / 800, 0.005, 0.05)


def _lines(geoms) -> tuple[list, list]:
    """(lines, corner points) for an array of geometries: per geometry its parts as
    :func:`_delta` lists (none for a missing or empty one), simplified and rounded, in one
    vectorised pass for plain lines; parts cut at ±180° are joined back first
    (``maps._parts_latlon``). The corner points are [lat, lon] pairs for the view."""
    import numpy as np
    import shapely

    from geo.maps import _parts_latlon

    geoms = np.asarray(geoms, dtype=object)
    out: list = [[] for _ in range(len(geoms))]
    corners = []
    kinds = shapely.get_type_id(geoms)
    single = np.flatnonzero((kinds == 1) & ~shapely.is_empty(geoms))
    if len(single):
        g = geoms[single]
        simple = shapely.simplify(g, _tolerance(shapely.bounds(g)))
        xy, idx = shapely.get_coordinates(simple, return_index=True)
        q = np.round(xy[:, ::-1] * 1000).astype(np.int64)  # [lat, lon] in thousandths
        starts = np.searchsorted(idx, np.arange(len(g)))
        ends = np.r_[starts[1:], len(idx)]
        for j, (a, e) in enumerate(zip(starts.tolist(), ends.tolist())):
            if e - a >= 2:
                out[single[j]] = [_delta(q[a:e])]
        b = shapely.bounds(g)
        corners += [[float(b[:, 1].min()), float(b[:, 0].min())], [float(b[:, 3].max()), float(b[:, 2].max())]]
    for i in np.flatnonzero((kinds != 1) & (kinds >= 0)).tolist():
        for part in _parts_latlon(geoms[i]):
            if len(part) > 2:
                line = shapely.LineString([(x, y) for y, x in part])
                part = [(y, x) for x, y in shapely.simplify(line, float(_tolerance(line.bounds)[0])).coords]
            if len(part) >= 2:
                out[i].append(_delta(np.round(np.asarray(part) * 1000)))
                corners += [list(part[0]), list(part[-1]), list(part[len(part) // 2])]
    return out, corners


def atlas_data(outdir, *, progress: bool = False) -> dict:
    """The page data of the atlas for a corpus OUTDIR.

    Returns ``{"corridors": [...], "places": [...], "bounds": [[s, w], [n, e]]}``. Each
    corridor: ``t`` label, ``m`` mode, ``n`` articles, ``c`` ISO2 countries crossed, ``h``
    status history ``[[iso_date_or_None, status, article_id], ...]`` (by date, undated
    last), ``q`` the sentence behind each entry of ``h`` (or None), ``e`` end names, ``s``
    how the line was made, ``km`` length, ``g`` the line's parts, each a flat list of
    integers: the first lat, lon in thousandths of a degree, then the change to each next
    point (about half the bytes of ``[[lat, lon], ...]``).
    Each place: ``t`` name, ``ll`` [lat, lon], ``k`` kind, ``cc`` country, ``a`` articles,
    ``x`` mentions, ``d`` first dated mention (None: only undated mentions).

    Raises
    ------
    AtlasInputError
        When ``outdir`` is not a finished corpus run (the message says what to do).
    """
    import shapely

    out = _check_outdir(outdir)
    first, quote = _mentions(out)
    cols = ["corridor_key", "mode", "name", "end_names", "n_articles", "status_history",
            "latest_article_id", "geometry_source", "length_km", "via_countries", "geometry"]
    corridors, corners = [], []
    done = 0
    for part in _parts(out / "corridors", cols):
        all_lines, pts = _lines(shapely.from_wkb(part["geometry"]))
        corners += pts
        for i, key in enumerate(part["corridor_key"]):
            lines = all_lines[i]
            if not lines:
                continue
            hist = part["status_history"][i] or []
            h = [[e["date"], e["status"], e["article_id"]] for e in hist]
            if not h:
                d, a = first.get(key, (None, part["latest_article_id"][i]))
                h = [[d, None, a]]
            h.sort(key=lambda e: (e[0] is None, e[0] or ""))
            countries = list(dict.fromkeys(c for c in (part["via_countries"][i] or []) if c))
            ends = [n for n in (part["end_names"][i] or []) if n]
            km = part["length_km"][i]
            corridors.append({
                "t": _label(part["name"][i], ends, part["mode"][i]), "m": part["mode"][i],
                "n": int(part["n_articles"][i] or 1), "c": countries, "h": h,
                "q": [quote.get((key, e[2], e[1])) for e in h], "e": ends,
                "s": part["geometry_source"][i],
                "km": round(km) if km is not None and math.isfinite(km) else None, "g": lines})
            done += 1
            if progress and done % 5000 == 0:
                print(f"atlas: {done:,} corridors ...", file=sys.stderr)
    # Thick lines first, so that the thin ones stay visible (and clickable) on top.
    corridors.sort(key=lambda r: (-r["n"], r["t"]))
    places = _places(out)
    if not corners:
        corners = [p["ll"] for p in places]
    return {"corridors": corridors, "places": places,
            "bounds": _bounds([c[0] for c in corners], [c[1] for c in corners])}


def _places(out: Path) -> list[dict]:
    """Places summed over the articles that name them (syndicated copies left out)."""
    import shapely

    agg: dict[str, dict] = {}
    cols = ["article_id", "date", "duplicate_of", "place_id", "name", "kind", "country", "mentions", "geometry"]
    for part in _parts(out / "places", cols):
        for i, pid in enumerate(part["place_id"]):
            if part["duplicate_of"][i] is not None or part["kind"][i] not in MARKER_KINDS:
                continue
            p = agg.get(pid)
            if p is None:
                pt = shapely.from_wkb(part["geometry"][i])
                p = agg[pid] = {"t": part["name"][i], "ll": [round(pt.y, 4), round(pt.x, 4)],
                                "k": part["kind"][i], "cc": part["country"][i], "a": 0, "x": 0, "d": None}
            p["a"] += 1
            p["x"] += part["mentions"][i] or 1
            d = part["date"][i]
            if d is not None and (p["d"] is None or d < p["d"]):
                p["d"] = d
    return sorted(agg.values(), key=lambda p: (-p["x"], p["t"] or ""))


def _bounds(lats, lons):
    if not lats:
        return [[20, 20], [55, 100]]
    import numpy as np

    la, lo = np.asarray(lats), np.asarray(lons)
    s, n, w, e = float(la.min()), float(la.max()), float(lo.min()), float(lo.max())
    pl, pw = max(0.5, (n - s) * 0.04), max(0.5, (e - w) * 0.04)
    return [[round(s - pl, 3), round(w - pw, 3)], [round(n + pl, 3), round(e + pw, 3)]]


# --------------------------------------------------------------------------- Leaflet renderer

_LEAFLET_JS = r"""
  var UI = window.CorridorAtlasUI, list = DATA.corridors, places = DATA.places;
  var SOURCE = {network: "routed on a rail/road network", geodesic: "great circle between the airports",
                "sea-lane": "along searoute's sea lanes", schematic: "straight through the stated stops"};
  var canvas = (window.caCanvas || L.canvas)({padding: 0.4, tolerance: 4});  // geo.maps.CPU_CANVAS_JS
  var lines = L.layerGroup().addTo(map);
  var state = {date: null, filter: {}}, range = null, openC = null;

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); } return e; }
  function popup(c) {
    var d = el("div", "ca-pop"), st = UI.statusAt(c.h, state.date);
    d.appendChild(el("b", "", c.t));
    var when = state.date === null ? "all dates" : "as of " + state.date;
    d.appendChild(el("div", "", c.m + " \u00b7 " + when + ": " + UI.words(st.status)));
    d.appendChild(el("div", "", c.n + (c.n === 1 ? " article" : " articles") + (c.km ? " \u00b7 " + c.km.toLocaleString("en") + " km" : "")));
    if (c.c && c.c.length) { d.appendChild(el("div", "", "Countries: " + c.c.join(", "))); }
    if (c.s) { d.appendChild(el("div", "", "Line: " + c.s + (SOURCE[c.s] ? " \u2014 " + SOURCE[c.s] : ""))); }
    d.appendChild(UI.timeline(c, state.date, range));
    return d;
  }
  function decode(part) {  // geo.atlas._delta: thousandths of a degree, then differences
    var out = new Array(part.length / 2), la = 0, lo = 0;
    for (var i = 0; i < part.length; i += 2) { la += part[i]; lo += part[i + 1]; out[i / 2] = [la / 1000, lo / 1000]; }
    return out;
  }
  var popW = Math.max(200, Math.min(340, map.getContainer().clientWidth - 72));  // fits a phone
  list.forEach(function (c, i) {
    c._i = i;
    c._layer = L.polyline(c.g.map(decode), {renderer: canvas, weight: UI.width(c.n), opacity: 0.9, lineCap: "round",
                                color: UI.color(null)});
    c._layer.bindPopup(function () { openC = c; return popup(c); }, {maxWidth: popW, minWidth: Math.min(240, popW)});
    c._layer.bindTooltip(function () { return el("span", "", c.t + " (" + c.m + ", " + UI.words(c._status) + ")"); }, {sticky: true});
    c._layer.on("popupclose", function () { if (openC === c) { openC = null; } });
  });

  function pass(c, f) {
    if (f.modes && f.modes.indexOf(c.m) < 0) { return false; }
    if (f.statuses && f.statuses.indexOf(c._status || "none") < 0) { return false; }
    if (f.countries && !(c.c || []).some(function (x) { return f.countries.indexOf(x) >= 0; })) { return false; }
    if (f.query) {
      var q = f.query.toLowerCase();
      if (c.t.toLowerCase().indexOf(q) < 0 && !(c.e || []).some(function (n) { return String(n).toLowerCase().indexOf(q) >= 0; })) { return false; }
    }
    return true;
  }
  var shownN = 0;
  function draw() {
    shownN = 0;
    list.forEach(function (c) {
      var st = UI.statusAt(c.h, state.date);
      c._status = st.status;
      var on = st.visible && pass(c, state.filter);
      c._shown = on;
      if (on) {
        shownN += 1;
        var col = UI.color(st.status);
        if (c._layer.options.color !== col) { c._layer.setStyle({color: col}); }
        if (!lines.hasLayer(c._layer)) { lines.addLayer(c._layer); }
      } else if (lines.hasLayer(c._layer)) { lines.removeLayer(c._layer); }
    });
    if (openC && openC._shown && openC._layer.getPopup().isOpen()) { openC._layer.getPopup().setContent(popup(openC)); }
    else if (openC) { map.closePopup(); }
    drawPlaces();
  }

  // Places, grouped by zoom: the places that fall in one cell of the screen grid are one
  // circle with their count (a click zooms in to them); a place alone is its own marker.
  map.createPane("ca-places").style.zIndex = 450;
  var placeLayer = L.layerGroup().addTo(map), CELL = 56;
  function placeOn(p) { return state.date === null || (p.d !== null && p.d <= state.date); }
  function drawPlaces() {
    placeLayer.clearLayers();
    var z = map.getZoom(), cells = {}, order = [];
    places.forEach(function (p) {
      if (!placeOn(p)) { return; }
      var pt = map.project(p.ll, z), k = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
      if (!cells[k]) { cells[k] = []; order.push(k); }
      cells[k].push(p);
    });
    order.forEach(function (k) {
      var ps = cells[k], top = ps[0];
      if (ps.length === 1) {
        var m = L.circleMarker(top.ll, {pane: "ca-places", radius: 3 + Math.min(6, Math.sqrt(top.a)), color: "#fff", weight: 1,
                                        fillColor: "#333", fillOpacity: 0.85, className: "ca-place"});
        m.bindTooltip(function () { return el("span", "", top.t); });
        m.bindPopup(function () {
          var d = el("div"); d.appendChild(el("b", "", top.t));
          d.appendChild(el("div", "", [top.k, top.cc].filter(Boolean).join(", ")));
          d.appendChild(el("div", "", top.a + (top.a === 1 ? " article, " : " articles, ") + top.x + " mentions"));
          d.appendChild(el("div", "", "first dated mention: " + (top.d || "none (undated articles only)")));
          return d;
        });
        placeLayer.addLayer(m);
        return;
      }
      var lat = 0, lon = 0;
      ps.forEach(function (p) { lat += p.ll[0]; lon += p.ll[1]; });
      var box = el("div", "ca-cluster-n", ps.length), size = ps.length < 10 ? 24 : ps.length < 100 ? 30 : 36;
      var icon = L.divIcon({html: box, className: "ca-cluster", iconSize: [size, size]});
      var mk = L.marker([lat / ps.length, lon / ps.length], {icon: icon, keyboard: false});
      mk.bindTooltip(function () {
        var names = ps.slice(0, 5).map(function (p) { return p.t; }).join(", ");
        return el("span", "", ps.length + " places: " + names + (ps.length > 5 ? ", \u2026" : ""));
      });
      mk.on("click", function () {
        map.fitBounds(L.latLngBounds(ps.map(function (p) { return p.ll; })).pad(0.3), {maxZoom: Math.max(z + 2, 7)});
      });
      placeLayer.addLayer(mk);
    });
  }
  map.on("zoomend", drawPlaces);

  function focus(query) {
    var q = String(query).toLowerCase();
    var p = places.filter(function (x) { return x.t && x.t.toLowerCase() === q; })[0];
    if (p) { map.setView(p.ll, Math.max(map.getZoom(), 7)); return {place: p.t}; }
    var c = list.filter(function (x) { return x._shown && (x.t.toLowerCase().indexOf(q) >= 0 ||
      (x.e || []).some(function (n) { return String(n).toLowerCase() === q; })); })[0];
    if (c) { map.fitBounds(c._layer.getBounds().pad(0.15)); c._layer.openPopup(); return {corridor: c.t}; }
    return null;
  }

  window.CorridorAtlas = {
    renderer: "leaflet",
    setDate: function (d) { state.date = d || null; draw(); },
    setFilter: function (f) {
      f = f || {};
      function set(v) { return v && v.length ? v : null; }
      state.filter = {modes: set(f.modes), statuses: set(f.statuses), countries: set(f.countries), query: f.query || null};
      draw();
    },
    corridors: function () { return list; },
    places: function () { return places; },
    shown: function () { return shownN; },
    focus: focus,
    // What is drawn for one corridor (by label): for tests and for the curious.
    drawn: function (label) {
      var c = list.filter(function (x) { return x.t === label; })[0];
      if (!c) { return null; }
      return {shown: lines.hasLayer(c._layer), status: c._status, color: c._layer.options.color,
              width: c._layer.options.weight};
    },
    state: function () { return {date: state.date, filter: state.filter}; },
    _map: map
  };

  // The controls: a Leaflet control (top left, above the data), then the fitted view.
  var C = L.Control.extend({options: {position: "topleft"}, onAdd: function () {
    var host = L.DomUtil.create("div", "ca-atlas-host");
    L.DomEvent.disableClickPropagation(host); L.DomEvent.disableScrollPropagation(host);
    return host; }});
  var ctl = new C().addTo(map);
  map.getContainer().classList.add("ca-map");
  var ui = UI.mount(ctl.getContainer(), {title: DATA.title, start: DATA.start,
    legendNote: "Places in one area are grouped into a numbered circle until you zoom in."});
  range = ui.range;
  function fit() {
    var W = map.getContainer().clientWidth, panel = ui.panel.getBoundingClientRect();
    var wide = panel.width < 0.4 * W;  // beside the data on a wide screen, above it otherwise
    map.fitBounds(DATA.bounds, {paddingTopLeft: wide ? [panel.width + 24, 10] : [10, panel.height + 20],
                                paddingBottomRight: [10, 24], animate: false});
  }
  fit();
  if (!map._loaded) { map.setView([40, 60], 3); }
  drawPlaces();
  // A popup must not open under the controls: on a narrow screen the filters and legend
  // fold away first; either way the map pans the popup clear of the panel.
  map.on("popupopen", function (e) {
    var W = map.getContainer().clientWidth, narrow = ui.panel.getBoundingClientRect().width >= 0.4 * W;
    if (narrow) { ui.panel.querySelectorAll("details").forEach(function (d) { d.open = false; }); }
    var r = ui.panel.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
    e.popup.options.autoPanPaddingTopLeft = narrow ? [10, r.bottom - c.top + 10] : [r.right - c.left + 10, 10];
    e.popup.update();
  });
  document.querySelectorAll(".ca-atlas details").forEach(function (d) {
    d.addEventListener("toggle", function () { map.invalidateSize(); });
  });
"""

_LEAFLET_CSS = """
.leaflet-container.ca-map{background:#cfe3f3}
.ca-cluster{background:rgba(40,40,40,.78);border:2px solid #fff;border-radius:50%;color:#fff;
  font:600 11px/1 system-ui,sans-serif;display:flex;align-items:center;justify-content:center;
  box-shadow:0 1px 3px rgba(0,0,0,.4)}
.ca-cluster-n{pointer-events:none}
.ca-pop{font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.leaflet-control-attribution{max-width:calc(100% - 110px);white-space:normal;line-height:1.3}
"""


class _AtlasLayer(MacroElement):
    """The atlas page data (escaped JSON), the controls of :mod:`geo._atlas_ui` and the
    Leaflet renderer of ``window.CorridorAtlas``."""

    def __init__(self, data: dict):
        super().__init__()
        from geo._atlas_ui import CSS, ui_js
        from geo._mapui import js_json

        self._name = "CorridorAtlas"
        self.data_json = js_json(data)
        self._template = Template(
            "{% macro header(this, kwargs) %}<style>{% raw %}" + CSS + _LEAFLET_CSS +
            "{% endraw %}</style>{% endmacro %}"
            "{% macro script(this, kwargs) %}{% raw %}" + ui_js() + "{% endraw %}\n(function () {\n"
            "var map = {{ this._parent.get_name() }};\nvar DATA = {{ this.data_json }};\n"
            "{% raw %}" + _LEAFLET_JS + "{% endraw %}})();\n{% endmacro %}")


def atlas_map(outdir, *, title: str | None = None, offline: bool = True,
              tiles: str | None = "CartoDB positron", data: dict | None = None,
              date: str | None = None, renderer: str = "auto"):
    """The atlas of a corpus run: a folium map (Leaflet, canvas renderer), or a deck.gl
    page for many corridors, with the same slider, timelines and filters.

    Parameters
    ----------
    outdir : path
        The OUTDIR of ``corridors corpus INPUT -o OUTDIR``.
    title : str, optional
        Shown at the top of the controls (default "Corridor atlas of <folder>").
    offline : bool
        No web tiles: the page makes no network request at all (the embedded Natural Earth
        basemap is drawn either way).
    tiles : str or None
        Web tiles drawn over the basemap when not ``offline``.
    data : dict, optional
        Page data from :func:`atlas_data`, when already built.
    date : str, optional
        The month ("YYYY-MM") the page opens at when its URL has no state (default: all
        dates); a ``#d=YYYY-MM`` in the URL wins.
    renderer : {"auto", "leaflet", "deck"}
        ``auto`` draws with Leaflet up to :data:`geo.maps_deck.DECK_THRESHOLD` corridors
        and with deck.gl from there (WebGL: fast with 100,000 corridors, always offline).

    Returns
    -------
    geo.maps.CorridorMap or geo.maps_deck.DeckMap
        Display it in Jupyter or write it with :func:`save_atlas` / ``geo.export.save_html``.

    Example
    -------
    >>> m = atlas_map("out")                        # doctest: +SKIP
    >>> save_atlas(m, "atlas.html")                 # doctest: +SKIP
    """
    import folium

    from geo import maps, maps_deck

    if renderer not in maps.RENDERERS:
        raise ValueError(f"renderer must be one of {', '.join(map(repr, maps.RENDERERS))}, not "
                         f"{renderer!r}: use 'deck' for atlases of many thousands of corridors.")
    title = title or f"Corridor atlas of {Path(outdir).resolve().name}"
    if renderer != "deck":  # (the deck page reads the tables itself)
        data = dict(data if data is not None else atlas_data(outdir))
    if renderer == "deck" or (renderer == "auto" and len(data["corridors"]) >= maps_deck.DECK_THRESHOLD):
        from geo.corpus_map import map_frames

        # the same corridors with their status histories on WebGL (the same controls)
        return maps_deck.deck_map(map_frames(outdir, histories=True), title=title, date=date)
    data["title"] = title
    data["start"] = date
    m = maps.CorridorMap(location=[40, 60], zoom_start=4, tiles=None, control_scale=True,
                         zoom_control="topright", zoom_snap=0.25, zoom_delta=0.5,
                         prefer_canvas=True, offline=offline, width="100%", height="100%")
    n = len(data["corridors"])
    m.get_root().header.add_child(folium.Element(
        f"<title>{maps.safe(data['title'])}</title>\n<meta name=\"description\" content=\""
        f"{maps.safe(data['title'])}: {n} corridors through time, by Corridor Atlas.\">"), name="ca_head")
    m.get_root().header.add_child(folium.Element(
        '<meta name="viewport" content="width=device-width, initial-scale=1">'), name="ca_viewport")
    maps._attribution(maps.ATTRIBUTION).add_to(m)
    folium.map.CustomPane("basemap", z_index=150).add_to(m)
    maps._BasemapLayer(maps.basemap_features(data["bounds"])).add_to(m)
    if tiles and not offline:
        url = maps._TILES.get(tiles.lower(), tiles)
        folium.TileLayer(url, attr=maps.TILE_ATTRIBUTION, name=f"Web tiles ({tiles})", overlay=True,
                         control=False, max_zoom=18).add_to(m)
    _AtlasLayer(data).add_to(m)
    m._ca_atlas = {"corridors": n, "places": len(data["places"])}
    return m


def save_atlas(m, path) -> Path:
    """Write an atlas map as one self-contained HTML file, atomically."""
    from geo.export import save_html

    return save_html(m, path, offline=getattr(m, "offline", None) or None)
