"""Interactive corridor maps with folium: one layer per mode, a legend, honest labels.

The only module that uses folium's [lat, lon] order and that unwraps longitudes across
±180° for drawing. Every string from an article is escaped for HTML *and* for the
JavaScript template literals folium puts popups and tooltips into.
"""

from __future__ import annotations

import html
import json
import math
from functools import lru_cache

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import LineString

from geo import _assets
from geo._mapgeom import Lines, drawn_lines, simplified

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
                "geodesic": "great circle between the airports",
                "sea-lane": "along searoute's sea lanes",
                "schematic": "straight through the stated stops"}
STATUS_ORDER = ["operational", "test_run", "suspended", "under_construction", "planned", "proposed"]
KIND_LABEL = {"city": "city", "country": "country (no outline)", "airport": "airport",
              "port": "port", "station": "station", "region": "region", "water": "sea, lake or river",
              "pass": "mountain pass", "admin1": "province or region"}
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


def _swatch(color: str, *, width: float = 4, dash: str | None = None, opacity: float = 1) -> str:
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" '
            f'stroke="{color}" stroke-width="{width}" opacity="{opacity}"{d}/></svg>')


def _dot(color: str) -> str:
    return (f'<svg width="14" height="12" aria-hidden="true"><circle cx="7" cy="6" r="5" '
            f'fill="{color}" fill-opacity="0.85" stroke="#fff"/></svg>')


def _status_text(statuses) -> str:
    return ", ".join(s.replace("_", " ") for s in STATUS_ORDER if s in statuses)


def legend_html(corridors, places, *, shaded: bool, bulk: bool = False) -> str:
    """The legend for what is drawn, and nothing else: the modes, statuses and line
    methods of the corridors on the map, line width when articles differ, place kinds.
    ``bulk``: the lines are drawn without dash patterns (unbuilt ones fainter)."""
    rows = ["<summary>Legend</summary>"]
    modes = [m for m in MODE_STYLE if m in set(corridors["mode"])] if len(corridors) else []
    if modes:
        rows.append('<div class="ca-h">Routes</div>')
        for mode in modes:
            st = MODE_STYLE[mode]
            rows.append(f'<div>{_swatch(st["color"], dash="8 6" if mode == "air" and not bulk else None)}'
                        f'{safe(st["label"])}</div>')
        statuses = set(corridors["status"])
        built = {s for s in statuses if s not in UNBUILT}
        unbuilt = statuses & UNBUILT
        rows.append('<div class="ca-h">Status</div>')
        if built:
            said = _status_text(built) + (", " if _status_text(built) and None in built else "")
            said += "status not stated" if None in built else ""
            rows.append(f"<div>{_swatch('#444', width=3)}{safe(said)}</div>")
        if unbuilt:
            rows.append(f"<div>{_swatch('#444', width=2 if bulk else 3, dash=None if bulk else '2 5', opacity=0.45 if bulk else 0.6)}"
                        f"{safe(_status_text(unbuilt))} (not built)</div>")
        import pandas as pd

        weights = [max(1, int(pd.to_numeric(corridors["weight"], errors="coerce").fillna(1).max()))] \
            if "weight" in corridors else [1]
        if max(weights) > 1:
            rows.append('<div class="ca-h">Line width</div>'
                        f"<div>{_swatch('#444', width=3)}1 article</div>"
                        f"<div>{_swatch('#444', width=round(3 + 2 * math.log2(max(weights)), 1))}"
                        f"{max(weights)} articles</div>")
        made = [g for g in SOURCE_LABEL if g in set(corridors["geometry_source"])]
        if made:
            rows.append('<div class="ca-h">How each line was made</div>')
            rows += [f"<div><b>{safe(g)}</b>: {safe(SOURCE_LABEL[g])}</div>" for g in made]
    if len(places) or shaded:
        rows.append('<div class="ca-h">Places</div>')
        kinds = [k for k in KIND_COLOR if len(places) and k in set(places["kind"])]
        rows += [f"<div>{_dot(KIND_COLOR[k])}{safe(KIND_LABEL.get(k, k))}</div>" for k in kinds]
        if len(places):
            rows.append("<div>circle size: number of mentions</div>")
        if shaded:
            rows.append('<div><svg width="14" height="12" aria-hidden="true"><rect x="1" y="1" '
                        'width="12" height="10" fill="#f4a261" fill-opacity="0.35" stroke="#e76f51"/>'
                        "</svg>countries named in the text</div>")
    return "".join(rows)


# --------------------------------------------------------------------------- geometry helpers


def _parts_latlon(geom) -> list[list[tuple[float, float]]]:
    """[lat, lon] sequences for folium; parts split at ±180° are joined back by unwrapping
    longitudes, so that a Pacific flight is drawn across the Pacific."""
    if geom is None or geom.is_empty:
        return []
    lines = drawn_lines([geom])
    yx = lines.coords[:, ::-1].tolist()
    return [[tuple(p) for p in yx[a:b]] for a, b in zip(lines.offsets[:-1], lines.offsets[1:])]


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
        near = [(lat, lon) for lat, lon in cand if abs(lat - lat_m) <= 20 and abs(lon - lon_m) <= 30]
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
           "sk": _fmt_km(getattr(row, "stated_length_km", None)),
           "via": " → ".join(via), "g": _text(getattr(row, "geometry_source", None)),
           "nt": _text(getattr(row, "note", None)), "a": meta,
           "src": ", ".join(_text(x) for x in sources if _text(x)), "n": _weight(row),
           "q": _text(getattr(row, "sentence", None))}
    return {k: v for k, v in out.items() if v not in ("", None)}


def _mentions(row) -> int:
    n = _number(getattr(row, "mentions", None))
    return max(1, int(n)) if n is not None else 1


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


def _radius(row) -> float:
    return round(4 + 2.2 * math.sqrt(_mentions(row)), 2)


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
  if (bulk) { window._caCanvas = window._caCanvas || L.canvas({padding: 0.3, tolerance: 3}); }
  L.geoJSON(data, {
    renderer: bulk ? window._caCanvas : undefined,
    style: function (f) { var p = f.properties;
      if (bulk) { return {color: data.color, weight: (p.w || 3) * (p.u ? 0.6 : 0.8),
                          opacity: p.u ? 0.45 : 0.8}; }
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


_PLACE_JS = """
(function () {
  var group = {{ this._parent.get_name() }};
  var data = {{ this.data_json }};
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }
  data.forEach(function (p) {
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

    _template = Template(
        "{% macro script(this, kwargs) %}L.geoJSON({{ this.data_json }}, {pane: 'basemap', "
        "interactive: false, smoothFactor: 1, style: {fillColor: '#f2efe9', color: '#9a9a9a', "
        "weight: 0.6, fillOpacity: 1}}).addTo({{ this._parent.get_name() }});{% endmacro %}")

    def __init__(self, collection: dict):
        super().__init__(_feature_collection(collection, lambda f: {}))
