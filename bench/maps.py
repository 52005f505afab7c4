"""Map benchmark: our Leaflet path, our deck.gl path and plain pydeck on 1,000, 10,000
and 100,000 corridors, in one run; first, the time of ``corridors map`` on the seed article.

What is measured
----------------
The seed map: ``python -m geo map data/articles/iran-kyrgyzstan.txt -o TMP.html`` in a
fresh process, ``--seed-reps`` times (default 5) after one untimed run that fills the
caches; wall clock and CPU time, median and range. Target: at most **1.5 s** wall.

Corridors (made once, untimed, for the largest size; each size takes the first N; fixed seed):

* 9 in 10 are *air*: the great circle (``geo.corridors.great_circle``, a point every
  50 km, split at ±180° by ``split_antimeridian``, as ``route_from_stops`` draws flights)
  between a random pair of the 200 most populous gazetteer cities;
* every 10th is *rail*: one of 200 routes between random stations of the curated network
  (``route_from_stops("rail", ...)``, routed once and reused in turn: routing 10,000 rail
  lines would take longer than the whole benchmark);
* status random from (operational, planned, proposed), date random from 2019-2024, a
  short name ("Route 12") and sentence; source and title the same for all.

For each N and each renderer, in a fresh Python process (``PYTHONPATH`` = this checkout,
or ``--before DIR`` for extra "leaflet (before)" and "deck (before)" rows from another
checkout, built and loaded in the same run):

* **build s**: ``corridor_map(frame, offline=True, renderer=...)`` + ``save_html`` (ours),
  or ``pydeck.Deck([PathLayer of the corridors' coordinates]).to_html(offline=True)``
  (plain pydeck: its widget bundle inlined, the coordinates as JSON), wall clock, after an
  untimed warm-up of 10 corridors in the same process (imports, basemap cache);
* **MB**: the HTML file (10^6 bytes);
* **peak RSS**: the building process's peak resident set (``VmHWM`` of
  ``/proc/self/status``), reading its corridors (a pickle of that size) included;
* **first frame s**: headless Chromium (Debian's, through Playwright, 1280x720, software
  WebGL: ``--use-gl=angle --use-angle=swiftshader --enable-unsafe-swiftshader``), a new
  context per load; ``performance.now()`` (ms since navigation start) once the page is
  ready, two ``requestAnimationFrame`` have passed and every canvas's pixels have been
  read back (one pixel: the browser then finishes the drawing it has queued; software
  WebGL can be seconds behind the frames the page has asked for). The browser has loaded
  one small untimed WebGL page first (its GPU process starts once a browser). Ready: the ``load``
  event for Leaflet (its layers are built by inline scripts, the canvas paints on the
  next frame); for ours deck.gl's ``data-ca-drawn`` *and* its canvas at the size it is
  shown (deck.gl draws a first frame into the canvas's default 300 x 150, which is not
  the map), for pydeck a canvas at that size. Median of ``--reps`` (default 3) loads;
  100,000 once, and plain pydeck from 10,000 once (a load takes minutes). Our pages make
  no request (counted); pydeck's page asks CDNs for mapbox-gl and CSS, answered empty.

Every size gets a row for every renderer: where a page cannot be built, loaded or drawn
within the machine the row says why (a page over 500 MB cannot run: its data is one
JavaScript string, and V8 strings stop at ~536 M characters; a load has at most
``LOAD_TIMEOUT_MS``). The table is printed by ``bench/_timing.py``, with the commit and
the load average before and after.

Targets, for the renderer each size gets by default (``renderer="auto"``: Leaflet below
5,000 corridors, deck.gl from there; the "target" column says ``auto: ...`` on its row):
100,000 corridors build ≤ 20 s, HTML ≤ 40 MB, first frame ≤ 5 s, peak RSS ≤ 2 GB; 10,000
corridors build ≤ 3 s, ≤ 8 MB and ≤ 3 s to the first frame; 1,000 ≤ 1 s to the first frame.

Usage
-----
::

    .venv/bin/python bench/maps.py                       # 1,000, 10,000 and 100,000
    .venv/bin/python bench/maps.py --sizes 1000 10000    # smaller
    .venv/bin/python bench/maps.py --before /tmp/main    # + rows of another checkout
    .venv/bin/python bench/maps.py --skip-seed --renderers deck pydeck
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# a build child (--_build) imports the checkout its PYTHONPATH names (--before: another one)
if str(REPO_ROOT) not in sys.path and sys.argv[1:2] != ["--_build"]:
    sys.path.insert(0, str(REPO_ROOT))

SIZES = (1_000, 10_000, 100_000)
RENDERERS = ("leaflet", "deck", "pydeck")
POOL_SIZE = 200
RAIL_EVERY = 10
RAIL_POOL = 200
STATUSES = ("operational", "planned", "proposed")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
VIEWPORT = {"width": 1280, "height": 720}
LOAD_TIMEOUT_MS = 900_000
#: plain pydeck from this size on is loaded once (a load takes minutes)
PYDECK_ONCE = 10_000
MB = 1e6
MAX_LOAD_BYTES = 500 * MB  # V8 strings stop at ~536 M characters: a bigger page cannot run
SEED_TARGET_S = 1.5
#: (corridors, build s, MB, first frame s, peak RSS GB); None: no target
TARGETS = {100_000: (20.0, 40.0, 5.0, 2.0), 10_000: (3.0, 8.0, 3.0, None),
           1_000: (None, None, 1.0, None)}
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


def _rail(spec):
    from geo.corridors import route_from_stops

    return route_from_stops("rail", list(spec), countries=False).geometry


def make_corridors(n: int, seed: int):
    """``n`` corridors as a corridors GeoDataFrame (see the module docstring)."""
    import geopandas as gpd

    from geo.corridors import _make_geometry, great_circle, split_antimeridian
    from geo.mapdata import CORRIDOR_COLUMNS

    rng = random.Random(seed)
    cities, stations = city_pool(POOL_SIZE), station_pool()
    rails = []
    while len(rails) < min(RAIL_POOL, max(1, n // RAIL_EVERY)):
        g = _rail(rng.sample(stations, 2))
        if g is not None and not g.is_empty:
            rails.append(g)
    rows, geoms = [], []
    for i in range(n):
        if i % RAIL_EVERY == RAIL_EVERY // 2:
            mode, geom, how = "rail", rails[(i // RAIL_EVERY) % len(rails)], "network"
        else:
            (x1, y1), (x2, y2) = rng.sample(cities, 2)
            mode, how = "air", "geodesic"
            geom = _make_geometry(split_antimeridian(great_circle(x1, y1, x2, y2)))
        rows.append({"mode": mode, "name": f"Route {i}", "status": rng.choice(STATUSES),
                     "stops": [], "via_countries": [], "geometry_source": how,
                     "sentence": f"Route {i} links two places.", "source": "bench-maps",
                     "date": f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-01",
                     "title": "Map benchmark", "weight": 1, "sources": ["bench-maps"]})
        geoms.append(geom)
    return gpd.GeoDataFrame([{k: r.get(k) for k in CORRIDOR_COLUMNS} for r in rows],
                            columns=CORRIDOR_COLUMNS, geometry=geoms, crs="EPSG:4326")


# --------------------------------------------------------------------------- building


def _pydeck_html(frame, path: Path) -> None:
    import pydeck as pdk
    import shapely

    colors = {"air": [123, 63, 160], "rail": [59, 59, 59]}
    parts, idx = shapely.get_parts(frame.geometry.values, return_index=True)
    data = [{"path": shapely.get_coordinates(g).tolist(), "name": frame["name"].iat[i],
             "mode": frame["mode"].iat[i], "status": frame["status"].iat[i],
             "color": colors.get(frame["mode"].iat[i], [0, 0, 0])}
            for g, i in zip(parts, idx)]
    layer = pdk.Layer("PathLayer", data=data, get_path="path", get_color="color",
                      width_units="pixels", get_width=2, pickable=True)
    deck = pdk.Deck(layers=[layer], map_style=None,
                    initial_view_state=pdk.ViewState(latitude=35, longitude=50, zoom=2),
                    tooltip={"text": "{name} ({mode}, {status})"})
    deck.to_html(str(path), offline=True, open_browser=False, notebook_display=False)


def _build(who: str, frame_path: str, n: int, out: str) -> None:
    """Child process: warm up on 10 corridors, then build ``n`` and print the seconds."""
    frame = pickle.loads(Path(frame_path).read_bytes()).iloc[:n]

    def run(sub, path):
        if who == "pydeck":
            _pydeck_html(sub, Path(path))
            return
        from geo.export import save_html
        from geo.maps import corridor_map

        import inspect

        renderer = "deck" if who == "deck" else "leaflet"
        # a checkout from before the renderers (--before) draws with Leaflet only
        kw = {"renderer": renderer} if "renderer" in inspect.signature(corridor_map).parameters else {}
        save_html(corridor_map(sub, offline=True, **kw), path, offline=True)

    with tempfile.TemporaryDirectory() as tmp:
        run(frame.iloc[:10], str(Path(tmp) / "warm.html"))
    t0 = time.perf_counter()
    run(frame, out)
    secs = time.perf_counter() - t0
    # VmHWM: this process's own peak (ru_maxrss from wait4 carries the parent's peak over
    # the fork and exec)
    status = Path("/proc/self/status").read_text()
    hwm = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    print(json.dumps({"build": secs, "rss": hwm * 1024}))


def build(who: str, frame_path: Path, n: int, out: Path, src: Path) -> dict:
    """Build in a fresh process; its peak RSS is the child's own (``VmHWM``)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--_build", who,
                                 str(frame_path), str(n), str(out)], env=env, stdout=fo, stderr=fe)
        _, status, _ = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        stdout, stderr = fo.read(), fe.read()
    if proc.returncode:
        raise RuntimeError(f"{who} build of {n} failed: {stderr[-800:]}")
    res = json.loads(stdout.strip().splitlines()[-1])
    res["bytes"] = out.stat().st_size
    return res


