"""What a map shows, from any input: Extractions, extract JSON files, or GeoDataFrames.

:func:`map_frames` returns two GeoDataFrames (EPSG:4326):

* places: one row per place with ``mentions`` (summed over articles) and ``articles``;
* corridors: one row per corridor; corridors with the same mode and the same set of end
  places (direction ignored) are merged, and ``weight`` counts the articles naming them.
"""

from __future__ import annotations

import math
from pathlib import Path

from shapely.geometry import LineString, shape

from geo.lengths import stated_length_km

PLACE_COLUMNS = ["id", "name", "label", "kind", "country", "lat", "lon", "confidence", "mentions",
                 "articles", "first_sentence", "source"]
CORRIDOR_COLUMNS = ["mode", "name", "status", "stops", "length_km", "stated_length_km", "via_countries",
                    "geometry_source", "legs", "sentence", "reason", "note", "source", "date",
                    "title", "weight", "sources"]


def _records_from_json(path: Path) -> list[dict]:
    """The article records of an extract JSON file, checked field by field (error records,
    which :func:`geo.extract_json.read_records` also returns, draw nothing)."""
    from geo.extract_json import read_records

    return read_records(path)[0]


def article_spelling(name: str, kind: str | None, texts: list[str]) -> str:
    """The name as the article spells it: its most frequent capitalised mention ("Frunze",
    "Kirghizia"); a country keeps its own name (its mentions include "Iranian")."""
    if kind == "country":
        return name
    counts: dict[str, int] = {}
    for t in texts:
        t = (t or "").strip()
        if t[:1].isupper():
            counts[t] = counts.get(t, 0) + 1
    if not counts:
        return name
    # ties go to the gazetteer's own spelling, then to the first mention
    return max(counts, key=lambda t: (counts[t], t == name, -texts.index(t)))


def _rows_from_record(rec: dict):
    places, corridors = [], []
    for p in rec.get("places", []):
        ms = p.get("mentions") or []
        places.append({"id": p["id"], "name": p["name"], "kind": p.get("kind"),
                       "label": article_spelling(p["name"], p.get("kind"),
                                                 [m.get("text") for m in ms if isinstance(m, dict)]),
                       "country": p.get("country"), "lat": p["lat"], "lon": p["lon"],
                       "confidence": p.get("confidence"), "mentions": len(ms) or 1,
                       "first_sentence": ms[0]["sentence"] if ms else None,
                       "source": rec.get("source")})
    for r in rec.get("routes", []):
        geom = shape(r["geometry"]) if r.get("geometry") else None
        stops = r.get("stops") or []
        if geom is None and len(stops) >= 2:
            geom = LineString([(s["lon"], s["lat"]) for s in stops])
        corridors.append({
            "mode": r["mode"], "name": r.get("name"), "status": r.get("status"),
            "stops": [{"id": s["id"], "name": s["name"]} for s in stops],
            "length_km": r.get("length_km"), "via_countries": r.get("via_countries") or [],
            "geometry_source": r.get("geometry_source") or ("schematic" if geom else None),
            "legs": r.get("legs") or [], "sentence": r.get("sentence"), "reason": r.get("reason"),
            "note": r.get("note"),
            # (a record written before the field existed: the sentence still says it)
            "stated_length_km": r["stated_length_km"] if "stated_length_km" in r
            else stated_length_km(r.get("sentence")),
            "source": rec.get("source"), "date": rec.get("date"),
            "title": rec.get("title"), "geometry": geom})
    return places, corridors


def _rows_from_extraction(ex):
    from geo.corridors import corridors_from_routes

    places = []
    frame = ex.places_frame()
    texts = {pm.place.id: [m.text for m in pm.mentions] for pm in ex.places}
    for row in frame.drop(columns="geometry").to_dict("records"):
        row = {k: None if _missing(v) else v for k, v in row.items()}
        row["label"] = article_spelling(row["name"], row.get("kind"), texts.get(row["id"], []))
        places.append(row)
    corridors = []
    if ex.routes:
        cf = corridors_from_routes(ex)
        for row, geom in zip(cf.drop(columns="geometry").to_dict("records"), cf.geometry):
            row = {k: None if _missing(v) else v for k, v in row.items()}
            row["geometry"] = geom if geom is not None and not geom.is_empty else None
            corridors.append(row)
    return places, corridors


