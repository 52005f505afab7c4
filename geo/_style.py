"""How the maps look and what they say about a line: the colours and labels of modes,
statuses, place kinds and line methods, the data credits, the legend, and the escaping
of article text for HTML. Shared by the Leaflet (:mod:`geo.maps`), deck.gl
(:mod:`geo.maps_deck`) and static (:mod:`geo.plot`) renderers, so none imports another.
"""

from __future__ import annotations

import html
import math

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
