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
    if getattr(m, "renderer", None) == "deck":  # geo.maps_deck.DeckMap: a finished page
        return m.render()
    sig = _tree_size(m.get_root())
    cached = getattr(m, "_ca_rendered", None)
    if cached and cached[0] == sig:
        return cached[1]
    root = m.get_root()
    _stable_ids(root)
    # folium keys children by name; rebuild the dicts so the names follow the new ids
    _rekey(root)
    html = root.render()
    html = _with_jquery_if_used(html)
    html = _assets.inline_assets(html)
    if offline if offline is not None else getattr(m, "offline", False):
        import re

        if re.search(r'<(?:script|img)[^>]+src="https?://|<link[^>]+href="https?://', html):
            raise RuntimeError("offline HTML still references web assets")
    m._ca_rendered = (_tree_size(m.get_root()), html)
    return html


def _with_jquery_if_used(html: str) -> str:
    """Our layers need no jQuery; folium's own popups do (``$(`<div …>`)``): add it then."""
    import re

    tag = f'<script src="{_assets.PREFIX}jquery.js"></script>'
    if tag in html or not re.search(r"\$\(`", html):
        return html
    leaflet = f'<script src="{_assets.PREFIX}leaflet.js"></script>'
    return html.replace(leaflet, leaflet + tag, 1) if leaflet in html else html


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


def figure_html(m, *, title: str | None = None, subtitle: str | None = None,
                source: str | None = None) -> str:
    """The map's HTML in figure mode: no zoom, layer or fullscreen buttons, the legend
    open, the title (and subtitle) at the top and a source line above the credits."""
    from geo._mapui import js_json

    spec = {"title": title, "subtitle": subtitle, "source": source}
    script = f"<script>window.CA_FIGURE = {js_json(spec)};</script>"
    doc = render_html(m)
    i = doc.find("<head>")
    if i < 0:
        raise RuntimeError("the map's HTML has no <head>")
    return doc[:i + 6] + script + doc[i + 6:]


#: Chromium without its background traffic (component and safe-browsing updates, sync,
#: translation, spell-check dictionaries, DNS prefetch, pings, metrics).
CHROMIUM_QUIET_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
    "--dns-prefetch-disable", "--no-pings", "--metrics-recording-only", "--disable-breakpad",
    "--disable-spell-checking",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,SpellCheck,NetworkTimeServiceQuerying",
]
#: Some requests no flag stops (the account list that the sign-in code asks for, some
#: updater checks): for an offline map every host name resolves to "not found" inside
#: Chromium, so no DNS query or connection leaves the machine.
CHROMIUM_NO_HOSTS_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium_args(offline: bool) -> list[str]:
    """The flags :func:`save_png` and :func:`save_pdf` start Chromium with."""
    return ["--no-sandbox", *CHROMIUM_QUIET_ARGS, *(CHROMIUM_NO_HOSTS_ARGS if offline else [])]


