"""Extract, then draw: the schema-1 JSON record of an article with its corridors.

:meth:`geo.extraction.Extraction.to_dict` is the extraction stage's own record (places and
routes as the text states them, the drawn fields empty); :func:`extraction_record` draws
each route (``geo.corridors``) and fills them in. Keeping the two steps here lets the
imports run one way: text → extract → corridors → (this record, maps, export).

Fields a drawn route adds (all nullable): ``via_countries``, ``length_km``,
``stated_length_km`` (from the sentence; also without drawing), ``geometry``,
``geometry_source``, ``reason``, ``note`` and ``legs``; ``avoid``, ``passages`` and
``corridor_id`` are the extraction's (what the route is drawn from).
:func:`drawn_record` draws the routes of a record read back that were never drawn.
"""

from __future__ import annotations

from geo.corridors import corridor_for_record, corridor_for_route
from geo.extraction import Extraction


def extraction_record(ex: Extraction, *, with_geometry: bool = True) -> dict:
    """The stable JSON form (schema version 1) of an extraction, its routes drawn.

    Parameters
    ----------
    ex : Extraction
    with_geometry : bool
        Draw the routes (the costly step); without it the record is ``ex.to_dict()``.

    Returns
    -------
    dict
        ``schema_version``, ``source``, ``date``, ``title``, ``places``, ``routes``.
    """
    rec = ex.to_dict()
    if not with_geometry:
        return rec
    for row, route in zip(rec["routes"], ex.routes):
        _fill(row, corridor_for_route(route, ex))
    return rec


def drawn_record(rec: dict) -> dict:
    """An extract JSON record (read back) with every route that was never drawn drawn:
    one with no ``geometry`` and no ``reason``, as :meth:`Extraction.to_dict` writes it or
    as a hand edit leaves it. It is drawn from its own fields (``mode``, ``status``,
    ``stops``, ``legs``, ``avoid``, ``passages``, ``corridor_id``), so that its line is
    the one the text gives. Drawn routes are kept as they are; ``rec`` is not changed.
    """
    routes = rec.get("routes") or []
    if all(r.get("geometry") is not None or r.get("reason") is not None for r in routes):
        return rec
    out = dict(rec, routes=[dict(r) for r in routes])
    for row in out["routes"]:
        if row.get("geometry") is None and row.get("reason") is None:
            _fill(row, corridor_for_record(row, rec.get("places") or ()))
    return out


def _fill(row: dict, c) -> None:
    row.update({
        "via_countries": list(c.via_countries),
        "length_km": round(c.length_km, 1) if c.length_km is not None else None,
        "stated_length_km": c.stated_length_km if c.stated_length_km is not None
        else row.get("stated_length_km"),
        "geometry": c.geojson(),
        "geometry_source": c.geometry_source,
        "reason": c.reason,
        "note": c.note,
        "legs": c.legs_dicts(),
    })