# --------------------------------------------------------------------------- loading

#: a canvas at its full size: deck.gl draws a first frame into the canvas's default 300 x 150
#: and draws the map again when it sees the real size, so the first frame is not the map
_SIZED = ("(c => c && c.width > 0 && Math.abs(c.width - c.clientWidth * devicePixelRatio) <= 1.5"
          " && Math.abs(c.height - c.clientHeight * devicePixelRatio) <= 1.5)"
          "(document.querySelector('canvas'))")
_READY = {
    "leaflet": "() => document.readyState === 'complete'",
    "deck": f"() => document.documentElement.dataset.caDrawn && {_SIZED}",
    "pydeck": f"() => document.readyState === 'complete' && {_SIZED}",
}
#: two animation frames, then every canvas's pixels read back (one pixel: the browser
#: finishes the drawing it has queued, software WebGL can be seconds behind the frames)
_PAINTED = ("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {"
            " for (const c of document.querySelectorAll('canvas')) {"
            "  const g = c.getContext('webgl2') || c.getContext('webgl');"
            "  if (g) { g.readPixels(0, 0, 1, 1, g.RGBA, g.UNSIGNED_BYTE, new Uint8Array(4)); continue; }"
            "  const x = c.getContext('2d'); if (x) { x.getImageData(0, 0, 1, 1); } }"
            " r(performance.now()); })))")


