"""Interactive corridor maps with folium: one layer per mode, a legend, honest labels.

The only module that uses folium's [lat, lon] order and that unwraps longitudes across
±180° for drawing. Every string from an article is escaped for HTML *and* for the
JavaScript template literals folium puts popups and tooltips into.
"""

from __future__ import annotations

import html
import json
import math
import re
from functools import lru_cache

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import LineString

from geo import _assets

MODE_STYLE = {
    "rail": {"label": "Rail", "color": "#3b3b3b"},
    "air": {"label": "Air", "color": "#7b3fa0"},
    "road": {"label": "Road", "color": "#c0621a"},
    "sea": {"label": "Sea", "color": "#1f6fd1"},
    "pipeline": {"label": "Pipeline", "color": "#2e8b57"},
    "corridor": {"label": "Corridors (multimodal)", "color": "#c2185b"},
}
KIND_COLOR = {"city": "#d62728", "country": "#555555", "airport": "#7b3fa0", "port": "#1f6fd1",
              "station": "#3b3b3b", "region": "#8c6d31", "water": "#17becf", "pass": "#8c564b",
              "admin1": "#9467bd"}
UNBUILT = {"proposed", "planned", "under_construction"}
SOURCE_LABEL = {"network": "routed on a rail/road network",
                "geodesic": "great circle between airports",
                "sea-lane": "searoute maritime network",
                "schematic": "schematic: straight through stated stops"}
ATTRIBUTION = ("Places © GeoNames (CC BY 4.0) · Borders: Natural Earth · Sea lanes: searoute "
               "(Eurostat) · Airports: airportsdata · Corridor Atlas")
