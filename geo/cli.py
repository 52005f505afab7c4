"""The ``corridors`` command line (also ``python -m geo``)."""

from __future__ import annotations

import argparse
import json
import sys

from geo import __version__


def _parse_near(value: str):
    try:
        lat, lon = (float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--near {value!r}: give LAT,LON such as 42.87,74.59") from None
    return (lat, lon)


def _place_table(rows) -> str:
    cols = ["id", "name", "kind", "country", "lat", "lon", "population", "score"]
    data = [[str(r.get(c, "")) for c in cols] for r in rows]
    widths = [max(len(c), *(len(d[i]) for d in data)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(d, widths)) for d in data]
    return "\n".join(lines)


def cmd_geocode(args) -> int:
    from geo._errors import PlaceNotFoundError, ProviderError
    from geo.geocoding import geocode

    try:
        place = geocode(args.name, country=args.country, near=args.near, kind=args.kind,
                        provider=args.provider, extra_places=args.places)
    except PlaceNotFoundError as exc:
        print(f"corridors geocode: {exc}", file=sys.stderr)
        return 1
    except (ValueError, ProviderError, FileNotFoundError) as exc:
        print(f"corridors geocode: {exc}", file=sys.stderr)
        return 2
    best = place.to_dict()
    best.pop("source", None)
    alts = [{k: v for k, v in a.to_dict().items() if k != "source"} for a in place.alternatives]
    if args.format == "json":
        print(json.dumps({"query": args.name, "best": best, "alternatives": alts},
                         ensure_ascii=False, indent=2))
    else:
        print(_place_table([best] + alts))
    return 0


def cmd_cache(args) -> int:
    from geo.gazetteer import cache_dir, check_index, clear_cache, ensure_index, index_path

    if args.action == "clear":
        removed = clear_cache()
        print(f"Removed {len(removed)} file(s) from {cache_dir()}")
    elif args.action == "verify":
        path = index_path()
        problem = check_index(path, full=True)
        if problem is None:
            print(f"The place index in {path.parent} is sound (checksums match).")
            return 0
        if problem == "missing":
            print(f"No place index in {path.parent} yet; building it (about 30 s).")
            ensure_index(path)
            return 0
        ensure_index(path, problem=problem)  # says what was wrong, on stderr
        print(f"The place index in {path.parent} was damaged ({problem}); it has been rebuilt.")
        return 1
    elif args.action == "build":
        import time

        t0 = time.perf_counter()
        ensure_index(index_path())
        _warm_map_caches()
        print(f"The place index and the map shapes are ready in {cache_dir()} "
              f"({time.perf_counter() - t0:.0f} s).")
    else:
        print(cache_dir())
    return 0


def _warm_map_caches() -> None:
    """Draw one small map in memory: the country shapes and the basemap it needs are
    built and cached now, not on the user's first map."""
    import warnings

    from geo._warm import TEXT
    from geo.export import render_html
    from geo.extraction import extract
    from geo.maps import corridor_map

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        render_html(corridor_map(extract(TEXT), offline=True))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridors",
        description="Places and transport routes from news text, geocoded offline and mapped.")
    parser.add_argument("--version", action="version", version=f"corridors {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    g = sub.add_parser("geocode", help="find a place by name in the offline gazetteer")
    g.add_argument("name", help="the place name, e.g. \"Bandar Abbas\"")
    g.add_argument("--country", help="ISO2 code that biases the answer, e.g. KG")
    g.add_argument("--near", type=_parse_near, help="LAT,LON that biases the answer")
    from geo.gazetteer import KINDS

    g.add_argument("--kind", choices=KINDS, help="only places of this kind: %(choices)s")
    g.add_argument("--provider", choices=["offline", "nominatim"], default="offline",
                   help="offline (default) or nominatim (online, opt-in, one request a second)")
    g.add_argument("--places", action="append", help="your own CSV of places (name,lat,lon,...)")
    g.add_argument("--format", choices=["json", "table"], default="table", help="output format (default table)")
    g.set_defaults(func=cmd_geocode)

    from geo import cli_extract, cli_map

    cli_extract.add_parsers(sub)
    cli_map.add_parser(sub)

    from geo import cli_corpus

    cli_corpus.add_parser(sub)

    c = sub.add_parser("cache", help="show, verify or clear the cached place index and shapes")
    c.add_argument("action", choices=["build", "clear", "dir", "verify"],
                   help="build: make the index and map shapes now (as `make setup` does); "
                        "clear: remove the cached index and shapes (rebuilt on next use); dir: print "
                        "its folder; verify: compare every checksum and rebuild it if damaged "
                        "(exit 1 when it was)")
    c.set_defaults(func=cmd_cache)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `corridors … | head` stopped reading: end quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
