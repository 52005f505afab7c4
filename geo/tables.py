"""Corridors as a table a reporter can check and paste: one row per corridor on the map.

:func:`corridors_table` takes what :func:`geo.maps.corridor_map` takes and returns a
``pandas.DataFrame`` with :data:`COLUMNS`; :func:`write_table` writes it as CSV, Markdown or
HTML. :func:`extraction_html` is the Jupyter view of an Extraction (text with the place
mentions marked, then its routes).
"""

from __future__ import annotations

import html
from pathlib import Path

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

    from geo.maps import _stop_names, _text
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


def extraction_html(ex, *, max_chars: int = 20_000) -> str:
    """HTML for Jupyter: the article with each place mention marked (its place in the
    tooltip), then a table of the routes. Every piece of text is escaped."""
    text = ex.text[:max_chars]
    spans = sorted((m.start, m.end, pm.place) for pm in ex.places for m in pm.mentions
                   if m.end <= len(text))
    out, pos = [], 0
    for start, end, place in spans:
        if start < pos:
            continue  # overlapping mention: the first one wins
        out.append(html.escape(text[pos:start]))
        tip = f"{place.name} ({place.kind}{', ' + place.country if place.country else ''})"
        out.append(f'<mark title="{html.escape(tip, quote=True)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    if len(ex.text) > max_chars:
        out.append(" …")
    head = html.escape(ex.title or ex.source or "Extraction")
    rows = []
    for r in ex.routes:
        stops = " → ".join((ex.place(pid).name if ex.place(pid) else pid) for pid in r.stops)
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(v) if v else '')}</td>" for v in
                                     (r.name, r.mode, (r.status or "").replace("_", " "), stops,
                                      r.sentence)) + "</tr>")
    routes = ("<table><thead><tr><th>name</th><th>mode</th><th>status</th><th>stops</th>"
              f"<th>sentence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
              if rows else "<p><i>No route found.</i></p>")
    return (f'<div class="ca-extraction"><b>{head}</b> — {len(ex.places)} place(s), '
            f"{len(ex.routes)} route(s)"
            f'<div style="max-height:260px;overflow:auto;white-space:pre-wrap;border:1px solid #ddd;'
            f'padding:6px;margin:4px 0;font-size:90%">{"".join(out)}</div>{routes}</div>')
