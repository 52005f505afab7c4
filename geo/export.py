"""Write maps and data: self-contained HTML (deterministic, atomic), PNG via headless
Chromium, GeoJSON and GeoPackage."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from geo import _assets
from geo._atomic import atomic_path, atomic_write_bytes
from geo._errors import BrowserNotFoundError


def _elements(element, seen=None):
    """Every branca element reachable from ``element``: children, and elements held in
    attributes (a Popup keeps its Html in ``.html``)."""
    from branca.element import Element

    seen = seen if seen is not None else set()
    if id(element) in seen:
        return
    seen.add(id(element))
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _elements(child, seen)
    for name, value in sorted(vars(element).items()):
        if name not in ("_parent", "_children") and isinstance(value, Element):
            yield from _elements(value, seen)


def _stable_ids(root) -> None:
    """Replace folium's random element ids with ids from the element's position, so that
    the same input renders byte-identical HTML in any process."""
    for n, element in enumerate(_elements(root), start=1):
        if hasattr(element, "_id"):
            element._id = f"{n:08d}"


def render_html(m, *, offline: bool | None = None) -> str:
    """The map as one self-contained HTML document (every asset inlined).

    Rendering a folium figure changes it (scripts are appended), so the result is kept on
    the map and reused until elements are added: the same map can be saved, screenshot
    and displayed any number of times.
    """
    sig = _tree_size(m.get_root())
    cached = getattr(m, "_ca_rendered", None)
    if cached and cached[0] == sig:
        return cached[1]
    root = m.get_root()
    _stable_ids(root)
    # folium keys children by name; rebuild the dicts so the names follow the new ids
    _rekey(root)
    html = root.render()
    html = _assets.inline_assets(html)
    if offline if offline is not None else getattr(m, "offline", False):
        import re

        if re.search(r'<(?:script|img)[^>]+src="https?://|<link[^>]+href="https?://', html):
            raise RuntimeError("offline HTML still references web assets")
    m._ca_rendered = (_tree_size(m.get_root()), html)
    return html


def _tree_size(element) -> int:
    return 1 + sum(_tree_size(c) for c in getattr(element, "_children", {}).values())


def _rekey(root) -> None:
    """folium keys children by name; rebuild those dicts so the keys follow the new ids."""
    for element in list(_elements(root)):
        children = getattr(element, "_children", None)
        if children:
            items = list(children.values())
            children.clear()
            for child in items:
                children[child.get_name()] = child


def save_html(m, path, *, offline: bool | None = None) -> Path:
    """Write a map as self-contained HTML, atomically (temp file, then rename).

    The same input gives a byte-identical file across processes. With ``offline=True``
    the map must have been made with ``corridor_map(..., offline=True)`` (no web tiles).
    """
    if offline and not getattr(m, "offline", False):
        raise ValueError("save_html(offline=True) needs a map made with corridor_map(..., "
                         "offline=True): this one loads web tiles.")
    return atomic_write_bytes(path, render_html(m, offline=offline).encode("utf-8"))


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserNotFoundError(
        "No headless Chromium found for the PNG. Install Debian's browser with "
        "`apt-get install chromium` (or put chromium on PATH), or skip --png.")


def save_png(m, path, *, width: int = 1200, height: int = 800, wait_ms: int = 1500) -> Path:
    """Screenshot a map with headless Chromium (Debian's ``chromium``).

    Playwright drives the browser when it is installed (``pip install corridor-atlas[dev]``);
    otherwise Chromium's own ``--screenshot`` is used.
    """
    browser = find_chromium()
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(render_html(m), encoding="utf-8")
        shot = Path(tmp) / "shot.png"
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            sync_playwright = None
        if sync_playwright is not None:
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=browser,
                                      args=["--no-sandbox", "--disable-background-networking",
                                            "--disable-component-update"])
                try:
                    page = b.new_page(viewport={"width": width, "height": height})
                    page.goto(page_file.as_uri())
                    page.wait_for_timeout(wait_ms)
                    page.screenshot(path=str(shot))
                finally:
                    b.close()
        else:
            cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--disable-background-networking", "--disable-component-update",
                   "--no-first-run", f"--user-data-dir={tmp}/profile",
                   f"--window-size={width},{height}", f"--screenshot={shot}", page_file.as_uri()]
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            if not shot.exists():
                raise RuntimeError(f"Chromium made no screenshot (exit {res.returncode}): "
                                   f"{res.stderr[-500:]}")
        atomic_write_bytes(path, shot.read_bytes())
    return path


def _plain(frame):
    """Lists and dicts as JSON text, so that GeoJSON/GeoPackage drivers accept them."""
    out = frame.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if out[col].map(lambda v: isinstance(v, (list, dict))).any():
            out[col] = out[col].map(lambda v: json.dumps(v, ensure_ascii=False)
                                    if isinstance(v, (list, dict)) else v)
    return out


def save_geojson(frame, path) -> Path:
    """Write places or corridors as GeoJSON (RFC 7946, EPSG:4326), atomically."""
    path = Path(path)
    data = _plain(frame.to_crs("EPSG:4326")).to_json(drop_id=True, ensure_ascii=False)
    return atomic_write_bytes(path, data.encode("utf-8"))


def save_gpkg(layers: dict, path) -> Path:
    """Write several frames as layers of one GeoPackage (e.g. ``{"places": ..,
    "corridors": ..}``), atomically."""
    if not any(len(frame) for frame in layers.values()):
        raise ValueError("nothing to write: every layer is empty")
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL creates the file itself
        for name, frame in layers.items():
            if len(frame):
                _plain(frame.to_crs("EPSG:4326")).to_file(tmp, layer=name, driver="GPKG")
    return Path(path)
