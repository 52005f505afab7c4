"""Fields of corridor and place records read as text for people: missing values as "",
numbers that are numbers, lengths in km, stop names, the label of a corridor and its popup
fields. The maps, the tables and the exports read records the same way through these.
"""

from __future__ import annotations

import math

from geo._style import MODE_STYLE


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


def _radius(row) -> float:
    return round(4 + 2.2 * math.sqrt(_mentions(row)), 2)
