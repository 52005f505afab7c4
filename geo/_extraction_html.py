"""How an :class:`~geo.extraction.Extraction` shows in Jupyter: the article with its place
mentions marked, then its routes, every piece of text escaped. Part of the extraction
stage: it reads only the extraction.
"""

from __future__ import annotations

import html


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