def _empty_cdn(route):
    if route.request.url.startswith("file:"):
        route.continue_()
        return
    ctype = "text/css" if ".css" in route.request.url else "application/javascript"
    route.fulfill(status=200, body="", content_type=ctype)


class NotDrawn(RuntimeError):
    """The page did not draw within ``LOAD_TIMEOUT_MS``."""


def load_once(browser, path: Path, who: str) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return _load_once(browser, path, who)
    except PlaywrightTimeout as exc:
        raise NotDrawn(f"not drawn within {LOAD_TIMEOUT_MS / 60e3:.0f} min") from exc


def _load_once(browser, path: Path, who: str) -> dict:
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        requests: list[str] = []
        if who == "pydeck":
            ctx.route("**/*", _empty_cdn)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(_READY[who], timeout=LOAD_TIMEOUT_MS, polling=50)
        if who == "deck" and page.evaluate("document.documentElement.dataset.caDrawn") != "1":
            errors.append("deck.gl did not draw (no WebGL?)")
        painted = page.evaluate(_PAINTED) / 1e3
        other = [u for u in requests if not u.startswith("file:")]
        return {"s": painted, "errors": errors, "requests": len(other)}
    finally:
        ctx.close()


_WARM_PAGE = ("<!DOCTYPE html><canvas id=c width=64 height=64></canvas><script>"
              "var g = document.getElementById('c').getContext('webgl2'); g.clearColor(1, 0, 0, 1);"
              " g.clear(g.COLOR_BUFFER_BIT); g.readPixels(0, 0, 1, 1, g.RGBA, g.UNSIGNED_BYTE,"
              " new Uint8Array(4));</script>")


