"""Corridors as a table a reporter can check and paste: one row per corridor on the map.

:func:`corridors_table` takes what :func:`geo.maps.corridor_map` takes and returns a
``pandas.DataFrame`` with :data:`COLUMNS`; :func:`write_table` writes it as CSV, Markdown or
HTML. :func:`extraction_html` is the Jupyter view of an Extraction (text with the place
mentions marked, then its routes).
"""

from __future__ import annotations

from pathlib import Path

from geo._extraction_html import extraction_html  # noqa: F401  (re-exported)
from geo.lengths import stated_length_km  # noqa: F401  (the table's column; kept here for callers)

COLUMNS = ["name", "mode", "status", "length_km", "stated_length_km", "via_countries", "from",
           "to", "stops", "sentence", "source", "date", "title"]
FORMATS = ("csv", "md", "html")


def corridors_table(data):
    """One row per corridor of a map, with :data:`COLUMNS`.

    Parameters
    ----------
    data
        What :func:`geo.maps.corridor_map` takes: an Extraction, a list of them, extract
        JSON paths, or GeoDataFrames.

    Returns
    -------
    pandas.DataFrame
        ``via_countries`` holds ISO2 codes joined by spaces, ``stops`` the stop names
        joined by " → "; a value the text does not state is None. Corridors merged from
        several articles list every source, separated by "; ".
    """
    import pandas as pd

    from geo._fields import _stop_names, _text
    from geo.mapdata import map_frames

    _, corridors = map_frames(data)
    rows = []
    for row in corridors.itertuples():
        stops = _stop_names(row)
        sources = row.sources if isinstance(row.sources, list) and row.sources else [row.source]
        via = row.via_countries if isinstance(row.via_countries, list) else []
        rows.append({"name": _text(row.name) or None, "mode": row.mode,
                     "status": _text(row.status) or None,
                     "length_km": row.length_km, "stated_length_km": stated_length_km(row.sentence),
                     "via_countries": " ".join(via) or None,
                     "from": stops[0] if stops else None,
                     "to": stops[-1] if len(stops) > 1 else None,
                     "stops": " → ".join(stops) or None, "sentence": _text(row.sentence) or None,
                     "source": "; ".join(_text(s) for s in sources if _text(s)) or None,
                     "date": _text(row.date) or None, "title": _text(row.title) or None})
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def _md_cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    # Markdown viewers render inline HTML: article text must stay text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_text(table, fmt: str) -> str:
    """The table as CSV, Markdown (a pipe table) or an HTML ``<table>`` (escaped)."""
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    if fmt == "md":
        lines = ["| " + " | ".join(table.columns) + " |",
                 "| " + " | ".join("---" for _ in table.columns) + " |"]
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |"
                  for row in table.itertuples(index=False)]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        return table.to_html(index=False, escape=True, na_rep="", border=0) + "\n"
    raise ValueError(f"unknown table format {fmt!r}: choose one of {', '.join(FORMATS)}")


def write_table(table, path, *, fmt: str | None = None) -> Path:
    """Write the table atomically; the format follows the suffix unless ``fmt`` is given."""
    from geo._atomic import atomic_write_bytes

    path = Path(path)
    fmt = fmt or {".md": "md", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "csv")
    return atomic_write_bytes(path, table_text(table, fmt).encode("utf-8"))
