"""Map benchmark: ``geo.maps.corridor_map`` + ``geo.export.save_html`` on 10, 1,000 and
10,000 corridors, against plain folium, and the time for headless Chromium to draw them;
first, the time of ``corridors map`` on the seed article.

What is measured
----------------
The seed map: ``python -m geo map data/articles/iran-kyrgyzstan.txt -o TMP.html`` in a
fresh process, ``--seed-reps`` times (default 5) after one untimed run that fills the
caches (place index, country shapes); wall clock and CPU time (user + system of the child)
per run, median and range. ``--src DIR`` times another checkout's ``geo`` package with
this venv (e.g. ``git archive COMMIT | tar -x -C DIR`` for a before/after table).
Target: at most **1.5 s** wall.

Corridors (built once, untimed, for the largest size; each size takes the first N):

* 9 in 10 are *air* great circles, ``route_from_stops("air", [(lon, lat), (lon, lat)],
  countries=False)``, between random distinct pairs of a pool of the 200 most populous
  gazetteer cities (one per name), passed as (lon, lat) points;
* every 10th is *rail*, ``route_from_stops("rail", [(lon, lat), (lon, lat)],
  countries=False)``, between random distinct stations of the curated network
  (``geo.networks.rail_network()``);
* status random from (operational, planned, proposed); short name ("Route 12") and
  sentence; weight 1; source/date/title the same for all. Routes that come back without
  a geometry are dropped and replaced (their count is printed). Routing runs on
  ``--jobs`` processes (default: every CPU) because it is slow (see the printed time).

For each N (fixed seed):

* **ours build s**: ``corridor_map(frame, offline=True)`` + ``save_html(m, path,
  offline=True)``, wall clock, once, after an untimed warm-up map of 10 corridors (which
  fills the basemap and asset caches);
* **ours size MB**: the HTML file (MB = 10^6 bytes);
* **ours load s**: median of ``--reps`` (default 3) loads in headless Chromium (Debian's
  ``/usr/bin/chromium`` driven by Playwright; a new browser context and page for each
  load, viewport 1280x720), from the start of ``page.goto(file_url, wait_until="load")``
  until ``document.querySelectorAll('path.ca-route').length`` reaches the number of
  ``ca-route`` polylines in the HTML (each corridor is at least one; the count is taken
  from the file). The page makes no network request;
* **folium**: ``folium.Map()`` + ``folium.GeoJson(frame[["mode", "name", "status",
  "geometry"]].to_json())`` + ``m.save(path)`` (build time, size), and its load until
  ``path.leaflet-interactive`` count reaches N. Plain folium references Leaflet, jQuery,
  Bootstrap, awesome-markers and Font Awesome on CDNs, which cannot be reached here: a
  ``context.route("**/*")`` handler answers leaflet.js/leaflet.css (and Leaflet's images)
  and jQuery with the local files of ``xstatic-leaflet``/``xstatic-jquery``, every other
  web request (other CDN assets, OpenStreetMap tiles) with an empty 200 response of the
  right content type, and lets the file:// page through.

One untimed warm-up load of a tiny page starts the browser's processes first.

Breakdown (``--breakdown``; on by default when our largest map misses the target):

* size: the HTML of the largest map cut into parts (inlined Leaflet/jQuery/CSS, the
  embedded basemap, corridor lines (coordinates vs. style options and code), popups,
  tooltips, direction arrows, rail ties, the rest) by reading the rendered script;
* what if: the bytes the same corridor coordinates would take rounded to fewer decimals,
  simplified (Douglas-Peucker, 0.02 deg), or with air routes sent as their two airports
  (computed from the HTML, nothing is drawn);
* load: the same load measured on copies of that HTML with one part cut out (popups,
  tooltips, arrows + ties, basemap), loads of the copies interleaved so that drift hits
  all alike; and the browser's navigation timing of one load (parse + inline scripts to
  ``domInteractive``, ``load``, the check, and the next painted frame after it), with
  plain folium's for reference;
* build: ``corridor_map`` vs. ``save_html``, and a cProfile summary of both (top 12 by
  cumulative time).

Target
------
10,000 corridors: under **8 MB** and under **3 s** to load.

Usage
-----
::

    .venv/bin/python bench/maps.py                  # 10, 1,000 and 10,000
    .venv/bin/python bench/maps.py --quick          # 10 and 1,000
    .venv/bin/python bench/maps.py --sizes 10 5000 --breakdown
    .venv/bin/python bench/maps.py --cache /tmp/corridors.pkl   # route once, reuse later

Routing 10,000 corridors takes minutes (``geo.airports.main_airport`` measures the
distance to every airport for each point stop); ``--cache`` keeps them between runs.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import cProfile
import io
import json
import os
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

SIZES = (10, 1_000, 10_000)
QUICK = (10, 1_000)
TARGET = (10_000, 8.0, 3.0)   # corridors, MB, seconds to load
POOL_SIZE = 200
RAIL_EVERY = 10               # every 10th corridor is rail
STATUSES = ("operational", "planned", "proposed")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
VIEWPORT = {"width": 1280, "height": 720}
LOAD_TIMEOUT_MS = 600_000
MB = 1e6


SEED_TARGET_S = 1.5


def seed_map_times(reps: int, src: Path | None = None) -> dict:
    """Wall and CPU seconds of ``corridors map`` on the seed, warm cache, fresh processes."""
    import resource
    import subprocess

    src = (src or REPO_ROOT).resolve()
    article = REPO_ROOT / "data" / "articles" / "iran-kyrgyzstan.txt"
    env = dict(os.environ, PYTHONPATH=str(src))
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as tmp:
        cmd = [sys.executable, "-m", "geo", "map", str(article), "-o", f"{tmp}/seed.html"]
        for i in range(reps + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, cwd=tmp, check=True, capture_output=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i:  # the first run fills the caches
                walls.append(wall)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        size = Path(f"{tmp}/seed.html").stat().st_size
    return {"wall": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
            "cpu": statistics.median(cpus), "bytes": size, "src": src}


def print_seed_map(reps: int, src: Path | None = None) -> dict:
    r = seed_map_times(reps, src)
    ok = "OK" if r["wall"] <= SEED_TARGET_S else "OVER"
    print(f"corridors map on the seed ({r['src']}), warm cache, median of {reps}: "
          f"{r['wall']:.2f} s wall ({r['wall_min']:.2f}-{r['wall_max']:.2f}), {r['cpu']:.2f} s CPU, "
          f"{r['bytes'] / MB:.2f} MB; target {SEED_TARGET_S:g} s: {ok}", flush=True)
    return r


# --------------------------------------------------------------------------- corridors


def city_pool(n: int) -> list[tuple[float, float]]:
    """The ``n`` most populous gazetteer cities (one per name) as (lon, lat)."""
    from geo.gazetteer import default_gazetteer

    recs = sorted(default_gazetteer().places_in("city"), key=lambda r: (-r.population, r.id))
    out, names = [], set()
    for r in recs:
        if r.name in names:
            continue
        names.add(r.name)
        out.append((float(r.lon), float(r.lat)))
        if len(out) == n:
            break
    return out


def station_pool() -> list[tuple[float, float]]:
    from geo.networks import rail_network

    g = rail_network().graph
    return [(float(g.nodes[n]["lon"]), float(g.nodes[n]["lat"])) for n in sorted(g.nodes)]


def _route(spec):
    from geo.corridors import route_from_stops

    i, mode, stops, status = spec
    c = route_from_stops(mode, stops, name=f"Route {i}", status=status, countries=False,
                         sentence=f"Route {i} links two places.")
    return i, c.to_record()


def build_corridors(n: int, seed: int, jobs: int):
    """``n`` drawn corridors as a corridors GeoDataFrame (CORRIDOR_COLUMNS + geometry)."""
    import geopandas as gpd

    from geo.mapdata import CORRIDOR_COLUMNS

    rng = random.Random(seed)
    cities, stations = city_pool(POOL_SIZE), station_pool()
    records: dict[int, dict] = {}
    undrawn, next_i = 0, 0
    t = time.perf_counter()
    ctx = None
    if jobs > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
    pool = cf.ProcessPoolExecutor(jobs, mp_context=ctx) if jobs > 1 else None
    try:
        while len(records) < n:
            specs = []
            for _ in range(n - len(records)):
                i = next_i
                next_i += 1
                mode = "rail" if i % RAIL_EVERY == RAIL_EVERY // 2 else "air"
                stops = rng.sample(stations if mode == "rail" else cities, 2)
                specs.append((i, mode, stops, rng.choice(STATUSES)))
            results = (pool.map(_route, specs, chunksize=max(1, len(specs) // (jobs * 8)))
                       if pool else map(_route, specs))
            for i, rec in results:
                if rec["geometry"] is None:
                    undrawn += 1
                else:
                    records[i] = rec
    finally:
        if pool:
            pool.shutdown()
    secs = time.perf_counter() - t
    rows = []
    for i in sorted(records)[:n]:
        rec = records[i]
        rec.update(source="bench-maps", date="2024-01-01", title="Map benchmark", weight=1,
                   sources=["bench-maps"])
        rows.append(rec)
    frame = gpd.GeoDataFrame([{k: r.get(k) for k in CORRIDOR_COLUMNS} for r in rows],
                             columns=CORRIDOR_COLUMNS,
                             geometry=[r["geometry"] for r in rows], crs="EPSG:4326")
    return frame, secs, undrawn


# --------------------------------------------------------------------------- rendering


def render_ours(frame, path: Path) -> dict:
    from geo.export import save_html
    from geo.maps import corridor_map

    t0 = time.perf_counter()
    m = corridor_map(frame, offline=True)
    t1 = time.perf_counter()
    save_html(m, path, offline=True)
    t2 = time.perf_counter()
    text = path.read_text(encoding="utf-8")
    return {"build": t2 - t0, "map": t1 - t0, "save": t2 - t1, "bytes": path.stat().st_size,
            # one ca-route path per corridor feature (drawn by the page's own script)
            "paths": text.count('"properties":{"p":')}


def render_folium(frame, path: Path) -> dict:
    import folium

    t0 = time.perf_counter()
    m = folium.Map()
    folium.GeoJson(frame[["mode", "name", "status", "geometry"]].to_json()).add_to(m)
    m.save(str(path))
    return {"build": time.perf_counter() - t0, "bytes": path.stat().st_size}


# --------------------------------------------------------------------------- loading


def _local_assets() -> dict[str, Path]:
    import xstatic.pkg.jquery as jquery
    import xstatic.pkg.leaflet as leaflet

    ldir, jdir = Path(leaflet.BASE_DIR), Path(jquery.BASE_DIR)
    out = {"leaflet.js": ldir / "leaflet.js", "leaflet.css": ldir / "leaflet.css",
           "jquery": jdir / "jquery.min.js"}
    for img in (ldir / "images").glob("*.png"):
        out["images/" + img.name] = img
    return out


_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
          ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff",
          ".ttf": "font/ttf", ".json": "application/json"}


class CdnStub:
    """A ``context.route`` handler for plain folium: local Leaflet/jQuery, empty others."""

    def __init__(self):
        self.local = _local_assets()
        self.served: dict[str, str] = {}

    def __call__(self, route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
            return
        path = url.split("?", 1)[0].split("#", 1)[0]
        name = path.rsplit("/", 1)[-1]
        local = None
        if "leaflet" in path and name in ("leaflet.js", "leaflet.css"):
            local = self.local[name]
        elif "leaflet" in path and "/images/" in path and ("images/" + name) in self.local:
            local = self.local["images/" + name]
        elif "jquery" in name and name.endswith(".js"):
            local = self.local["jquery"]
        ext = os.path.splitext(name)[1].lower()
        ctype = _TYPES.get(ext, "text/plain")
        if local is not None:
            self.served[url] = f"local {local.name}"
            route.fulfill(status=200, path=str(local), content_type=ctype)
        else:
            self.served[url] = f"empty {ctype}"
            route.fulfill(status=200, body="", content_type=ctype)


_NAV = """() => { const e = performance.getEntriesByType('navigation')[0];
  return {interactive: e.domInteractive, dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd}; }"""
_NEXT_FRAME = """() => new Promise(r => requestAnimationFrame(() => setTimeout(
  () => r(performance.now()), 0)))"""


def load_once(browser, url: str, selector: str, count: int, handler=None, *, detail=False) -> dict:
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        if handler is not None:
            ctx.route("**/*", handler)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        t0 = time.perf_counter()
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        done = page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n ? performance.now() : false",
            arg=[selector, count], timeout=LOAD_TIMEOUT_MS)
        secs = time.perf_counter() - t0
        out = {"s": secs, "errors": errors}
        if detail:
            nav = page.evaluate(_NAV)
            out.update({k: v / 1e3 for k, v in nav.items()})
            out["check"] = done.json_value() / 1e3
            out["painted"] = page.evaluate(_NEXT_FRAME) / 1e3
            out["n_paths"] = page.evaluate("document.querySelectorAll('path').length")
        return out
    finally:
        ctx.close()


def load_median(browser, path: Path, selector: str, count: int, reps: int, handler=None) -> dict:
    runs = [load_once(browser, path.resolve().as_uri(), selector, count, handler) for _ in range(reps)]
    times = [r["s"] for r in runs]
    errors = sorted({e for r in runs for e in r["errors"]})
    return {"s": statistics.median(times), "min": min(times), "max": max(times), "errors": errors}


# --------------------------------------------------------------------------- breakdown

_START = re.compile(
    r"^[ \t]*(?:(?:var|function)[ \t]+)?([a-z][a-z_]*?)_([0-9a-f]{8,32})(\w*)[ \t]*"
    r"(?:=|\(|\.(\w+)\()", re.M)
_COORDS = re.compile(r"L\.polyline\(\s*(\[\[.*?\]\])\s*,", re.S)


def _asset_ranges(text: str) -> list[tuple[int, int, str]]:
    from geo import _assets

    out = []
    for name, content in _assets.assets().items():
        body = content.replace("</script", "<\\/script") if name.endswith(".js") else content
        i = text.find(body)
        if i >= 0:
            out.append((i, i + len(body), "Leaflet + jQuery + Leaflet CSS (inlined)"))
    return out


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, part) ranges covering the whole HTML of one of our maps."""
    ranges = _asset_ranges(text)
    script_start = text.rfind("<script>")
    script_end = text.find("</script>", script_start)
    starts = [m for m in _START.finditer(text, script_start, script_end)]
    for k, m in enumerate(starts):
        a = m.start()
        b = starts[k + 1].start() if k + 1 < len(starts) else script_end
        prefix, method = m.group(1), m.group(4)
        seg = text[a:b]
        if prefix in ("popup", "html") or method in ("bindPopup", "setContent"):
            part = "popups"
        elif prefix == "tooltip" or method == "bindTooltip":
            part = "tooltips"
        elif prefix == "geo_json":
            part = "basemap (Natural Earth GeoJSON + code)"
        elif prefix == "poly_line" and method is None:
            if '"className": "ca-route' in seg:
                cm = _COORDS.search(seg)
                if cm:
                    ranges.append((a + cm.start(1), a + cm.end(1), "corridor lines: coordinates"))
                    ranges.append((a, a + cm.start(1), "corridor lines: style options + code"))
                    ranges.append((a + cm.end(1), b, "corridor lines: style options + code"))
                    continue
                part = "corridor lines: style options + code"
            elif '"className": "ca-arrow"' in seg:
                part = "direction arrows"
            elif '"className": "ca-ties"' in seg:
                part = "rail ties (white dashes)"
            else:
                part = "other map script"
        else:
            part = "other map script"
        ranges.append((a, b, part))
    ranges.sort()
    # everything not covered: page, head, legend, controls
    out, pos = [], 0
    for a, b, part in ranges:
        if a > pos:
            out.append((pos, a, "page, legend, controls, other"))
        out.append((a, b, part))
        pos = max(pos, b)
    if pos < len(text):
        out.append((pos, len(text), "page, legend, controls, other"))
    return out


