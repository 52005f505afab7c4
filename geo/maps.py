"""Interactive corridor maps with folium: one layer per mode, a legend, honest labels.

The only module that uses folium's [lat, lon] order and that unwraps longitudes across
±180° for drawing. Every string from an article is escaped for HTML *and* for the
JavaScript template literals folium puts popups and tooltips into.
"""

from __future__ import annotations

import html
import json
import math

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo import _assets
# Re-exported names (noqa: F401): geo.plot, the atlas and notebooks read them from geo.maps.
from geo._fields import (_corridor_popup_parts, _fmt_km, _mentions, _number,  # noqa: F401
                         _radius, _stop_names, _text, _weight, corridor_label)
from geo._mapgeom import Lines, drawn_lines, simplified
from geo.basemap import (COARSE, DETAIL, _basemap_geojson, _build_basemap,  # noqa: F401
                         _country_shapes, _fit_bounds, _near, _round2, basemap_features)
from geo._style import (ATTRIBUTION, KIND_COLOR, KIND_LABEL, MODE_STYLE,  # noqa: F401
                        SOURCE_LABEL, STATUS_ORDER, UNBUILT, _dot, _status_text, _swatch,
                        legend_html, safe)

TILE_ATTRIBUTION = "© OpenStreetMap contributors © CARTO"
_TILES = {"cartodb positron": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
          "openstreetmap": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"}


# --------------------------------------------------------------------------- elements


class _Snippet(MacroElement):
    """A piece of our own HTML/JS attached to the map."""

    def __init__(self, html_text: str = "", script: str = "", css: str = ""):
        super().__init__()
        self._name = "Snippet"
        self._template = Template(
            "{% macro header(this, kwargs) %}" + (f"<style>{css}</style>" if css else "") +
            "{% endmacro %}"
            "{% macro html(this, kwargs) %}" + html_text.replace("{", "{{ '{' }}") + "{% endmacro %}"
            "{% macro script(this, kwargs) %}" + script + "{% endmacro %}")


_MAP = "{{ this._parent.get_name() }}"


def _fullscreen() -> _Snippet:
    # A few lines on the browser's Fullscreen API (our own control).
    script = (
        "(function(){var map=%s;var C=L.Control.extend({options:{position:'topright'},"
        "onAdd:function(){var b=L.DomUtil.create('a','leaflet-bar ca-fullscreen');"
        "b.href='#';b.title='Full screen';b.setAttribute('role','button');b.innerHTML='<svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" style=\"margin-top:7px\"><path d=\"M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5\" fill=\"none\" stroke=\"#333\" stroke-width=\"2\"/></svg>';"
        "L.DomEvent.on(b,'click',function(e){L.DomEvent.stop(e);var el=map.getContainer();"
        "if(document.fullscreenElement){document.exitFullscreen();}"
        "else if(el.requestFullscreen){el.requestFullscreen();}});return b;}});"
        "new C().addTo(map);})();" % _MAP)
    css = (".ca-fullscreen{display:block;width:30px;height:30px;line-height:30px;text-align:center;"
           "background:#fff;font-size:18px;color:#333;text-decoration:none}")
    return _Snippet(script=script, css=css)


def _attribution(text: str) -> _Snippet:
    return _Snippet(script="%s.attributionControl.addAttribution(%s);" % (_MAP, _js_str(text)))


def _js_str(text: str) -> str:
    from geo._mapui import js_json

    return js_json(html.escape(text))


# --------------------------------------------------------------------------- geometry helpers


def _parts_latlon(geom) -> list[list[tuple[float, float]]]:
    """[lat, lon] sequences for folium; parts split at ±180° are joined back by unwrapping
    longitudes, so that a Pacific flight is drawn across the Pacific."""
    if geom is None or geom.is_empty:
        return []
    lines = drawn_lines([geom])
    yx = lines.coords[:, ::-1].tolist()
    return [[tuple(p) for p in yx[a:b]] for a, b in zip(lines.offsets[:-1], lines.offsets[1:])]


# --------------------------------------------------------------------------- popups


def _place_record(row) -> dict:
    """One place for the browser: where, how big, what colour, and its popup as plain text."""
    detail = ", ".join(x for x in (_text(row.kind), _text(row.country)) if x)
    rec = {"ll": [round(row.lat, 5), round(row.lon, 5)], "r": _radius(row),
           "c": KIND_COLOR.get(row.kind, "#333"), "h": _text(row.name),
           "x": f"{row.lat:.4f}, {row.lon:.4f} · mentions: {_mentions(row)}"}
    if detail:
        rec["d"] = detail
    if _text(row.first_sentence):
        rec["q"] = _text(row.first_sentence)
    return rec


# --------------------------------------------------------------------------- the map


class CorridorMap(folium.Map):
    """A folium Map whose Jupyter display and HTML are self-contained (assets inlined)."""

    def __init__(self, *args, offline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = list(_assets.JS)
        self.default_css = list(_assets.CSS)
        self.offline = offline

    def _repr_html_(self, **kwargs):
        from geo.export import render_html

        doc = render_html(self)
        # in a single-quoted attribute only "&" and "'" need escaping: the page's many
        # double quotes stay one character each (8% smaller than html.escape)
        srcdoc = doc.replace("&", "&amp;").replace("'", "&#39;")
        return (f'<div style="width:100%;"><div style="position:relative;width:100%;height:0;'
                f"padding-bottom:60%;\"><iframe srcdoc='{srcdoc}' style=\"position:absolute;width:100%;"
                f'height:100%;left:0;top:0;border:none !important;" allowfullscreen></iframe></div></div>')


RENDERERS = ("auto", "leaflet", "deck")


def corridor_map(data, *, tiles: str | None = "CartoDB positron", offline: bool = False,
                 title: str | None = None, width="100%", height="100%", renderer: str = "auto",
                 threshold: int | None = None):
    """An interactive map of places and corridors.

    Parameters
    ----------
    data : Extraction, list of Extraction, path, or GeoDataFrame(s)
        What to map (see :func:`geo.mapdata.map_frames`).
    tiles : str or None
        Web tiles drawn over the embedded vector basemap ("CartoDB positron",
        "OpenStreetMap", or a URL template); None for none.
    offline : bool
        Leave web tiles out so that the HTML makes no network request at all.
    title : str, optional
        Shown at the top; by default the article's title where there is one.
    renderer : {"auto", "leaflet", "deck"}
        "leaflet" draws with Leaflet (folium); "deck" with deck.gl (WebGL, for big maps,
        always offline: the embedded basemap and no web tiles); "auto" picks deck.gl from
        ``threshold`` drawn corridors on.
    threshold : int, optional
        Corridors from which "auto" draws with deck.gl (default
        :data:`geo.maps_deck.DECK_THRESHOLD`, 5,000).

    Returns
    -------
    CorridorMap or geo.maps_deck.DeckMap
        A ``folium.Map`` (or a deck.gl page); display it in Jupyter or save it with
        :func:`geo.export.save_html` / :func:`geo.export.save_png`.
    """
    from geo._mapui import Furniture
    from geo.mapdata import map_frames

    if renderer not in RENDERERS:
        raise ValueError(f"renderer must be one of {', '.join(map(repr, RENDERERS))}, not "
                         f"{renderer!r}: use 'deck' for maps of many thousands of corridors.")
    places, corridors = map_frames(data)
    if renderer != "leaflet":
        from geo import maps_deck

        n = int((corridors.geometry.notna() & ~corridors.geometry.is_empty).sum()) if len(corridors) else 0
        limit = maps_deck.DECK_THRESHOLD if threshold is None else threshold
        if renderer == "deck" or n >= limit:
            return maps_deck.deck_map((places, corridors), title=title)
    if title is None:
        titles = [t for t in corridors.get("title", []) if isinstance(t, str)] if len(corridors) else []
        title = titles[0] if len(set(titles)) == 1 else "Corridor Atlas"
    drawn = corridors[corridors.geometry.notna() & ~corridors.geometry.is_empty] if len(corridors) \
        else corridors
    m = CorridorMap(location=[40, 60], zoom_start=4, tiles=None, control_scale=True,
                    zoom_control="topright", zoom_snap=0.25, zoom_delta=0.5,
                    prefer_canvas=False, offline=offline, width=width, height=height)
    m.get_root().header.add_child(folium.Element(_head(title, drawn, places)), name="ca_head")
    m.get_root().header.add_child(folium.Element(
        "<style>.ca-quote{margin:4px 0 0;padding-left:6px;border-left:3px solid #bbb;"
        "font-style:italic;max-width:360px;white-space:normal}"
        ".ca-ties,.ca-arrow{pointer-events:none !important}</style>"))

    # What is drawn, worked out first: the furniture (controls, legend, the fitted view)
    # goes on before the layers so that they are drawn once, in their final view.
    lines = drawn_lines(drawn.geometry) if len(drawn) else drawn_lines([])
    thin = simplified(lines)
    all_features = _corridor_features(drawn, thin) if len(drawn) else []
    bulk = len(drawn) >= BULK_CORRIDORS
    bounds = _fit_bounds(places, drawn, lines, thin)
    codes = sorted({c for c in places.loc[places["kind"] == "country", "country"] if isinstance(c, str)}) \
        if len(places) else []
    shapes = _country_shapes(codes, bounds) if codes else {"features": []}
    shaded = {f["properties"]["iso2"] for f in shapes["features"]}
    markers = places[~((places["kind"] == "country") & places["country"].isin(shaded))] if len(places) \
        else places
    _Snippet(script="%s.getContainer().classList.add('ca-map');" % _MAP).add_to(m)
    _fullscreen().add_to(m)
    _attribution(ATTRIBUTION).add_to(m)
    Furniture(title=title, legend_html=legend_html(drawn, markers, shaded=bool(shaded), bulk=bulk),
              labels=_labels(drawn, markers, shaded), bounds=bounds).add_to(m)

    # 1. Embedded vector basemap, under the tile pane (an offline reader still sees it):
    #    detailed around the data, coarse elsewhere.
    folium.map.CustomPane("basemap", z_index=150).add_to(m)
    _BasemapLayer(basemap_features(bounds)).add_to(m)

    # 2. Optional web tiles on top.
    if tiles and not offline:
        url = _TILES.get(tiles.lower(), tiles)
        folium.TileLayer(url, attr=TILE_ATTRIBUTION, name=f"Web tiles ({tiles})", overlay=True,
                         control=True, max_zoom=18).add_to(m)

    # 3. Countries the text mentions, shaded and named (a point only where there is no outline).
    if shaded:
        group = folium.FeatureGroup(name="Countries mentioned", show=True).add_to(m)
        _ShadedLayer(shapes).add_to(group)

    # 4. Corridors, one layer per mode.
    modes = drawn["mode"].tolist() if len(drawn) else []
    for mode, style in MODE_STYLE.items():
        features = [f for f, m_ in zip(all_features, modes) if f and m_ == mode]
        if not features:
            continue
        group = folium.FeatureGroup(name=style["label"], show=True).add_to(m)
        _CorridorLayer(features, mode=mode, color=style["color"], bulk=bulk).add_to(group)

    # 5. Places by kind, sized by mentions.
    if len(markers):
        group = folium.FeatureGroup(name="Places", show=True).add_to(m)
        _PlaceLayer([_place_record(row) for row in markers.itertuples()]).add_to(group)

    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    _Snippet(script="%s._caLabels();" % _MAP).add_to(m)  # labels last, over everything
    return m


def _head(title: str, corridors, places) -> str:
    """``<title>`` and ``<meta name="description">`` for the page, from the map title."""
    modes = [MODE_STYLE[m]["label"].lower() for m in MODE_STYLE if len(corridors) and m in set(corridors["mode"])]
    n, k = len(corridors), len(places)
    what = f"{n} corridor{'s' if n != 1 else ''}" + (f" ({', '.join(modes)})" if modes else "")
    desc = f"{title}: a map of {what} and {k} place{'s' if k != 1 else ''} named in the text, by Corridor Atlas."
    return (f"<title>{safe(title)}</title>\n"
            f'<meta name="description" content="{safe(desc)}">')


#: From this many corridors on, a map's corridor layers are "bulk": drawn on Leaflet's
#: canvas renderer with plain strokes (no dash patterns, rail ties or arrows), which paints
#: 10,000 lines in a fraction of the time of as many dashed SVG paths.
BULK_CORRIDORS = 500

#: At most this many corridor and place labels: the collision pass measures each label
#: after every zoom, and a map of thousands of lines is read by its legend, not its labels.
MAX_CORRIDOR_LABELS, MAX_PLACE_LABELS = 40, 80


def _labels(corridors, places, shaded: set[str]) -> list[dict]:
    """Labels in order of importance: corridors (most articles, named, longest first),
    places by mentions, shaded countries."""
    out = []
    ranked = sorted(corridors.itertuples(), key=lambda r: (-_weight(r), not _text(r.name),
                                                           -(_number(r.length_km) or 0)))
    for row in ranked[:MAX_CORRIDOR_LABELS]:
        parts = _parts_latlon(row.geometry)
        if not parts:
            continue
        line = max(parts, key=len)
        lat, lon = line[len(line) // 2] if len(line) > 2 else \
            ((line[0][0] + line[-1][0]) / 2, (line[0][1] + line[-1][1]) / 2)
        layer = MODE_STYLE.get(row.mode, {}).get("label")
        out.append({"t": corridor_label(row), "ll": [round(lat, 4), round(lon, 4)], "k": "corridor",
                    "dir": "top", "off": [0, -6], "g": layer})
    if len(places):
        order = sorted(places.itertuples(), key=lambda r: (-_mentions(r), _text(r.name)))
        for row in order[:MAX_PLACE_LABELS]:
            r = _radius(row)
            out.append({"t": _text(getattr(row, "label", None)) or _text(row.name),
                        "ll": [round(row.lat, 4), round(row.lon, 4)], "k": "place",
                        "dir": "right", "off": [r + 3, 0], "r": r, "g": "Places"})
    if shaded:
        from geo.countries import country_polygons

        frame = country_polygons()
        for iso in sorted(shaded):
            row = frame.loc[iso]
            out.append({"t": _text(row["name"]), "ll": [round(float(row["label_lat"]), 3),
                                                        round(float(row["label_lon"]), 3)],
                        "k": "country", "dir": "center", "g": "Countries mentioned"})
    return out


#: ``window.caCanvas(options)``: a Leaflet canvas renderer whose 2D context is drawn on the
#: CPU (``willReadFrequently``). Skia's CPU rasteriser strokes a few thousand lines in
#: milliseconds, where a GPU-backed canvas on software GL (headless browsers, virtual
#: machines, blocklisted GPUs) took most of a second for the first frame of 1,000 lines
#: (``bench/maps.py``). Defined once a page, by the first script that needs it.
CPU_CANVAS_JS = """
window.caCanvas = window.caCanvas || function (options) {
  var R = L.Canvas.extend({_initContainer: function () {
    // Leaflet asks for the context once, in _initContainer: ask for a CPU one then
    var proto = HTMLCanvasElement.prototype, get = proto.getContext;
    proto.getContext = function (kind, attrs) {
      return get.call(this, kind, kind === "2d" ? L.extend({willReadFrequently: true}, attrs) : attrs); };
    try { L.Canvas.prototype._initContainer.call(this); } finally { proto.getContext = get; }
  }});
  return new R(options);
};
"""

#: The opening of a layer's script: its group, its data, and ``text()``, which makes an
#: element holding plain text (never markup: names and sources come from the text read).
_SCRIPT_HEAD_JS = """
(function () {
  var group = {{ this._parent.get_name() }};
  var data = {{ this.data_json }};
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }
"""


_LAYER_JS = CPU_CANVAS_JS + _SCRIPT_HEAD_JS + """  var made = {{ this.sources_json }};
  function popup(p, mode) {
    var lines = ["Mode: " + mode + (p.s ? " \u00b7 Status: " + p.s : "")];
    if (p.st) { lines.push("Stops: " + p.st + (p.nd ? " (via " + p.nd + ")" : "")); }
    if (p.km || p.sk) { lines.push("Length: " + (p.km || "not drawn") + (p.sk ? " \u00b7 stated in the text: " + p.sk : "")); }
    if (p.via) { lines.push("Countries crossed: " + p.via); }
    if (p.g) { lines.push("Line: " + p.g + (made[p.g] ? " \u2014 " + made[p.g] : "")); }
    if (p.nt) { lines.push(p.nt); }
    if (p.a) { lines.push("Article: " + p.a); }
    if (p.src) { lines.push("Source: " + p.src + (p.n > 1 ? " (" + p.n + " articles)" : "")); }
    var d = document.createElement("div");
    d.appendChild(text("b", p.h));
    lines.forEach(function (line) { d.appendChild(document.createElement("br")); d.appendChild(document.createTextNode(line)); });
    if (p.q) { d.appendChild(text("blockquote", p.q, "ca-quote")); }
    return d;
  }
  // Bulk layers (BULK_CORRIDORS or more lines) paint on one shared canvas with plain
  // strokes: dash patterns, rail ties and arrows cost more paint time than they tell.
  var bulk = data.bulk;
  if (bulk) { window._caCanvas = window._caCanvas || caCanvas({padding: 0.3, tolerance: 3}); }
  var lines = L.geoJSON(data, {
    renderer: bulk ? window._caCanvas : undefined,
    style: function (f) { var p = f.properties;
      if (bulk) { return {color: data.color, weight: (p.w || 3) * (p.u ? 0.6 : 0.8),
                          opacity: p.u ? 0.45 : 0.8}; }
      return {color: data.color, weight: p.w || 3, opacity: p.u ? 0.55 : 0.9,
              dashArray: p.u ? "2 7" : (data.mode === "air" ? "8 6" : null),
              className: "ca-route ca-" + data.mode}; }
  });
  // one popup and one tooltip for the whole layer, on the line under the pointer (Leaflet
  // gives the content function that line): not two objects and their listeners a line
  lines.bindPopup(function (line) { return popup(line.feature.properties.p, data.mode); }, {maxWidth: 420});
  lines.bindTooltip(function (line) { var p = line.feature.properties.p;
    return text("span", p.h + " (" + (p.s ? data.mode + ", " + p.s : data.mode) + ")"); });
  lines.addTo(group);
  if (bulk) { return; }
  data.features.forEach(function (f) {
    var p = f.properties, g = f.geometry, w = p.w || 3, c = data.color, o = p.u ? 0.55 : 0.9;
    var line = g.type === "LineString" ? g.coordinates : g.coordinates.reduce(function (a, b) { return b.length > a.length ? b : a; });
    if (data.mode === "rail" && !p.u) {
      L.geoJSON(f, {interactive: false, style: {color: "#ffffff", weight: Math.max(1.5, w - 2), opacity: 0.9, dashArray: "4 6", className: "ca-ties"}}).addTo(group);
    }
    if (line.length < 2) { return; }
    // a chevron at the middle of the line, pointing the way of travel
    var i = Math.max(1, Math.floor(line.length / 2)), a = line[i - 1], b = line[i];
    var k = Math.cos((a[1] + b[1]) * Math.PI / 360) || 1e-6, ang = Math.atan2(b[1] - a[1], (b[0] - a[0]) * k);
    var tip = [(a[1] + b[1]) / 2, (a[0] + b[0]) / 2], size = 0.35, pts = [];
    [150, -150].forEach(function (deg) { var t = ang + deg * Math.PI / 180;
      pts.push([tip[0] + size * Math.sin(t), tip[1] + size * Math.cos(t) / k]); });
    L.polyline([pts[0], tip, pts[1]], {color: c, weight: Math.max(2, w - 1), opacity: o, interactive: false, className: "ca-arrow"}).addTo(group);
  });
})();
"""


class _JsonLayer(MacroElement):
    """A layer drawn in the browser from data rendered into the page as escaped JSON
    (``_mapui.js_json``), never compiled as a template; subclasses give the script."""

    def __init__(self, data):
        super().__init__()
        from geo._mapui import js_json

        self._name = type(self).__name__.lstrip("_")
        self.data_json = js_json(data)


def _feature_collection(collection: dict, props) -> dict:
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": props(f), "geometry": f["geometry"]}
                         for f in collection["features"]]}


class _CorridorLayer(_JsonLayer):
    """One mode's corridors as one GeoJSON object, styled and given popups in the browser.

    Far smaller and faster than one folium PolyLine (with its own popup and tooltip code)
    per corridor.
    """

    _template = Template("{% macro script(this, kwargs) %}" + _LAYER_JS + "{% endmacro %}")

    def __init__(self, features: list[dict], *, mode: str, color: str, bulk: bool = False):
        data = {"type": "FeatureCollection", "mode": mode, "color": color, "features": features}
        if bulk:
            data["bulk"] = 1
        super().__init__(data)
        self.sources_json = json.dumps(SOURCE_LABEL)


def _corridor_features(rows, thin: Lines) -> list[dict | None]:
    """One GeoJSON feature per corridor row (None where nothing is drawn), from the
    simplified lines of all rows at once (:func:`geo._mapgeom.simplified`)."""
    coords = thin.coords.tolist()
    per_row: list[list] = [[] for _ in range(len(rows))]
    for i, a, b in zip(thin.owner.tolist(), thin.offsets[:-1].tolist(), thin.offsets[1:].tolist()):
        per_row[i].append(coords[a:b])
    out: list[dict | None] = []
    for row, lines in zip(rows.itertuples(), per_row):
        if not lines:
            out.append(None)
            continue
        geometry = ({"type": "LineString", "coordinates": lines[0]} if len(lines) == 1
                    else {"type": "MultiLineString", "coordinates": lines})
        weight = 3 + 2 * math.log2(_weight(row))
        props = {"p": _corridor_popup_parts(row)}
        if row.status in UNBUILT:
            props["u"] = 1
        if weight != 3:
            props["w"] = round(weight, 2)
        out.append({"type": "Feature", "geometry": geometry, "properties": props})
    return out


_PLACE_JS = _SCRIPT_HEAD_JS + """  data.forEach(function (p) {
    var m = L.circleMarker(p.ll, {radius: p.r, color: "#fff", weight: 1, fill: true, fillColor: p.c,
                                  fillOpacity: 0.85, className: "ca-place"});
    m.bindPopup(function () {
      var d = document.createElement("div");
      d.appendChild(text("b", p.h));
      if (p.d) { d.appendChild(document.createTextNode(" (" + p.d + ")")); }
      d.appendChild(document.createElement("br"));
      d.appendChild(document.createTextNode(p.x));
      if (p.q) { d.appendChild(text("blockquote", p.q, "ca-quote")); }
      return d;
    }, {maxWidth: 380});
    m.bindTooltip(function () { return text("span", p.h); });
    m.addTo(group);
  });
})();
"""


class _PlaceLayer(_JsonLayer):
    """The places as circle markers made in the browser from JSON, popups set as text
    (no per-marker folium code, no jQuery)."""

    _template = Template("{% macro script(this, kwargs) %}" + _PLACE_JS + "{% endmacro %}")


class _ShadedLayer(_JsonLayer):
    """The countries the text names, shaded (compact JSON, not interactive)."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.geoJSON({{ this.data_json }}, {interactive: false, "
        "style: {fillColor: '#f4a261', color: '#e76f51', weight: 1, fillOpacity: 0.18, "
        "className: 'ca-country'}}).addTo({{ this._parent.get_name() }});{% endmacro %}")

    def __init__(self, collection: dict):
        super().__init__(_feature_collection(collection, lambda f: {"iso2": f["properties"]["iso2"]}))


class _BasemapLayer(_JsonLayer):
    """The embedded vector basemap: compact JSON, drawn in its own pane, not interactive."""

    # on a CPU canvas (CPU_CANVAS_JS), not SVG: a thousand land and border paths need no DOM
    # node each, and the first frame does not wait for the GPU rasteriser
    _template = Template(
        "{% macro script(this, kwargs) %}" + CPU_CANVAS_JS + "L.geoJSON({{ this.data_json }}, "
        "{pane: 'basemap', renderer: caCanvas({pane: 'basemap'}), interactive: false, "
        "smoothFactor: 1, style: {fillColor: '#f2efe9', color: '#9a9a9a', weight: 0.6, "
        "fillOpacity: 1}}).addTo({{ this._parent.get_name() }});{% endmacro %}")

    def __init__(self, collection: dict):
        super().__init__(_feature_collection(collection, lambda f: {}))
