"""Reading extract JSON back (the output of ``corridors extract``), checked field by field.

A map or a table built from an edited or damaged file must fail with one line that names
the file, the record and the field, never with a traceback deep in the drawing code or a
blank map. :func:`read_records` returns the good records and the error records the file
holds (inputs that failed when it was made), so that callers can report them.

Schema 1, as :meth:`geo.extraction.Extraction.to_dict` writes it (fields not listed here
are passed through unchecked; new fields are nullable):

* record: ``schema_version`` 1, ``source`` (text), ``places`` and ``routes`` (lists), or an
  error record with ``error`` (text);
* place: ``id``, ``name`` (text), ``lat`` in [-90, 90], ``lon`` in [-180, 180] (finite
  numbers), ``kind``, ``country`` (text or null), ``mentions`` (list of objects);
* route: ``mode`` (one of :data:`geo.route_cues.MODES`), ``stops`` (list of objects with
  ``id``, ``name``, ``lat``, ``lon``), ``status`` (one of the statuses or null),
  ``length_km`` (a number >= 0 or null), ``via_countries`` (list of text or null),
  ``geometry`` (a GeoJSON LineString or MultiLineString of finite coordinates, or null),
  ``avoid`` and ``passages`` (the places the text rules out and the seas it goes by:
  lists of objects with ``id`` and ``name``, and ``lat``/``lon`` where given, or null),
  ``corridor_id`` (text or null).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from geo.route_cues import MODES, STATUSES

SCHEMA_VERSION = 1


class RecordError(ValueError):
    """A record of an extract JSON file that does not follow schema 1."""


def read_records(path) -> tuple[list[dict], list[dict]]:
    """``(records, error_records)`` of an extract JSON or JSONL file, each record checked.

    Raises
    ------
    ValueError
        The file is not extract JSON, or a record breaks schema 1; the message names the
        file, the record (its number and source) and the field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text; an extract JSON file is what "
                         "`corridors extract FILE --format json` writes.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not an extract JSON/JSONL file of schema version 1 "
                             f"({exc}); make one with `corridors extract FILE --format json`.") from None
    records = data if isinstance(data, list) else [data]
    good, errors = [], []
    for i, rec in enumerate(records, 1):
        try:
            if check_record(rec):
                good.append(rec)
            else:
                errors.append(rec)
        except RecordError as exc:
            where = f"record {i}"
            if isinstance(rec, dict) and isinstance(rec.get("source"), str):
                where += f" ({rec['source']})"
            raise ValueError(f"{path}: {where}: {exc}; compare it with "
                             "`corridors extract FILE --format json`.") from None
    return good, errors


def check_record(rec) -> bool:
    """Check one record; True for an article, False for an error record.

    Raises :class:`RecordError` naming the first field that breaks schema 1.
    """
    if not isinstance(rec, dict):
        raise RecordError(f"is a {type(rec).__name__}, not an object")
    if rec.get("schema_version") != SCHEMA_VERSION:
        raise RecordError(f"schema_version is {rec.get('schema_version')!r}, expected 1 "
                          "(the output of `corridors extract`)")
    if "error" in rec:
        _text(rec, "error", "error")
        return False
    _text(rec, "source", "source", null=True)
    for field in ("date", "title"):
        _text(rec, field, field, null=True)
    places = _list(rec, "places", "places")
    for j, p in enumerate(places):
        _place(p, f"places[{j}]")
    routes = _list(rec, "routes", "routes")
    for j, r in enumerate(routes):
        _route(r, f"routes[{j}]")
    return True


def _place(p, where: str) -> None:
    if not isinstance(p, dict):
        raise RecordError(f"{where} is not an object")
    _text(p, "id", where)
    _text(p, "name", where)
    _text(p, "kind", where, null=True)
    _text(p, "country", where, null=True)
    _point(p, where)
    ms = p.get("mentions")
    if ms is not None and not (isinstance(ms, list) and all(isinstance(m, dict) for m in ms)):
        raise RecordError(f"{where}.mentions must be a list of objects")