def warm_browser(browser) -> None:
    """One untimed page with a WebGL canvas: the browser's GPU process starts (SwiftShader
    sets itself up once a browser), so the first timed load is not also the browser's first."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        page.set_content(_WARM_PAGE)
        page.evaluate(_PAINTED)
    finally:
        ctx.close()


def load_median(browser, path: Path, who: str, reps: int) -> dict:
    runs = [load_once(browser, path, who) for _ in range(reps)]
    times = [r["s"] for r in runs]
    return {"s": statistics.median(times), "min": min(times), "max": max(times),
            "errors": sorted({e for r in runs for e in r["errors"]})[:3],
            "requests": max(r["requests"] for r in runs)}


# --------------------------------------------------------------------------- main


def _auto(n: int) -> str:
    """The renderer ``corridor_map(..., renderer="auto")`` draws ``n`` corridors with."""
    try:
        from geo.maps_deck import DECK_THRESHOLD
    except ImportError:
        DECK_THRESHOLD = 5_000
    return "deck" if n >= DECK_THRESHOLD else "leaflet"


def _verdict(n: int, who: str, row: dict) -> str:
    """The targets hold for the renderer each size gets by default (``renderer="auto"``)."""
    t = TARGETS.get(n)
    if not t or who != _auto(n):
        return ""
    got = (row["build"], row["bytes"] / MB, row["load"]["s"], row["rss"] / 1e9)
    misses = [name for name, lim, v in zip(("build", "MB", "frame", "RSS"), t, got)
              if lim is not None and not v <= lim]
    return "auto: " + ("OK" if not misses else "OVER: " + ", ".join(misses))


def _table_row(n: int, who: str, r: dict) -> list[str]:
    """One row of the printed table; "-" where a step did not run (the note says why)."""
    ld = r.get("load")
    frame_s = "-"
    if ld:
        frame_s = f"{ld['s']:.2f}" + (f" ({ld['min']:.2f}-{ld['max']:.2f})" if ld["min"] != ld["max"] else "")
    build_s = f"{r['build']:.2f}" if "build" in r else "-"
    mb = f"{r['bytes'] / MB:.1f}" if "bytes" in r else "-"
    rss = f"{r['rss'] / 1e9:.2f}" if "rss" in r else "-"
    note = "; ".join(x for x in (_verdict(n, who, r) if ld else "", r.get("note", "")) if x)
    return [f"{n:,}", who, build_s, mb, frame_s, rss, str(ld["requests"]) if ld else "-", note]


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--_build":
        _build(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", help="corridor counts (default 1000 10000 100000)")
    ap.add_argument("--renderers", nargs="+", choices=RENDERERS, default=list(RENDERERS))
    ap.add_argument("--reps", type=int, default=3, help="loads per map below 100,000 (median)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep the HTML files in this folder")
    ap.add_argument("--before", type=Path,
                    help="another checkout: adds its Leaflet and deck.gl rows")
    ap.add_argument("--seed-reps", type=int, default=5, help="runs of the seed map (median)")
    ap.add_argument("--skip-seed", action="store_true", help="do not time the seed map")
    args = ap.parse_args(argv)
    sizes = sorted(set(args.sizes or SIZES))

    if not args.skip_seed:
        print_seed_map(args.seed_reps)

    from playwright.sync_api import sync_playwright

    from _timing import code_version, load_line, print_table

    load0 = os.getloadavg()
    print(load_line(), flush=True)
    t = time.perf_counter()
    frame = make_corridors(sizes[-1], args.seed)
    print(f"{len(frame):,} corridors made in {time.perf_counter() - t:.1f} s: "
          f"{frame['mode'].value_counts().to_dict()}, {len(frame.get_coordinates()):,} points",
          flush=True)
    tmp_ctx = tempfile.TemporaryDirectory(prefix="bench-maps-")
    tmp = Path(tmp_ctx.name)
    out_dir = args.keep or tmp
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = {}
    for n in sizes:  # one pickle a size: a build's RSS holds only its own corridors
        frames[n] = tmp / f"corridors-{n}.pkl"
        frames[n].write_bytes(pickle.dumps(frame.iloc[:n]))
    del frame
    whos = [(w, REPO_ROOT) for w in args.renderers]
    if args.before:
        for kind in ("deck", "leaflet"):
            if kind in args.renderers:
                at = next(i for i, (w, _) in enumerate(whos) if w == kind)
                whos.insert(at, (f"{kind} (before)", args.before.resolve()))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm_browser(browser)
            for n in sizes:
                for who, src in whos:
                    kind = who.split()[0]
                    path = out_dir / f"{kind}{'-before' if src != REPO_ROOT else ''}-{n}.html"
                    print(f"{n:,} corridors, {who}: building...", flush=True)
                    try:
                        row = build(kind, frames[n], n, path, src)
                    except RuntimeError as exc:
                        print(f"  {exc}", flush=True)
                        rows.append((n, who, {"note": "build failed: " + str(exc).splitlines()[-1][:80]}))
                        continue
                    print(f"  {row['bytes'] / MB:.1f} MB in {row['build']:.2f} s, peak RSS "
                          f"{row['rss'] / 1e9:.2f} GB; loading...", flush=True)
                    if row["bytes"] > MAX_LOAD_BYTES:
                        row["note"] = (f"not loaded: over {MAX_LOAD_BYTES / MB:.0f} MB, and its data is "
                                       "one script, longer than a V8 string can be")
                        print(f"  {row['note']}", flush=True)
                        rows.append((n, who, row))
                        if not args.keep:
                            path.unlink(missing_ok=True)
                        continue
                    once = n >= 100_000 or (kind == "pydeck" and n >= PYDECK_ONCE)
                    try:
                        row["load"] = load_median(browser, path, kind, 1 if once else args.reps)
                    except NotDrawn as exc:
                        row["note"] = str(exc)
                        print(f"  {exc}", flush=True)
                        rows.append((n, who, row))
                        continue
                    finally:
                        if not args.keep and row["bytes"] > 50 * MB:
                            path.unlink(missing_ok=True)  # pydeck's pages: hundreds of MB
                    print(f"  first frame {row['load']['s']:.2f} s", flush=True)
                    if row["load"]["errors"]:
                        print(f"  console errors: {row['load']['errors']}", flush=True)
                    rows.append((n, who, row))
            version = browser.version
        finally:
            browser.close()
    print(f"\nHeadless Chromium {version}, software WebGL (SwiftShader), 1280x720; first "
          f"frame: median of {args.reps} loads (range), 100,000 and pydeck from "
          f"{PYDECK_ONCE:,}: one load; MB = 10^6 bytes; peak RSS of the building process; "
          f"code {code_version()}\n")
    print_table([_table_row(n, who, r) for n, who, r in rows],
                ["corridors", "renderer", "build s", "MB", "first frame s", "peak RSS GB",
                 "requests", "target / note"])
    print(f"\nload average at the start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}; at the end, "
          + load_line().replace("load average now: ", ""))
    print("Targets (for the renderer renderer='auto' picks): 100,000 build <= 20 s, <= 40 MB, "
          "first frame <= 5 s, RSS <= 2 GB; 10,000 <= 3 s build, <= 8 MB, <= 3 s first frame; "
          "1,000 first frame <= 1 s.")
    tmp_ctx.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
