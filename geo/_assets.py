"""Inline JavaScript/CSS for self-contained HTML, from packages on PyPI.

* Leaflet 1.9.3 from ``xstatic-leaflet`` (BSD-2-Clause), its images as data URIs;
* jQuery 3.7.1 from ``xstatic-jquery`` (MIT), for a caller's folium popups: our maps build
  their popups as text in the browser and leave it out (``JS`` lists what they load).

Maps reference the assets by placeholder URLs (``corridor-atlas-asset:NAME``) and
:func:`inline_assets` swaps each ``<script src>``/``<link href>`` for the file's content.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

PREFIX = "corridor-atlas-asset:"

JS = [("leaflet", PREFIX + "leaflet.js")]  # our popups need no jQuery (see geo.maps)
CSS = [("leaflet_css", PREFIX + "leaflet.css")]


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def _jquery_dir() -> Path:
    import xstatic.pkg.jquery as jquery

    return Path(jquery.BASE_DIR)


@lru_cache(maxsize=1)
def assets() -> dict[str, str]:
    """Asset name -> text content."""
    ldir = _leaflet_dir()
    css = (ldir / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(m):
        img = ldir / "images" / m.group(1)
        b64 = base64.b64encode(img.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{b64})"

    css = re.sub(r"url\(images/([\w\-]+\.png)\)", data_uri, css)
    js = (ldir / "leaflet.js").read_text(encoding="utf-8")
    js = js.replace("//# sourceMappingURL=leaflet.js.map", "")
    jq = (_jquery_dir() / "jquery.min.js").read_text(encoding="utf-8")
    jq = re.sub(r"//# sourceMappingURL=\S+", "", jq)
    return {"leaflet.js": js, "jquery.js": jq, "leaflet.css": css}


def _script(content: str) -> str:
    # "</script" inside a library would end the element early.
    return "<script>" + content.replace("</script", "<\\/script") + "</script>"


def inline_assets(html: str) -> str:
    """Replace placeholder ``<script src>``/``<link>`` tags with inline content."""
    a = assets()

    def js(m):
        return _script(a[m.group(1)])

    def css(m):
        return "<style>" + a[m.group(1)] + "</style>"

    html = re.sub(r'<script src="' + re.escape(PREFIX) + r'([\w.]+)"></script>', js, html)
    html = re.sub(r'<link rel="stylesheet" href="' + re.escape(PREFIX) + r'([\w.]+)"/?>', css, html)
    return html