def _route(r, where: str) -> None:
    if not isinstance(r, dict):
        raise RecordError(f"{where} is not an object")
    if r.get("mode") not in MODES:
        what = "missing" if "mode" not in r else repr(r["mode"])
        raise RecordError(f"{where}.mode is {what}; use one of {', '.join(MODES)}")
    if r.get("status") is not None and r["status"] not in STATUSES:
        raise RecordError(f"{where}.status is {r['status']!r}; use one of {', '.join(STATUSES)} or null")
    _text(r, "name", where, null=True)
    _text(r, "sentence", where, null=True)
    stops = _list(r, "stops", where + ".stops")
    for k, s in enumerate(stops):
        _place_ref(s, f"{where}.stops[{k}]")
    km = r.get("length_km")
    if km is not None and not (_finite(km) and km >= 0):
        raise RecordError(f"{where}.length_km is {km!r}; give a number of km >= 0 or null")
    via = r.get("via_countries")
    if via is not None and not (isinstance(via, list) and all(isinstance(c, str) for c in via)):
        raise RecordError(f"{where}.via_countries must be a list of ISO2 codes or null")
    geom = r.get("geometry")
    if geom is not None:
        _line_geometry(geom, where + ".geometry")
    _text(r, "corridor_id", where, null=True)
    for field in ("avoid", "passages"):
        items = r.get(field)
        if items is None:
            continue
        if not isinstance(items, list):
            raise RecordError(f"{where}.{field} must be a list of places or null")
        for k, s in enumerate(items):
            # (a ruled-out place or a passage may come without its point)
            _place_ref(s, f"{where}.{field}[{k}]", point="lat" in s or "lon" in s)


def _place_ref(s, where: str, *, point: bool = True) -> None:
    """A place object of a route (a stop, a ruled-out place, a passage): ``id``, ``name``
    and, with ``point``, ``lat``/``lon``."""
    if not isinstance(s, dict):
        raise RecordError(f"{where} is not an object")
    _text(s, "id", where)
    _text(s, "name", where)
    if point:
        _point(s, where)


def _line_geometry(g, where: str) -> None:
    if not isinstance(g, dict) or g.get("type") not in ("LineString", "MultiLineString"):
        kind = g.get("type") if isinstance(g, dict) else type(g).__name__
        raise RecordError(f"{where} is a {kind}; a route is a LineString or MultiLineString (or null)")
    coords = g.get("coordinates")
    lines = [coords] if g["type"] == "LineString" else coords
    if not isinstance(lines, list) or not all(isinstance(line, list) for line in lines):
        raise RecordError(f"{where}.coordinates must be lists of [lon, lat] pairs")
    for line in lines:
        for pt in line:
            if not (isinstance(pt, list) and len(pt) >= 2 and _finite(pt[0]) and _finite(pt[1])
                    and -180 <= pt[0] <= 180 and -90 <= pt[1] <= 90):
                raise RecordError(f"{where} has the point {pt!r}; give finite [lon, lat] in degrees")


def _point(d: dict, where: str) -> None:
    for field, lim in (("lat", 90), ("lon", 180)):
        v = d.get(field)
        if not _finite(v) or not -lim <= v <= lim:
            what = "missing" if field not in d else repr(v)
            raise RecordError(f"{where}.{field} is {what}; give a finite number in [-{lim}, {lim}]")


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _text(d: dict, field: str, where: str, *, null: bool = False) -> None:
    v = d.get(field)
    if (v is None and null) or isinstance(v, str):
        return
    name = field if where == field else f"{where}.{field}"
    what = "missing" if field not in d else repr(v)
    raise RecordError(f"{name} is {what}; give text{' or null' if null else ''}")


def _list(d: dict, field: str, where: str) -> list:
    v = d.get(field, [])
    if not isinstance(v, list):
        raise RecordError(f"{where} must be a list, not {type(v).__name__}")
    return v