TILE_ATTRIBUTION = "© OpenStreetMap contributors © CARTO"
_TILES = {"cartodb positron": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
          "openstreetmap": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"}


def safe(text) -> str:
    """Escape text for HTML inside a JavaScript template literal (folium popups/tooltips).

    >>> safe("<b>${x}</b> `y`")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt; &#96;y&#96;'
    """
    s = html.escape("" if text is None else str(text), quote=True)
    # Braces too: folium/branca compile some element HTML as Jinja templates, so "{{ ... }}"
    # or "{% ... %}" in an article would otherwise run when the map is saved.
    return (s.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")
            .replace("{", "&#123;").replace("}", "&#125;"))


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
        "(function(){var map=%s;var C=L.Control.extend({options:{position:'topleft'},"
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
    import json

    return json.dumps(html.escape(text)).replace("</", "<\\/")


def _legend(modes: list[str], sources: list[str], title: str | None) -> _Snippet:
    rows = []
    for mode in modes:
        st = MODE_STYLE[mode]
        dash = ' stroke-dasharray="6 4"' if mode == "air" else ""
        rows.append(f'<div><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" '
                    f'stroke="{st["color"]}" stroke-width="4"{dash}/></svg> {safe(st["label"])}</div>')
    rows.append('<div class="ca-h">Status</div>'
                '<div><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="#444" '
                'stroke-width="3"/></svg> operational / test run</div>'
                '<div><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="#444" '
                'stroke-width="3" stroke-dasharray="2 5" opacity="0.6"/></svg> '
                'proposed, planned, under construction</div>')
    rows.append('<div class="ca-h">How each line was made</div>')
    for src in sources:
        rows.append(f"<div><b>{safe(src)}</b>: {safe(SOURCE_LABEL.get(src, src))}</div>")
    heading = f'<div class="ca-title">{safe(title)}</div>' if title else ""
    box = (f'{heading}<div class="ca-legend"><div class="ca-h">Routes</div>{"".join(rows)}'
           '<div class="ca-h">Places</div><div>circle size: mentions</div></div>')
    css = (".ca-legend{position:absolute;bottom:28px;right:10px;z-index:1000;background:rgba(255,255,255,.92);"
           "padding:6px 9px;border-radius:4px;font:12px/1.35 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);"
           "max-width:270px}.ca-h{font-weight:bold;margin-top:4px}"
           ".ca-title{position:absolute;top:10px;left:50%;transform:translateX(-50%);z-index:1000;"
           "background:rgba(255,255,255,.92);padding:4px 12px;border-radius:4px;"
           "font:bold 15px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:60%;text-align:center}")
    return _Snippet(html_text=box, css=css)


# --------------------------------------------------------------------------- geometry helpers


def _parts_latlon(geom) -> list[list[tuple[float, float]]]:
    """[lat, lon] sequences for folium; parts split at ±180° are joined back by unwrapping
    longitudes, so that a Pacific flight is drawn across the Pacific."""
    if geom is None or geom.is_empty:
        return []
    parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
    out: list[list[tuple[float, float]]] = []
    for part in parts:
        coords = [(round(x, 5), round(y, 5)) for x, y in part.coords]
        if out:
            last_lat, last_lon = out[-1][-1]
            x0, y0 = coords[0]
            if abs(y0 - last_lat) < 1e-6 and abs(((x0 - last_lon + 180) % 360) - 180) < 1e-6 \
                    and abs(x0 - last_lon) > 1e-6:
                for x, y in coords[1:]:
                    last_lon = x + 360 * round((last_lon - x) / 360)
                    out[-1].append((y, last_lon))
                continue
        out.append([(y, x) for x, y in coords])
    return out


def _fit_bounds(places, corridors):
    """Bounds that fit the corridors and the places near them (not a passing far mention)."""
    import numpy as np

    pts = []
    for g in corridors.geometry:
        for part in _parts_latlon(g):
            pts.extend(part)
    anchor = list(pts)
    cand = [(r.lat, r.lon) for r in places.itertuples() if r.kind not in ("country", "region", "water")]
    if not cand:
        cand = [(r.lat, r.lon) for r in places.itertuples()]
    if anchor:
        a = np.radians(np.array(anchor))
        for lat, lon in cand:
            la, lo = math.radians(lat), math.radians(lon)
            d = 6371 * np.arccos(np.clip(np.sin(la) * np.sin(a[:, 0]) +
                                         np.cos(la) * np.cos(a[:, 0]) * np.cos(a[:, 1] - lo), -1, 1))
            if d.min() <= 1200:
                pts.append((lat, lon))
    elif cand:
        lat_m = float(np.median([c[0] for c in cand]))
        lon_m = float(np.median([c[1] for c in cand]))
        for lat, lon in cand:
            if abs(lat - lat_m) <= 20 and abs(lon - lon_m) <= 30:
                pts.append((lat, lon))
    if not pts:
        return [[20, 20], [55, 100]]
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    pad_lat = max(1.0, (max(lats) - min(lats)) * 0.08)
    pad_lon = max(1.0, (max(lons) - min(lons)) * 0.08)
    return [[min(lats) - pad_lat, min(lons) - pad_lon], [max(lats) + pad_lat, max(lons) + pad_lon]]


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
        feats.append({"type": "Feature", "properties": {"iso2": iso}, "geometry": _round2(g)})
    return {"type": "FeatureCollection", "features": feats}


def _round2(g: dict) -> dict:
    def r(c):
        if isinstance(c, list) and c and isinstance(c[0], (int, float)):
            return [round(v, 2) for v in c]
        return [r(x) for x in c]

    return {"type": g["type"], "coordinates": r(g["coordinates"])}


def _country_shapes(codes: list[str]) -> dict:
    feats = [f for f in _basemap_geojson(0.04, 0.01)["features"] if f["properties"]["iso2"] in codes]
    return {"type": "FeatureCollection", "features": feats}


# --------------------------------------------------------------------------- popups


def _text(value) -> str:
    """A field as text; "" when it is missing (None, NaN, an empty value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _number(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


def _fmt_km(v) -> str:
    v = _number(v)
    return f"{v:,.0f} km" if v is not None else ""


def _weight(row) -> int:
    w = _number(getattr(row, "weight", None))
    return max(1, int(w)) if w is not None else 1


def _stop_names(row) -> list[str]:
    stops = getattr(row, "stops", None)
    if not isinstance(stops, (list, tuple)):
        return []
    return [_text(s.get("name")) for s in stops if isinstance(s, dict) and _text(s.get("name"))]


def corridor_label(row) -> str:
    """What a corridor is called on the map: its name, else "First – Last" stop, else its mode."""
    name = _text(getattr(row, "name", None))
    if name:
        return name
    stops = _stop_names(row)
    if len(stops) >= 2:
        return f"{stops[0]} – {stops[-1]}"
    return MODE_STYLE.get(row.mode, {}).get("label", _text(row.mode))


def _corridor_popup_parts(row) -> dict:
    """Popup fields as plain text; the browser lays them out with textContent, so nothing
    in an article can become markup or script (and the labels are not repeated per line).
    A field the data does not state is left out (never "nan", never "None")."""
    stops = _stop_names(row)
    nodes = ", ".join(_text(s.get("node_name")) for s in (getattr(row, "stops", None) or [])
                      if isinstance(s, dict) and _text(s.get("node_name")))
    meta = " · ".join(x for x in (_text(getattr(row, "date", None)), _text(getattr(row, "title", None))) if x)
    sources = getattr(row, "sources", None)
    if not isinstance(sources, (list, tuple)) or not sources:
        sources = [getattr(row, "source", None)]
    via = getattr(row, "via_countries", None)
    via = [_text(v) for v in via if _text(v)] if isinstance(via, (list, tuple)) else []
    out = {"h": corridor_label(row), "s": _text(row.status).replace("_", " "),
           "st": " → ".join(stops), "nd": nodes, "km": _fmt_km(getattr(row, "length_km", None)),
           "via": " → ".join(via), "g": _text(getattr(row, "geometry_source", None)),
           "nt": _text(getattr(row, "note", None)), "a": meta,
           "src": ", ".join(_text(x) for x in sources if _text(x)), "n": _weight(row),
           "q": _text(getattr(row, "sentence", None))}
    return {k: v for k, v in out.items() if v not in ("", None)}


def _mentions(row) -> int:
    n = _number(getattr(row, "mentions", None))
    return max(1, int(n)) if n is not None else 1


def _place_popup(row) -> str:
    detail = ", ".join(x for x in (_text(row.kind), _text(row.country)) if x)
    lines = [f"<b>{safe(_text(row.name))}</b>" + (f" ({safe(detail)})" if detail else ""),
             f"{row.lat:.4f}, {row.lon:.4f} · mentions: {_mentions(row)}"]
    if _text(row.first_sentence):
        lines.append(f'<blockquote class="ca-quote">{safe(_text(row.first_sentence))}</blockquote>')
    return "<br>".join(lines)


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
        srcdoc = html.escape(doc, quote=True)
        return (f'<div style="width:100%;"><div style="position:relative;width:100%;height:0;'
                f'padding-bottom:60%;"><iframe srcdoc="{srcdoc}" style="position:absolute;width:100%;'
                f'height:100%;left:0;top:0;border:none !important;" allowfullscreen></iframe></div></div>')


def corridor_map(data, *, tiles: str | None = "CartoDB positron", offline: bool = False,
                 title: str | None = None, width="100%", height="100%") -> CorridorMap:
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

    Returns
    -------
    CorridorMap
        A ``folium.Map``; display it in Jupyter or save it with :func:`geo.export.save_html`.
    """
    from geo.mapdata import map_frames

    places, corridors = map_frames(data)
    if title is None:
        titles = [t for t in corridors.get("title", []) if isinstance(t, str)] if len(corridors) else []
        title = titles[0] if len(set(titles)) == 1 else "Corridor Atlas"
    m = CorridorMap(location=[40, 60], zoom_start=4, tiles=None, control_scale=True,
                    prefer_canvas=False, offline=offline, width=width, height=height)
    m.get_root().header.add_child(folium.Element(
        "<style>.ca-quote{margin:4px 0 0;padding-left:6px;border-left:3px solid #bbb;"
        "font-style:italic;max-width:360px;white-space:normal}"
        ".ca-ties,.ca-arrow{pointer-events:none !important}</style>"))

    # 1. Embedded vector basemap, under the tile pane (an offline reader still sees it).
    folium.map.CustomPane("basemap", z_index=150).add_to(m)
    folium.GeoJson(_basemap_geojson(), name="Basemap (Natural Earth)", pane="basemap",
                   control=False, style_function=lambda f: {"fillColor": "#f2efe9", "color": "#9a9a9a",
                                                            "weight": 0.6, "fillOpacity": 1},
                   smooth_factor=1.0).add_to(m)
    m.get_root().header.add_child(folium.Element(
        "<style>.leaflet-container.ca-map{background:#cfe3f3}</style>"))
    _Snippet(script="%s.getContainer().classList.add('ca-map');" % _MAP).add_to(m)

    # 2. Optional web tiles on top.
    if tiles and not offline:
        url = _TILES.get(tiles.lower(), tiles)
        folium.TileLayer(url, attr=TILE_ATTRIBUTION, name=f"Web tiles ({tiles})", overlay=True,
                         control=True, max_zoom=18).add_to(m)

    # 3. Countries the text mentions, shaded.
    codes = sorted({c for c in places.loc[places["kind"] == "country", "country"] if isinstance(c, str)}) \
        if len(places) else []
    if codes:
        folium.GeoJson(_country_shapes(codes), name="Countries mentioned",
                       style_function=lambda f: {"fillColor": "#f4a261", "color": "#e76f51",
                                                 "weight": 1, "fillOpacity": 0.18},
                       tooltip=None).add_to(m)

    # 4. Corridors, one layer per mode.
    modes_present = []
    for mode, style in MODE_STYLE.items():
        rows = corridors[corridors["mode"] == mode] if len(corridors) else corridors
        rows = rows[rows.geometry.notna()] if len(rows) else rows
        if not len(rows):
            continue
        modes_present.append(mode)
        group = folium.FeatureGroup(name=style["label"], show=True).add_to(m)
        features = [f for f in (_corridor_feature(row) for row in rows.itertuples()) if f]
        _CorridorLayer(features, mode=mode, color=style["color"]).add_to(group)

    # 5. Places by kind, sized by mentions.
    if len(places):
        group = folium.FeatureGroup(name="Places", show=True).add_to(m)
        for row in places.itertuples():
            radius = 4 + 2.2 * math.sqrt(_mentions(row))
            color = KIND_COLOR.get(row.kind, "#333")
            folium.CircleMarker([round(row.lat, 5), round(row.lon, 5)], radius=radius, color="#fff",
                                weight=1, fill=True, fill_color=color, fill_opacity=0.85,
                                popup=folium.Popup(_place_popup(row), max_width=380),
                                class_name="ca-place",
                                tooltip=folium.Tooltip(safe(row.name))).add_to(group)

    sources = [s for s in SOURCE_LABEL if len(corridors) and s in set(corridors["geometry_source"])]
    _legend(modes_present or ["rail", "air"], sources or list(SOURCE_LABEL), title).add_to(m)
    _fullscreen().add_to(m)
    _attribution(ATTRIBUTION).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.fit_bounds(_fit_bounds(places, corridors))
    return m


_LAYER_JS = """
(function () {
  var group = {{ this._parent.get_name() }};
  var data = {{ this.data_json }};
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }
  var made = {{ this.sources_json }};
  function popup(p, mode) {
    var lines = ["Mode: " + mode + (p.s ? " \u00b7 Status: " + p.s : "")];
    if (p.st) { lines.push("Stops: " + p.st + (p.nd ? " (via " + p.nd + ")" : "")); }
    if (p.km) { lines.push("Length: " + p.km); }
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
  L.geoJSON(data, {
    style: function (f) { var p = f.properties;
      return {color: data.color, weight: p.w || 3, opacity: p.u ? 0.55 : 0.9,
              dashArray: p.u ? "2 7" : (data.mode === "air" ? "8 6" : null),
              className: "ca-route ca-" + data.mode}; },
    onEachFeature: function (f, layer) {
      var p = f.properties.p;
      layer.bindPopup(function () { return popup(p, data.mode); }, {maxWidth: 420});
      layer.bindTooltip(function () {
        return text("span", p.h + " (" + (p.s ? data.mode + ", " + p.s : data.mode) + ")"); });
    }
  }).addTo(group);
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


class _CorridorLayer(MacroElement):
    """One mode's corridors as one GeoJSON object, styled and given popups in the browser.

    Far smaller and faster than one folium PolyLine (with its own popup and tooltip code)
    per corridor; the data is rendered into the page as JSON, never compiled as a template.
    """

    _template = Template("{% macro script(this, kwargs) %}" + _LAYER_JS + "{% endmacro %}")

    def __init__(self, features: list[dict], *, mode: str, color: str):
        super().__init__()
        self._name = "CorridorLayer"
        data = {"type": "FeatureCollection", "mode": mode, "color": color, "features": features}
        self.sources_json = json.dumps(SOURCE_LABEL)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        # branca compiles rendered scripts as Jinja templates again: "{{", "{%" and "{#"
        # can only stand inside JSON strings here, where "\u007b" is the same "{".
        self.data_json = re.sub(r"\{(?=[{%#])", r"\\u007b", text)


def _corridor_feature(row) -> dict | None:
    parts = _parts_latlon(row.geometry)
    if not parts:
        return None
    lines = []
    for part in parts:
        lonlat = [(x, y) for y, x in part]
        if len(lonlat) > 2:
            line = LineString(lonlat)
            # Simplify in proportion to the line's extent: nothing visible is lost at the
            # zoom that shows the whole line (a 5,000 km arc keeps a point every ~100 km).
            x0, y0, x1, y1 = line.bounds
            tol = min(0.05, max(0.005, math.hypot(x1 - x0, y1 - y0) / 800))
            lonlat = list(line.simplify(tol).coords)
        lines.append([[round(x, 3), round(y, 3)] for x, y in lonlat])
    geometry = ({"type": "LineString", "coordinates": lines[0]} if len(lines) == 1
                else {"type": "MultiLineString", "coordinates": lines})
    weight = 3 + 2 * math.log2(_weight(row))
    props = {"p": _corridor_popup_parts(row)}
    if row.status in UNBUILT:
        props["u"] = 1
    if weight != 3:
        props["w"] = round(weight, 2)
    return {"type": "Feature", "geometry": geometry, "properties": props}