def size_breakdown(text: str) -> list[tuple[str, int, int]]:
    """(part, bytes, of which whitespace-run bytes), biggest first."""
    sizes: dict[str, list[int]] = {}
    for a, b, part in segments(text):
        chunk = text[a:b]
        nbytes = len(chunk.encode("utf-8"))
        ws = sum(len(m.group(0)) for m in re.finditer(r"\s{2,}", chunk))
        s = sizes.setdefault(part, [0, 0])
        s[0] += nbytes
        s[1] += ws
    return sorted(((k, v[0], v[1]) for k, v in sizes.items()), key=lambda r: -r[1])


def without(text: str, parts: set[str]) -> str:
    keep = [text[a:b] for a, b, part in segments(text) if part not in parts]
    return "".join(keep)


def coordinate_what_ifs(text: str) -> list[tuple[str, int]]:
    """Bytes the corridor coordinates would take in other encodings (computed, not drawn)."""
    from shapely.geometry import LineString

    lines, air = [], []
    for a, b, part in segments(text):
        if part == "corridor lines: coordinates":
            lines.append(json.loads(text[a:b]))
            air.append('"className": "ca-route ca-air"' in text[b:b + 300])

    def size(pts_list, nd):
        return sum(len(json.dumps([[round(y, nd), round(x, nd)] for y, x in pts],
                                  separators=(",", ":"))) for pts in pts_list)

    def simplified(pts_list, tol):
        out = []
        for pts in pts_list:
            ls = LineString([(x, y) for y, x in pts]).simplify(tol, preserve_topology=False)
            out.append([(y, x) for x, y in ls.coords])
        return out

    now = sum(len(json.dumps(p)) for p in lines)   # ", " separators as folium writes them
    ends = [[p[0], p[-1]] if is_air else p for p, is_air in zip(lines, air)]
    simp = simplified(lines, 0.02)
    rest = simplified([p for p, is_air in zip(lines, air) if not is_air], 0.02)
    return [
        ("as now (5 decimals, ', ' separators)", now),
        ("5 decimals", size(lines, 5)),
        ("3 decimals (~100 m)", size(lines, 3)),
        ("simplified (Douglas-Peucker 0.02 deg) + 3 decimals", size(simp, 3)),
        (f"air ({sum(air):,}) as 2 airports, great circle drawn in the browser; rest as now",
         size(ends, 5)),
        ("air as 2 airports (3 decimals); rail simplified 0.02 deg + 3 decimals",
         size([p for p, is_air in zip(ends, air) if is_air], 3) + size(rest, 3)),
    ]


