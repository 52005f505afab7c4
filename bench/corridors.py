"""Corridor benchmark: ``geo.corridors.route_from_stops`` for air and rail, and
``geo.extract`` + ``Extraction.routes_frame()`` on one article.

What is measured
----------------
All timings are wall-clock ``time.perf_counter`` in one warm process: the gazetteer, the
airport table, the country polygons, the rail network and the text-matching automaton are
loaded by untimed warm-up calls first. Stops are resolved *outside* the timed region.
Each case is repeated ``--reps`` times (default 3) on the same stops; the median is
reported with min and max (wall clock) and the median process CPU time (``cpu s``, which
other busy processes on the machine inflate much less than the wall clock). Routes that come back without geometry (``reason`` set) are
counted in the "undrawn" column: they are timed like the others.

Air (``route_from_stops("air", [a, b])``), random pairs with distinct ends, fixed seed:

* *airport points*: a pool of 300 large airports from ``airportsdata.load("IATA")``
  (IATA and ICAO code, "International" in the name, one per city), passed as
  ``(lon, lat)`` tuples. Each stop becomes a point Place (``country_at``); since commit
  9c05494 the great circle starts at those coordinates (before, each point was first
  snapped to a main airport by ``geo.airports.main_airport``, the costly step).
* *city Places*: the 300 most populous cities of the gazetteer, each resolved once up front
  with ``geo.geocode(name, country=...)`` and passed as :class:`geo.Place` objects; each
  is snapped to its main airport (``geo.airports.main_airport``) in the timed region.

Both with ``countries=False`` (geometry and geodesic length only) on ``--air`` routes
(default 10,000), and with ``countries=True`` (adds ``via_countries``) on the first
``--air-countries`` of them (default 1,000).

Rail (``route_from_stops("rail", [a, b])``): ``--rail`` random pairs (default 1,000) of
distinct stations of the curated network (``geo.networks.rail_network()``), passed as
``(lon, lat)`` tuples of the station coordinates; ``countries=False``, and
``countries=True`` on the first ``--rail-countries`` (default 200). The network memoises
shortest paths per (from, to) pair, so its path cache is emptied before every repetition;
each repetition therefore routes every pair afresh, as the first one would. The search
runs on the routing graph contracted to its junctions (``geo._contracted``), built on the
first route; the time to build it for the operational links (median of ``--reps``) is
printed under the anchors.

Extraction: ``geo.extract(text)`` and ``.routes_frame()`` (which routes every route of the
article with ``countries=True``) on ``data/articles/iran-kyrgyzstan.txt``, median of 5
after one warm-up call (whose time, automaton and polygon loading included, is printed
for information).

``--profile`` adds a cProfile summary (top 10 functions by tottime) of one run of each
air and rail case, after the timing table.

Targets
-------
* 10,000 air routes (``countries=False``) in under **1 s**;
* 1,000 rail routes (``countries=False``) in under **2 s**.

Usage
-----
::

    .venv/bin/python bench/corridors.py
    .venv/bin/python bench/corridors.py --quick
    .venv/bin/python bench/corridors.py --quick --profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from _timing import code_version, load_line, print_table  # noqa: E402  (bench/ is on sys.path)

ARTICLE = REPO_ROOT / "data" / "articles" / "iran-kyrgyzstan.txt"
AIR_TARGET = (10_000, 1.0)    # routes, seconds
RAIL_TARGET = (1_000, 2.0)
POOL_SIZE = 300


# --------------------------------------------------------------------------- stop pools


def airport_pool(n: int, rng: random.Random) -> list[tuple[float, float]]:
    """``n`` large airports as (lon, lat): IATA + ICAO code, "International", one per city."""
    import airportsdata

    seen, rows = set(), []
    for code, a in sorted(airportsdata.load("IATA").items()):
        icao = a.get("icao") or ""
        if not (len(icao) == 4 and icao.isalpha() and "international" in a["name"].lower()):
            continue
        city = (a.get("city") or a["name"], a["country"])
        if city in seen:
            continue
        seen.add(city)
        rows.append((float(a["lon"]), float(a["lat"])))
    return rng.sample(rows, n)


def city_pool(n: int):
    """The ``n`` most populous cities of the gazetteer, resolved by name with geo.geocode."""
    import geo
    from geo.gazetteer import default_gazetteer

    recs = sorted(default_gazetteer().places_in("city"), key=lambda r: (-r.population, r.id))
    places, names = [], set()
    for r in recs:
        if r.name in names:
            continue
        names.add(r.name)
        places.append(geo.geocode(r.name, country=r.country))
        if len(places) == n:
            break
    return places


def random_pairs(pool, n: int, rng: random.Random):
    return [rng.sample(pool, 2) for _ in range(n)]


# --------------------------------------------------------------------------- timing


def _run(mode, pairs, countries, before=None):
    from geo.corridors import route_from_stops

    if before:
        before()
    undrawn = 0
    c0, t = time.process_time(), time.perf_counter()
    for stops in pairs:
        c = route_from_stops(mode, stops, countries=countries)
        undrawn += c.geometry is None
    return time.perf_counter() - t, time.process_time() - c0, undrawn


def time_case(label, mode, pairs, countries, reps, before=None, target=None) -> dict:
    times, cpu, undrawn = [], [], 0
    for _ in range(reps):
        s, c, undrawn = _run(mode, pairs, countries, before)
        times.append(s)
        cpu.append(c)
    med = statistics.median(times)
    row = {"label": label, "n": len(pairs), "s": med, "rate": len(pairs) / med,
           "ms": med / len(pairs) * 1e3, "min": min(times), "max": max(times),
           "cpu": statistics.median(cpu), "undrawn": undrawn, "target": ""}
    if target is not None:
        t_n, t_s = target
        scaled = med * t_n / len(pairs)
        verdict = "OK" if scaled < t_s else "OVER"
        row["target"] = (f"{t_n:,} in < {t_s:g} s: {verdict}" if t_n == len(pairs) else
                         f"{t_n:,} in < {t_s:g} s: {verdict} (~{scaled:.1f} s scaled)")
    print(f"  {label}: {med:.3f} s", flush=True)
    return row


def profile_case(label, mode, pairs, countries, before=None, top: int = 10) -> str:
    if before:
        before()
    from geo.corridors import route_from_stops

    prof = cProfile.Profile()
    prof.enable()
    for stops in pairs:
        route_from_stops(mode, stops, countries=countries)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    text = buf.getvalue()
    # keep the header line with the totals and the table
    lines = [ln for ln in text.splitlines() if ln.strip()]
    keep = [ln for ln in lines if "function calls" in ln]
    start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
    keep += lines[start:]
    return f"--- {label} ({len(pairs):,} routes) ---\n" + "\n".join(keep)


def bench_extract(reps: int) -> dict:
    import geo

    text = ARTICLE.read_text(encoding="utf-8")
    t = time.perf_counter()
    ex = geo.extract(text, source=ARTICLE.name)
    frame = ex.routes_frame()
    first = time.perf_counter() - t
    t_ex, t_fr, t_all = [], [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        ex = geo.extract(text, source=ARTICLE.name)
        t1 = time.perf_counter()
        frame = ex.routes_frame()
        t2 = time.perf_counter()
        t_ex.append(t1 - t0)
        t_fr.append(t2 - t1)
        t_all.append(t2 - t0)
    return {"first": first, "extract": t_ex, "frame": t_fr, "total": t_all,
            "places": len(ex.places), "routes": len(frame),
            "summary": [(r.mode, r.name, r.length_km, list(r.via_countries), r.geometry_source)
                        for r in frame.itertuples()]}


# --------------------------------------------------------------------------- anchors


def bare_great_circles(pairs) -> float:
    """Seconds for a bare ``pyproj.Geod.npts`` loop over the pairs (a point per 50 km)."""
    import math

    from geo.networks import GEOD

    t = time.perf_counter()
    for (x1, y1), (x2, y2) in pairs:
        d = GEOD.inv(x1, y1, x2, y2)[2]
        GEOD.npts(x1, y1, x2, y2, max(1, int(math.ceil(d / 50_000.0)) - 1))
    return time.perf_counter() - t


def bare_shortest_paths(net, node_pairs) -> float:
    """CPU seconds for bare ``nx.shortest_path`` over the operational links (the graph our
    routing searches), between the same stations."""
    import networkx as nx

    g = net._routing_graph(False)
    c = time.process_time()
    for a, b in node_pairs:
        try:
            nx.shortest_path(g, a, b, weight="length_km")
        except nx.NetworkXNoPath:
            pass
    return time.process_time() - c


def contraction_build(net, reps: int):
    """The operational routing graph contracted to its junctions, and the median
    seconds to build it (what the first rail route pays once)."""
    from geo._contracted import Contracted

    g = net._routing_graph(False)
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        got = Contracted(g)
        times.append(time.perf_counter() - t)
    return got, statistics.median(times)


# --------------------------------------------------------------------------- report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="smaller counts: 1,000 air (100 with countries), 200 rail (50)")
    ap.add_argument("--air", type=int, help="air routes (default 10,000; quick 1,000)")
    ap.add_argument("--air-countries", type=int, help="air routes with countries=True "
                    "(default 1,000; quick 100)")
    ap.add_argument("--rail", type=int, help="rail routes (default 1,000; quick 200)")
    ap.add_argument("--rail-countries", type=int, help="rail routes with countries=True "
                    "(default 200; quick 50)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per case (default 3)")
    ap.add_argument("--extract-reps", type=int, default=5, help="repetitions (default 5)")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--profile", action="store_true",
                    help="also print cProfile top 10 (tottime) of each air and rail case")
    args = ap.parse_args(argv)
    for name in ("air", "air_countries", "rail", "rail_countries", "reps", "extract_reps"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1")
    n_air = args.air or (1_000 if args.quick else 10_000)
    n_air_c = min(args.air_countries or (100 if args.quick else 1_000), n_air)
    n_rail = args.rail or (200 if args.quick else 1_000)
    n_rail_c = min(args.rail_countries or (50 if args.quick else 200), n_rail)

    t_setup = time.perf_counter()
    import geo
    import geo.extraction  # noqa: F401  (import every stage now: the code is fixed at start)
    from geo.corridors import route_from_stops
    from geo.gazetteer import index_path
    from geo.networks import rail_network

    rng = random.Random(args.seed)
    airports = airport_pool(POOL_SIZE, rng)
    cities = city_pool(POOL_SIZE)
    air_pts = random_pairs(airports, n_air, rng)
    air_places = random_pairs(cities, n_air, rng)
    net = rail_network()
    stations = sorted(net.graph.nodes)
    rail_nodes = random_pairs(stations, n_rail, rng)
    rail_pairs = [[(net.graph.nodes[n]["lon"], net.graph.nodes[n]["lat"]) for n in pair]
                  for pair in rail_nodes]

    def clear_paths():
        # Network.shortest_path memoises per (a, b, allow_unbuilt): start every rep empty.
        getattr(net, "_paths", {}).clear()

    # Warm-up: gazetteer, airport table, country polygons + STRtree, rail network.
    for stops in (air_pts[0], air_places[0]):
        route_from_stops("air", stops, countries=True)
    route_from_stops("rail", rail_pairs[0], countries=True)
    clear_paths()
    setup = time.perf_counter() - t_setup

    print(f"code: {code_version()}; index: {index_path()}")
    print(f"setup (imports, pools, warm-up; untimed): {setup:.1f} s; seed {args.seed}; "
          f"pools: {len(airports)} airports, {len(cities)} cities, {len(stations)} stations")
    print(f"timing (median of {args.reps}) ...", flush=True)
    rows = [
        time_case("air, airport points, countries=False", "air", air_pts, False, args.reps,
              target=AIR_TARGET),
        time_case("air, city Places, countries=False", "air", air_places, False, args.reps,
              target=AIR_TARGET),
        time_case("air, airport points, countries=True", "air", air_pts[:n_air_c], True, args.reps),
        time_case("air, city Places, countries=True", "air", air_places[:n_air_c], True, args.reps),
        time_case("rail, station points, countries=False", "rail", rail_pairs, False, args.reps,
              before=clear_paths, target=RAIL_TARGET),
        time_case("rail, station points, countries=True", "rail", rail_pairs[:n_rail_c], True,
              args.reps, before=clear_paths),
    ]
    gc = statistics.median(bare_great_circles(air_pts) for _ in range(args.reps))
    gc_c = statistics.median(bare_great_circles(air_pts[:n_air_c]) for _ in range(args.reps))
    air_c = time_case("air, airport points, countries=False (the countries=True set)", "air",
                  air_pts[:n_air_c], False, args.reps)
    sp = statistics.median(bare_shortest_paths(net, rail_nodes) for _ in range(args.reps))
    contracted, build_s = contraction_build(net, args.reps)
    print(f"extract + routes_frame (median of {args.extract_reps}) ...", flush=True)
    ex = bench_extract(args.extract_reps)

    print()
    print(f"route_from_stops, median of {args.reps} repetitions")
    print_table([[r["label"], f"{r['n']:,}", r["undrawn"], f"{r['s']:.3f}", f"{r['min']:.3f}",
             f"{r['max']:.3f}", f"{r['cpu']:.3f}", f"{r['rate']:,.0f}", f"{r['ms']:.2f}",
             r["target"]] for r in rows],
           ["case", "routes", "undrawn", "median s", "min s", "max s", "cpu s", "routes/s",
            "ms/route", "target"])
    print(f"  {load_line()}")

    print()
    print("against plain library calls in the same run (issue 13's anchors)")
    via_ms = (rows[2]["s"] - air_c["s"]) / n_air_c * 1e3
    print_table([
        [f"{n_air:,} air routes, countries=False", f"{rows[0]['s']:.3f} s",
         f"bare pyproj Geod.npts loop {gc:.3f} s", f"{rows[0]['s'] / gc:.1f}x", "-"],
        [f"{n_air_c:,} air routes, countries=True", f"{rows[2]['s']:.3f} s",
         f"great circles alone {gc_c:.3f} s", f"{rows[2]['s'] / gc_c:.1f}x",
         f"via-countries {via_ms:.2f} ms/route (target <= 1)"],
        [f"{n_rail:,} rail routes, countries=False", f"{rows[4]['cpu']:.3f} s cpu",
         f"bare nx.shortest_path {sp:.3f} s cpu", f"{rows[4]['cpu'] / sp:.2f}x", "target <= 2x"],
    ], ["case", "ours", "anchor", "ratio", "note"])
    print(f"  rail search graph: {contracted.n_kept} junctions and ends, {contracted.n_chains} "
          f"chains for {len(net._routing_graph(False))} stations; built on the first route in "
          f"{build_s * 1e3:.2f} ms (median of {args.reps}), not at load")

    print()
    print(f"geo.extract + routes_frame() on {ARTICLE.relative_to(REPO_ROOT)} "
          f"({ex['places']} places, {ex['routes']} routes), median of {args.extract_reps}")
    print_table([[label, f"{statistics.median(ex[k]) * 1e3:.1f}", f"{min(ex[k]) * 1e3:.1f}",
             f"{max(ex[k]) * 1e3:.1f}"]
            for k, label in (("extract", "geo.extract"), ("frame", "routes_frame()"),
                             ("total", "total"))],
           ["", "median ms", "min ms", "max ms"])
    print(f"  first call in this process (loads the text automaton): {ex['first']:.2f} s")
    for mode, name, length, via, source in ex["summary"]:
        length = "-" if length is None or length != length else f"{length:.0f} km"
        print(f"  route: {mode:5s} {str(name) if name == name else '':35s} {length:>8s}  "
              f"{'-'.join(via):20s} {source}")

    if args.profile:
        print()
        print("cProfile, one run of each case, top 10 by tottime")
        cases = [
            ("air, airport points, countries=False", "air", air_pts, False, None),
            ("air, city Places, countries=False", "air", air_places, False, None),
            ("air, city Places, countries=True", "air", air_places[:n_air_c], True, None),
            ("rail, station points, countries=False", "rail", rail_pairs, False, clear_paths),
            ("rail, station points, countries=True", "rail", rail_pairs[:n_rail_c], True,
             clear_paths),
        ]
        for label, mode, pairs, countries, before in cases:
            print()
            print(profile_case(label, mode, pairs, countries, before), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