#: Chromium flags for deck.gl pages: WebGL in software (SwiftShader) where there is no GPU
WEBGL_ARGS = ["--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


def _shoot(m, path, *, width, height, scale, fig, pdf: bool) -> Path:
    browser = find_chromium()
    deck = getattr(m, "renderer", None) == "deck"
    args = chromium_args(bool(getattr(m, "offline", False))) + (WEBGL_ARGS if deck else [])
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(figure_html(m, **fig), encoding="utf-8")
        shot = Path(tmp) / ("shot.pdf" if pdf else "shot.png")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            sync_playwright = None
        if sync_playwright is not None:
            def run():
                with sync_playwright() as p:
                    b = p.chromium.launch(executable_path=browser, args=args)
                    try:
                        page = b.new_page(viewport={"width": width, "height": height},
                                          device_scale_factor=scale)
                        page.goto(page_file.as_uri(), wait_until="load")
                        if deck:  # drawn on a WebGL canvas: wait for its first frame
                            page.wait_for_function("document.documentElement.dataset.caDrawn",
                                                   timeout=120_000)
                            if page.evaluate("document.documentElement.dataset.caDrawn") != "1":
                                raise RuntimeError("the deck.gl map could not draw: this Chromium "
                                                   "gave no WebGL")
                        page.wait_for_timeout(300)
                        if pdf:
                            page.emulate_media(media="screen")
                            page.pdf(path=str(shot), width=f"{width}px", height=f"{height}px",
                                     print_background=True, page_ranges="1")
                        else:
                            page.screenshot(path=str(shot))
                    finally:
                        b.close()

            _outside_event_loop(run)
        else:
            out = f"--print-to-pdf={shot}" if pdf else f"--screenshot={shot}"
            cmd = [browser, "--headless", "--disable-gpu", "--hide-scrollbars", *args,
                   "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                   *(["--virtual-time-budget=10000"] if deck else []),
                   f"--force-device-scale-factor={scale}", f"--window-size={width},{height}",
                   out, page_file.as_uri()]
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            if not shot.exists():
                raise RuntimeError(f"Chromium made no {'PDF' if pdf else 'screenshot'} "
                                   f"(exit {res.returncode}): {res.stderr[-500:]}")
        atomic_write_bytes(path, shot.read_bytes())
    return path


def _outside_event_loop(fn):
    """Run ``fn`` here, or in a thread when an asyncio loop runs here (Jupyter): the sync
    Playwright API refuses to start inside one."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def save_png(m, path, *, width: int = 1200, height: int = 800, scale: float = 2,
             title: str | None = None, subtitle: str | None = None, source: str | None = None) -> Path:
    """Write the map as a publication figure (PNG) with headless Chromium.

    No zoom, layer or fullscreen buttons; the legend open; title, optional subtitle and
    source line; the data credits stay. Playwright drives Debian's ``chromium`` when it is
    installed (``pip install corridor-atlas[dev]``), else Chromium's own ``--screenshot``.

    Parameters
    ----------
    m : CorridorMap
        A map from :func:`geo.maps.corridor_map` (``offline=True`` needs no network).
    width, height : int
        CSS pixels of the figure.
    scale : float
        Device pixels per CSS pixel (2 gives a 2400 x 1600 image by default).
    title, subtitle, source : str, optional
        The title replaces the map's own; ``source`` reads e.g. "Source: Tasnim, 5 Dec 2021".
    """
    return _shoot(m, path, width=width, height=height, scale=scale, pdf=False,
                  fig={"title": title, "subtitle": subtitle, "source": source})


def save_pdf(m, path, *, width: int = 1200, height: int = 800, title: str | None = None,
             subtitle: str | None = None, source: str | None = None) -> Path:
    """Write the figure of :func:`save_png` as a one-page PDF (Chromium prints it)."""
    return _shoot(m, path, width=width, height=height, scale=1, pdf=True,
                  fig={"title": title, "subtitle": subtitle, "source": source})


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


_PLACE_FIELDS = ["id", "name", "label", "kind", "country", "lat", "lon", "mentions", "articles",
                 "first_sentence"]
_CORRIDOR_FIELDS = ["mode", "status", "length_km", "stated_length_km", "via_countries", "from", "to",
                    "stops", "geometry_source", "weight", "sentence", "source", "date", "title"]


def layers_geojson(places, corridors) -> dict:
    """Places and corridors in one FeatureCollection: a ``layer`` property ("place" or
    "corridor") and flat columns only (text and numbers, the same keys on every feature),
    as QGIS and kepler.gl read them."""
    from shapely.geometry import mapping

    from geo.corridors import _round_geojson
    from geo._fields import _number, _text, corridor_label
    from geo.tables import corridors_table

    keys = ["layer", "name"] + [k for k in _PLACE_FIELDS + _CORRIDOR_FIELDS if k != "name"]
    keys = list(dict.fromkeys(keys))
    feats = []
    for row in places.itertuples():
        props = dict.fromkeys(keys)
        props.update(layer="place", **{k: _flat(getattr(row, k, None)) for k in _PLACE_FIELDS})
        props["source"] = _flat(getattr(row, "source", None))
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [round(row.lon, 5), round(row.lat, 5)]}})
    table = corridors_table((places, corridors)) if len(corridors) else None
    for i, row in enumerate(corridors.itertuples()):
        if row.geometry is None or row.geometry.is_empty:
            continue
        t = table.iloc[i]
        props = dict.fromkeys(keys)
        props.update(layer="corridor", name=corridor_label(row),
                     **{k: _flat(t[k]) for k in _CORRIDOR_FIELDS if k in t.index})
        props["geometry_source"] = _text(row.geometry_source) or None
        props["weight"] = _number(getattr(row, "weight", None))
        feats.append({"type": "Feature", "properties": props,
                      "geometry": _round_geojson(mapping(row.geometry))})
    return {"type": "FeatureCollection", "features": feats}


def _flat(value):
    from geo._fields import _number, _text

    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value) or None
    return _text(value) or None


def save_layers_geojson(places, corridors, path) -> Path:
    """Write :func:`layers_geojson` (RFC 7946, EPSG:4326), atomically."""
    data = json.dumps(layers_geojson(places.to_crs("EPSG:4326"), corridors.to_crs("EPSG:4326")),
                      ensure_ascii=False)
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