def profile_build(frame, path: Path, top: int = 12) -> str:
    from geo.export import save_html
    from geo.maps import corridor_map

    prof = cProfile.Profile()
    prof.enable()
    m = corridor_map(frame, offline=True)
    save_html(m, path, offline=True)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    keep = [ln for ln in lines if "function calls" in ln]
    start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
    return "\n".join(keep + lines[start:])


def breakdown(browser, frame, ours: dict, html_path: Path, tmp: Path, reps: int,
              folium_path: Path | None = None) -> None:
    n = len(frame)
    text = html_path.read_text(encoding="utf-8")
    total = len(text.encode("utf-8"))
    print(f"\n=== Breakdown: our map of {n:,} corridors ===")
    print(f"\nSize ({total / MB:.2f} MB):")
    print(f"  {'part':<44} {'MB':>7} {'share':>6} {'per corr.':>10} {'whitespace':>11}")
    for part, nbytes, ws in size_breakdown(text):
        print(f"  {part:<44} {nbytes / MB:7.2f} {nbytes / total:6.1%} {nbytes / n:8.0f} B "
              f"{ws / MB:8.2f} MB")
    ws_all = sum(len(m.group(0)) for m in re.finditer(r"\s{2,}", text))
    print(f"  whitespace runs (indentation) in the whole file: {ws_all / MB:.2f} MB")
    n_poly = text.count("L.polyline(")
    print(f"  polylines in the script: {n_poly:,} ({ours['paths']:,} ca-route, "
          f"{text.count('ca-arrow'):,} arrows, {text.count('ca-ties'):,} rail ties); "
          f"popups {text.count('L.popup('):,}, tooltips {text.count('.bindTooltip('):,}")
    coords = [text[a:b] for a, b, part in segments(text) if part == "corridor lines: coordinates"]
    if coords:
        pts = sum(c.count("], [") + 1 for c in coords)
        print(f"  corridor line points: {pts:,} ({pts / n:.0f} per corridor, "
              f"{sum(map(len, coords)) / pts:.1f} bytes per point)")

    print("\nCorridor coordinates, what if (the same lines, JSON without spaces):")
    for label, nbytes in coordinate_what_ifs(text):
        print(f"  {label:<76} {nbytes / MB:6.2f} MB")

    print(f"\nLoad (median of {reps}, loads interleaved; each copy has one thing cut out "
          "of the HTML). 'load s' is the\nmeasure of the table (goto to the check); 'painted s' "
          "is from navigation start to the next frame\nafter the check, which includes drawing "
          "the SVG (approximate: rAF + setTimeout 0):")
    arrows = {"direction arrows", "rail ties (white dashes)"}
    variants = [
        ("full map", None),
        ("without popups", {"popups"}),
        ("without tooltips", {"tooltips"}),
        ("without arrows + rail ties", arrows),
        ("without basemap", {"basemap (Natural Earth GeoJSON + code)"}),
        ("without dash patterns (all lines solid)", "nodash"),
        ("without popups, tooltips, arrows, ties", {"popups", "tooltips"} | arrows),
    ]
    paths = []
    for k, (label, cut) in enumerate(variants):
        path = html_path if cut is None else tmp / f"variant-{k}.html"
        if cut == "nodash":
            path.write_text(re.sub(r'"dashArray": "[^"]*"', '"dashArray": null', text),
                            encoding="utf-8")
        elif cut is not None:
            path.write_text(without(text, cut), encoding="utf-8")
        paths.append(path)
    runs: list[list[dict]] = [[] for _ in variants]
    for _ in range(reps):
        for k, path in enumerate(paths):
            runs[k].append(load_once(browser, path.resolve().as_uri(), "path.ca-route",
                                     ours["paths"], detail=True))
    full_s = statistics.median(r["s"] for r in runs[0])
    full_p = statistics.median(r["painted"] for r in runs[0])
    print(f"  {'':<40} {'size':>8} {'load s':>16} {'painted s':>16}")
    for (label, cut), path, rs in zip(variants, paths, runs):
        med = statistics.median(r["s"] for r in rs)
        pmed = statistics.median(r["painted"] for r in rs)
        d_s = "" if cut is None else f"({med - full_s:+.2f})"
        d_p = "" if cut is None else f"({pmed - full_p:+.2f})"
        errors = sorted({e for r in rs for e in r["errors"]})
        err = f"  JS errors: {errors[:2]}" if errors else ""
        print(f"  {label:<40} {path.stat().st_size / MB:5.2f} MB {med:6.2f} {d_s:>8} "
              f"{pmed:7.2f} {d_p:>8}{err}")

    d = load_once(browser, html_path.resolve().as_uri(), "path.ca-route", ours["paths"],
                  detail=True)
    print("\nBrowser timing of one load of the full map (from navigation start):")
    print(f"  HTML parsed + inline scripts run (domInteractive) {d['interactive']:6.2f} s")
    print(f"  load event end                                     {d['load']:6.2f} s")
    print(f"  check passed (all ca-route paths in the DOM)       {d['check']:6.2f} s")
    print(f"  next frame painted after the check                 {d['painted']:6.2f} s")
    print(f"  wall clock from goto to the check                  {d['s']:6.2f} s")
    print(f"  SVG <path> elements in the page: {d['n_paths']:,}")
    if folium_path is not None:
        f = load_once(browser, folium_path.resolve().as_uri(), "path.leaflet-interactive", n,
                      handler=CdnStub(), detail=True)
        print(f"  plain folium, same corridors: domInteractive {f['interactive']:.2f} s, load "
              f"{f['load']:.2f} s, check {f['check']:.2f} s, painted {f['painted']:.2f} s, "
              f"{f['n_paths']:,} paths")

    print(f"\nBuild: corridor_map {ours['map']:.2f} s + save_html {ours['save']:.2f} s")
    print(profile_build(frame, tmp / "profiled.html"))


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", help="corridor counts (default 10 1000 10000)")
    ap.add_argument("--quick", action="store_true", help="10 and 1,000 corridors")
    ap.add_argument("--reps", type=int, default=3, help="loads per map (median reported)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes for routing the corridors")
    ap.add_argument("--breakdown", action=argparse.BooleanOptionalAction, default=None,
                    help="size/load/build breakdown of the largest map (default: when over target)")
    ap.add_argument("--keep", type=Path, help="keep the HTML files in this folder")
    ap.add_argument("--cache", type=Path,
                    help="pickle of the routed corridors: read if there (same seed, enough "
                         "rows), else written after routing")
    ap.add_argument("--seed-reps", type=int, default=5, help="runs of the seed map (median reported)")
    ap.add_argument("--seed-only", action="store_true", help="time the seed map only")
    ap.add_argument("--src", type=Path, help="time the seed map with the geo package of this checkout")
    args = ap.parse_args(argv)
    sizes = sorted(set(args.sizes or (QUICK if args.quick else SIZES)))

    print_seed_map(args.seed_reps, args.src)
    if args.seed_only:
        return 0

    from playwright.sync_api import sync_playwright

    print(f"Building {sizes[-1]:,} corridors (every {RAIL_EVERY}th rail, the rest air) "
          f"on {args.jobs} process(es)...", flush=True)
    frame = None
    if args.cache and args.cache.exists():
        import pickle

        cached = pickle.loads(args.cache.read_bytes())
        if cached["seed"] == args.seed and len(cached["frame"]) >= sizes[-1]:
            frame = cached["frame"].iloc[:sizes[-1]]
            print(f"  read from {args.cache}", flush=True)
    if frame is None:
        frame, secs, undrawn = build_corridors(sizes[-1], args.seed, args.jobs)
        print(f"  routed in {secs:.1f} s ({secs / (len(frame) + undrawn) * 1e3 * args.jobs:.0f} "
              f"ms per route per process); undrawn and replaced: {undrawn}", flush=True)
        if args.cache:
            import pickle

            args.cache.write_bytes(pickle.dumps({"seed": args.seed, "frame": frame}))
    print(f"  {frame['mode'].value_counts().to_dict()}", flush=True)

    tmp_ctx = tempfile.TemporaryDirectory(prefix="bench-maps-")
    tmp = Path(tmp_ctx.name)
    out_dir = args.keep or tmp
    out_dir.mkdir(parents=True, exist_ok=True)
    # warm-up: basemap and asset caches, imports
    render_ours(frame.iloc[:10], tmp / "warmup.html")
    render_folium(frame.iloc[:10], tmp / "warmup-folium.html")

    rows = []
    stub = CdnStub()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            load_once(browser, (tmp / "warmup.html").resolve().as_uri(), "path.ca-route", 1)
            for n in sizes:
                sub = frame.iloc[:n]
                ours_path, fol_path = out_dir / f"ours-{n}.html", out_dir / f"folium-{n}.html"
                print(f"{n:,} corridors: building...", flush=True)
                ours = render_ours(sub, ours_path)
                fol = render_folium(sub, fol_path)
                if ours["paths"] < n:
                    print(f"  warning: only {ours['paths']} ca-route polylines for {n} corridors")
                print(f"  ours {ours['bytes'] / MB:.2f} MB in {ours['build']:.2f} s, "
                      f"folium {fol['bytes'] / MB:.2f} MB in {fol['build']:.2f} s; loading...",
                      flush=True)
                ours_load = load_median(browser, ours_path, "path.ca-route", ours["paths"], args.reps)
                fol_load = load_median(browser, fol_path, "path.leaflet-interactive", n, args.reps,
                                       handler=stub)
                for who, r in (("ours", ours_load), ("folium", fol_load)):
                    if r["errors"]:
                        print(f"  {who} JS errors: {r['errors'][:3]}")
                print(f"  loads: ours {ours_load['s']:.2f} s, folium {fol_load['s']:.2f} s",
                      flush=True)
                rows.append((n, ours, ours_load, fol, fol_load, ours_path, fol_path))

            print("\nPlain folium: web requests answered by the route handler:")
            for url, how in sorted(stub.served.items()):
                if "tile.openstreetmap" in url:
                    continue
                print(f"  {how:<28} {url}")
            tiles = sum("tile.openstreetmap" in u for u in stub.served)
            print(f"  empty image/png            {tiles} OpenStreetMap tile URLs")

            print(f"\nLoad: median of {args.reps} (min-max), headless Chromium "
                  f"{browser.version}; MB = 10^6 bytes\n")
            head = (f"{'corridors':>9} | {'ours size MB':>12} | {'ours build s':>12} | "
                    f"{'ours load s':>17} | {'folium size MB':>14} | {'folium load s':>17} | "
                    f"{'folium build s':>14}")
            print(head)
            print("-" * len(head))
            for n, ours, ol, fol, fl, *_ in rows:
                print(f"{n:>9,} | {ours['bytes'] / MB:12.2f} | {ours['build']:12.2f} | "
                      f"{ol['s']:6.2f} ({ol['min']:.2f}-{ol['max']:.2f}) | "
                      f"{fol['bytes'] / MB:14.2f} | {fl['s']:6.2f} ({fl['min']:.2f}-{fl['max']:.2f}) | "
                      f"{fol['build']:14.2f}")

            t_n, t_mb, t_s = TARGET
            print(f"\nTarget: {t_n:,} corridors: under {t_mb:g} MB and under {t_s:g} s to load")
            big = rows[-1]
            n, ours, ol = big[0], big[1], big[2]
            mb = ours["bytes"] / MB
            scale = t_n / n
            if n == t_n:
                size_ok, load_ok = mb < t_mb, ol["s"] < t_s
                print(f"  {n:,} corridors: {mb:.2f} MB ({'OK' if size_ok else 'OVER'}), "
                      f"{ol['s']:.2f} s to load ({'OK' if load_ok else 'OVER'})")
            else:
                size_ok, load_ok = mb * scale < t_mb, ol["s"] * scale < t_s
                print(f"  largest run is {n:,} corridors: {mb:.2f} MB, {ol['s']:.2f} s; "
                      f"scaled linearly to {t_n:,}: ~{mb * scale:.1f} MB "
                      f"({'OK' if size_ok else 'OVER'}), ~{ol['s'] * scale:.1f} s "
                      f"({'OK' if load_ok else 'OVER'})")
            want = args.breakdown if args.breakdown is not None else not (size_ok and load_ok)
            if want:
                breakdown(browser, frame.iloc[:n], ours, big[5], tmp, args.reps, big[6])
        finally:
            browser.close()
    tmp_ctx.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
