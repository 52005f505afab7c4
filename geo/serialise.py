"""Extract, then draw: the schema-1 JSON record of an article with its corridors.

:meth:`geo.extraction.Extraction.to_dict` is the extraction stage's own record (places and
routes as the text states them, the drawn fields empty); :func:`extraction_record` draws
each route (``geo.corridors``) and fills them in. Keeping the two steps here lets the
imports run one way: text → extract → corridors → (this record, maps, export).

Fields a drawn route adds (all nullable): ``via_countries``, ``length_km``,
``stated_length_km`` (from the sentence; also without drawing), ``geometry``,
``geometry_source``, ``reason``, ``note`` and ``legs``.
"""

from __future__ import annotations

from geo.corridors import corridor_for_route
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
        c = corridor_for_route(route, ex)
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
    return rec
