"""Gazetteer benchmark: cold start, warm lookup rate and ``geo.geocode_all`` throughput.

What is measured
----------------
(a) Cold start, index load included.
    The wall-clock time of ``import geo`` plus the first ``geo.geocode('Bandar Abbas')`` in
    a *fresh* Python process, measured inside that process with ``time.perf_counter``::

        python -c "import time; t=time.perf_counter(); import geo; \\
                   geo.geocode('Bandar Abbas'); print(time.perf_counter()-t)"

    Interpreter start-up itself is not included (the timer starts in the child). One
    subprocess runs first to make sure the offline index exists in the cache folder; its
    time is reported on its own as "first build or warm-up" (about 15 s when it has to
    build the index, otherwise a normal cold start with a cold OS file cache). Then
    ``--runs`` subprocesses (default 7) run one after another; median, min and max are
    reported.

(b) Lookups per second in a warm process.
    :data:`KNOWN` holds ~230 varied names that resolve: cities of Central Asia, Iran, the
    Caucasus and the wider region, world capitals, countries, aliases and old names
    ("U.S.", "Frunze", "Persia"), demonyms ("Kyrgyz"), and IATA / ICAO / ISO codes
    ("IKA", "UCFM", "KGZ"). :data:`UNKNOWN` holds 20 invented names that raise
    :class:`geo.PlaceNotFoundError`; that error path includes the fuzzy "Did you mean"
    suggestions (a rapidfuzz scan over every name key of the index), so it is timed
    separately. After an untimed warm-up pass over each list, one repetition is
    ``--passes`` passes over the known list (default 10) or one pass over the unknown
    list; the median of ``--reps`` repetitions (default 5) is reported.

    ``Gazetteer.candidates`` caches its answer per name key inside the process, so
    repeated names are cache hits. A third row therefore looks every known name up once
    against a *new* ``Gazetteer`` object (empty cache, same index file, warm OS page
    cache), which runs the SQLite query each time. The very first unknown name of the
    process also builds the suggestion list; that one call is reported on its own.

(c) ``geo.geocode_all`` throughput on 1,000 names: the known list cycled to 1,000 names,
    and separately the known and unknown lists together cycled to 1,000 names (~8 %
    unknown), each the median of ``--reps-all`` repetitions (default 3) after a warm-up
    call (which imports geopandas).

Every name is checked once before timing: a "known" name that raises, or an "unknown" one
that resolves, is reported and moved to the other list.

Target
------
Cold start (import + first lookup, index already cached) under **1.0 s**.

Usage
-----
::

    .venv/bin/python bench/gazetteer.py
    .venv/bin/python bench/gazetteer.py --runs 3 --passes 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from _timing import code_version, load_line, print_table  # noqa: E402  (bench/ is on sys.path)

COLD_TARGET_S = 1.0
COLD_SNIPPET = ("import time; t=time.perf_counter(); import geo; geo.geocode('Bandar Abbas'); "
                "print(time.perf_counter()-t)")

KNOWN = [
    # Central Asia and western China
    "Bishkek", "Osh", "Jalal-Abad", "Karakol", "Naryn", "Tokmok", "Balykchy", "Talas",
    "Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Aktau", "Atyrau", "Taraz",
    "Semey", "Pavlodar", "Kyzylorda", "Turkistan", "Khorgos",
    "Tashkent", "Samarkand", "Bukhara", "Khiva", "Andijan", "Namangan", "Fergana", "Nukus",
    "Termez", "Qarshi", "Navoiy",
    "Dushanbe", "Khujand", "Kulob", "Bokhtar", "Khorog",
    "Ashgabat", "Turkmenbashi", "Mary", "Turkmenabat", "Dashoguz", "Serakhs",
    "Kabul", "Herat", "Kandahar", "Mazar-i-Sharif", "Hairatan", "Kunduz", "Jalalabad",
    "Kashgar", "Urumqi", "Lanzhou", "Xi'an", "Yiwu",
    # Iran (with spelling variants)
    "Tehran", "Bandar Abbas", "Bandar-e Abbas", "Mashhad", "Isfahan", "Esfahan", "Shiraz",
    "Tabriz", "Qom", "Karaj", "Ahvaz", "Kerman", "Yazd", "Rasht", "Bandar Anzali", "Astara",
    "Chabahar", "Zahedan", "Sarakhs", "Gorgan", "Qazvin", "Urmia", "Bushehr", "Incheh Borun",
    "Ardabil", "Hamadan", "Kermanshah", "Zanjan", "Sari",
    # Caucasus, Turkey, Russia, Pakistan
    "Baku", "Ganja", "Sumgait", "Nakhchivan", "Alat", "Tbilisi", "Batumi", "Kutaisi", "Poti",
    "Akhalkalaki", "Yerevan", "Gyumri", "Kars", "Erzurum", "Ankara", "Istanbul", "Mersin",
    "Makhachkala", "Astrakhan", "Derbent", "Volgograd", "Moscow", "Saint Petersburg",
    "Novosibirsk", "Karachi", "Lahore", "Islamabad", "Peshawar", "Quetta", "Gwadar",
    # world capitals and large cities
    "London", "Paris", "Berlin", "Madrid", "Rome", "Vienna", "Warsaw", "Kyiv", "Minsk",
    "Beijing", "Shanghai", "Tokyo", "Seoul", "New Delhi", "Mumbai", "Dhaka", "Bangkok",
    "Jakarta", "Manila", "Hanoi", "Riyadh", "Dubai", "Abu Dhabi", "Doha", "Muscat",
    "Baghdad", "Damascus", "Beirut", "Amman", "Cairo", "Nairobi", "Addis Ababa", "Lagos",
    "Johannesburg", "Washington", "New York", "Los Angeles", "Mexico City", "Bogota",
    "Lima", "Buenos Aires", "Sao Paulo", "Canberra", "Sydney", "Ottawa", "Toronto",
    # countries
    "Kyrgyzstan", "Kazakhstan", "Uzbekistan", "Tajikistan", "Turkmenistan", "Afghanistan",
    "Iran", "Azerbaijan", "Georgia", "Armenia", "Turkey", "Russia", "China", "Pakistan",
    "India", "Germany", "France", "Japan", "Brazil", "Egypt",
    # aliases and former names
    "U.S.", "USA", "United States of America", "UK", "Great Britain", "UAE", "Frunze",
    "Alma-Ata", "Leninabad", "Krasnovodsk", "Persia", "Kirghizia", "Bombay", "Peking",
    "Türkiye", "Islamic Republic of Iran", "Russian Federation", "Tiflis",
    # demonyms
    "Kyrgyz", "Kazakh", "Uzbek", "Tajik", "Turkmen", "Afghan", "Iranian", "Azerbaijani",
    "Georgian", "Armenian", "Turkish", "Russian", "Chinese", "Pakistani", "American",
    # IATA, ICAO and ISO codes
    "IKA", "THR", "FRU", "TAS", "ALA", "GYD", "TBS", "EVN", "DYU", "ASB", "UCFM", "OIII",
    "KG", "IR", "KGZ", "IRN",
]

UNKNOWN = [
    "Qwertabad", "Zzyzxgrad", "Blorkistan", "Xyzzyville", "Flumpetown", "Narnia Central",
    "Vrrkt", "Glorbenshire", "Tehrnistanabad", "Bishkekovograd", "Quuxopolis",
    "Plonkabad", "Snarfield Junction", "Ozymandiaskent", "Wumpus-e Sharif",
    "Kryptonopolis", "Zarglestan", "Mxyzptlk", "Gondwanagrad", "Ruritania",
]


# --------------------------------------------------------------------------- (a) cold start


def _cold_once(python: str) -> float:
    out = subprocess.run([python, "-c", COLD_SNIPPET], cwd=REPO_ROOT, capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"cold-start subprocess failed (exit {out.returncode}):\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def bench_cold(runs: int, python: str) -> dict:
    warm_up = _cold_once(python)  # builds the index if it is missing
    times = [_cold_once(python) for _ in range(runs)]
    return {"warm_up": warm_up, "times": times, "median": statistics.median(times),
            "min": min(times), "max": max(times)}


# --------------------------------------------------------------------------- (b) warm lookups


def _classify(geo, known, unknown):
    """Check each name once; return (known, unknown, misfiled)."""
    k_ok, u_ok, misfiled = [], [], []
    for name in known:
        try:
            geo.geocode(name)
            k_ok.append(name)
        except geo.PlaceNotFoundError:
            u_ok.append(name)
            misfiled.append(f"{name!r} (listed as known) raises PlaceNotFoundError")
    for name in unknown:
        try:
            p = geo.geocode(name)
            k_ok.append(name)
            misfiled.append(f"{name!r} (listed as unknown) resolves to {p.id}")
        except geo.PlaceNotFoundError:
            u_ok.append(name)
    return k_ok, u_ok, misfiled


def _pass_known(geo, names, passes):
    geocode = geo.geocode
    t = time.perf_counter()
    for _ in range(passes):
        for name in names:
            geocode(name)
    return time.perf_counter() - t


def _pass_unknown(geo, names):
    geocode, err = geo.geocode, geo.PlaceNotFoundError
    t = time.perf_counter()
    for name in names:
        try:
            geocode(name)
        except err:
            pass
    return time.perf_counter() - t


def first_unknown_lookup(geo, name) -> float:
    """Time the first unknown name of the process: it builds the suggestion list."""
    geo.geocode("Tehran")  # opens the index
    t = time.perf_counter()
    try:
        geo.geocode(name)
    except geo.PlaceNotFoundError:
        pass
    return time.perf_counter() - t


def bench_warm(geo, known, unknown, *, passes: int, reps: int) -> dict:
    from geo.gazetteer import Gazetteer, index_path

    _pass_known(geo, known, 1)  # warm-up: SQLite pages, fold cache, candidate cache
    _pass_unknown(geo, unknown)
    k_times = [_pass_known(geo, known, passes) for _ in range(reps)]
    u_times = [_pass_unknown(geo, unknown) for _ in range(reps)]
    # Each distinct name once against a new Gazetteer: its per-key candidate cache is
    # empty, so every lookup runs the SQLite query (the OS page cache is warm).
    path = index_path()
    f_times = []
    for _ in range(reps):
        gaz = Gazetteer(path)
        gaz.candidates("tehran")  # open the connection outside the timed loop
        t = time.perf_counter()
        for name in known:
            geo.geocode(name, gazetteer=gaz)
        f_times.append(time.perf_counter() - t)
    n_k, n_u, n_f = len(known) * passes, len(unknown), len(known)

    def row(n, times):
        med = statistics.median(times)
        return {"n": n, "s": med, "rate": n / med, "us": med / n * 1e6,
                "spread": (min(times), max(times))}

    return {"known": row(n_k, k_times), "fresh": row(n_f, f_times),
            "unknown": row(n_u, u_times)}


# --------------------------------------------------------------------------- (c) geocode_all


def _cycle(names, n):
    return [names[i % len(names)] for i in range(n)]


def bench_geocode_all(geo, known, unknown, *, n: int, reps: int) -> list[dict]:
    geo.geocode_all(known[:5])  # warm-up: imports geopandas / shapely
    mixed = known + unknown  # cycled: the same share of unknown names as the two lists
    out = []
    for label, names in (("known names", _cycle(known, n)), ("known + unknown", _cycle(mixed, n))):
        times, frame = [], None
        for _ in range(reps):
            t = time.perf_counter()
            frame = geo.geocode_all(names)
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        n_unknown = int(frame["reason"].notna().sum())
        out.append({"label": label, "n": len(names), "unknown": n_unknown, "s": med,
                    "rate": len(names) / med, "spread": (min(times), max(times))})
    return out


# --------------------------------------------------------------------------- report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="cold-start subprocesses (default 7)")
    ap.add_argument("--passes", type=int, default=10,
                    help="passes over the known list per repetition (default 10)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions for (b) (default 5)")
    ap.add_argument("--reps-all", type=int, default=3, help="repetitions for (c) (default 3)")
    ap.add_argument("--n-all", type=int, default=1000, help="names for geocode_all (default 1000)")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter for the cold-start subprocesses (default: this one)")
    args = ap.parse_args(argv)

    print(f"python: {args.python}; code: {code_version()}")
    print(f"(a) cold start: 1 warm-up + {args.runs} fresh processes ...", flush=True)
    cold = bench_cold(args.runs, args.python)

    import geo
    from geo.gazetteer import index_path

    print(f"index: {index_path()}")
    first_unknown = first_unknown_lookup(geo, UNKNOWN[0])
    known, unknown, misfiled = _classify(geo, KNOWN, UNKNOWN)
    for m in misfiled:
        print(f"  note: {m}")
    print(f"(b) warm lookups: {len(known)} known names x {args.passes} passes, "
          f"{len(unknown)} unknown names, median of {args.reps} ...", flush=True)
    warm = bench_warm(geo, known, unknown, passes=args.passes, reps=args.reps)
    print(f"(c) geocode_all on {args.n_all} names, median of {args.reps_all} ...", flush=True)
    allres = bench_geocode_all(geo, known, unknown, n=args.n_all, reps=args.reps_all)

    print()
    print("(a) cold start: import geo + first geocode('Bandar Abbas'), fresh process")
    verdict = "OK" if cold["median"] < COLD_TARGET_S else "OVER TARGET"
    print_table([
        ["first build or warm-up", f"{cold['warm_up']:.3f}", "", "", ""],
        [f"cold start ({args.runs} runs)", f"{cold['median']:.3f}", f"{cold['min']:.3f}",
         f"{cold['max']:.3f}", f"< {COLD_TARGET_S:.1f} s: {verdict}"],
    ], ["", "median s", "min s", "max s", "target"])
    print("  runs: " + ", ".join(f"{t:.3f}" for t in cold["times"]))

    print()
    print(f"(b) warm geo.geocode, median of {args.reps} repetitions")
    labels = [("known", "known names (repeated: candidate cache hits)"),
              ("fresh", "known names, each once, new Gazetteer (SQLite)"),
              ("unknown", "unknown names (PlaceNotFoundError)")]
    print_table([[label, warm[k]["n"], f"{warm[k]['s']:.4f}", f"{warm[k]['rate']:,.1f}",
             f"{warm[k]['us']:.1f}", f"{warm[k]['spread'][0]:.4f}-{warm[k]['spread'][1]:.4f}"]
            for k, label in labels],
           ["", "lookups", "total s", "lookups/s", "us/lookup", "min-max s"])
    print(f"  first unknown name in the process (builds the suggestion list): "
          f"{first_unknown:.3f} s")
    print()
    print(f"(c) geo.geocode_all, median of {args.reps_all} repetitions")
    print_table([[r["label"], r["n"], r["unknown"], f"{r['s']:.3f}", f"{r['rate']:,.0f}",
             f"{r['spread'][0]:.3f}-{r['spread'][1]:.3f}"] for r in allres],
           ["", "names", "unknown", "total s", "names/s", "min-max s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