def _merge(places_rows, corridor_rows):
    import geopandas as gpd
    from shapely.geometry import Point

    merged: dict[str, dict] = {}
    for p in places_rows:
        m = merged.get(p["id"])
        if m is None:
            merged[p["id"]] = dict(p, articles=1)
            continue
        m["mentions"] += p.get("mentions") or 1
        m["articles"] += 1
    places = gpd.GeoDataFrame(list(merged.values()), columns=PLACE_COLUMNS,
                              geometry=[Point(p["lon"], p["lat"]) for p in merged.values()],
                              crs="EPSG:4326")
    groups: dict[tuple, dict] = {}
    for c in corridor_rows:
        stops = c.get("stops") or []
        ends = frozenset((stops[0]["id"], stops[-1]["id"])) if stops else frozenset([c.get("name")])
        key = (c["mode"], ends)
        g = groups.get(key)
        if g is None:
            groups[key] = dict(c, weight=1, sources=[c.get("source")])
            continue
        if c.get("source") not in g["sources"]:
            g["sources"].append(c.get("source"))
            g["weight"] = len(g["sources"])
        if g.get("geometry") is None and c.get("geometry") is not None:
            g["geometry"] = c["geometry"]
    rows = list(groups.values())
    corridors = gpd.GeoDataFrame([{k: v for k, v in r.items() if k != "geometry"} for r in rows],
                                 columns=CORRIDOR_COLUMNS,
                                 geometry=[r.get("geometry") for r in rows], crs="EPSG:4326")
    return places, corridors


def _missing(value) -> bool:
    """True for None and for float NaN (what pandas puts in a column where a value is missing)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def nulls_as_none(frame):
    """The frame with every missing value as None, never NaN (columns holding one become
    ``object``), so that popups, JSON and tables see one kind of "not stated"."""
    out = frame.copy()
    geometry = out.geometry.name if hasattr(out, "geometry") and "geometry" in out else None
    for col in out.columns:
        if col == geometry:
            continue
        values = out[col]
        if values.map(_missing).any():
            import pandas as pd

            out[col] = pd.Series([None if _missing(v) else v for v in values], index=out.index,
                                 dtype=object)
    return out


def map_frames(data):
    """(places, corridors) GeoDataFrames for a map.

    ``data`` is an :class:`~geo.extraction.Extraction`, a list of them, the path of an
    extract JSON/JSONL file (or a list of paths), a corridors GeoDataFrame, or a
    ``(places, corridors)`` pair of GeoDataFrames.
    """
    import geopandas as gpd

    if isinstance(data, tuple) and len(data) == 2 and all(isinstance(d, gpd.GeoDataFrame) for d in data):
        return _complete(data[0], PLACE_COLUMNS), _complete(data[1], CORRIDOR_COLUMNS)
    if isinstance(data, gpd.GeoDataFrame):
        empty = gpd.GeoDataFrame(columns=PLACE_COLUMNS, geometry=[], crs="EPSG:4326")
        return empty, _complete(data, CORRIDOR_COLUMNS)
    items = data if isinstance(data, list) else [data]
    places_rows, corridor_rows = [], []
    for item in items:
        if hasattr(item, "routes") and hasattr(item, "places_frame"):  # an Extraction
            p, c = _rows_from_extraction(item)
        elif isinstance(item, (str, Path)):
            path = Path(item)
            if not path.exists():
                raise FileNotFoundError(f"{path} does not exist.")
            p, c = [], []
            for rec in _records_from_json(path):
                try:
                    rp, rc = _rows_from_record(rec)
                except (KeyError, TypeError, AttributeError) as exc:
                    raise ValueError(f"{path}: a place or route lacks a field or has a wrong one "
                                     f"({exc!r}); compare it with `corridors extract FILE --format json`.") from None
                p += rp
                c += rc
        elif isinstance(item, dict):
            p, c = _rows_from_record(item)
        else:
            raise TypeError(f"cannot map a {type(item).__name__}: give an Extraction, an extract "
                            "JSON path, or GeoDataFrames.")
        places_rows += p
        corridor_rows += c
    places, corridors = _merge(places_rows, corridor_rows)
    return nulls_as_none(places), nulls_as_none(corridors)


def _complete(frame, columns):
    """A caller's frame in EPSG:4326 with every column a map reads (missing ones None)."""
    out = frame.to_crs("EPSG:4326") if frame.crs is not None else frame.set_crs("EPSG:4326")
    for col in columns:
        if col not in out.columns:
            out[col] = None
    return nulls_as_none(out)
