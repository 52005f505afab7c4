"""``corridors map``: articles or extract JSON files -> one interactive map."""

from __future__ import annotations

import sys
from pathlib import Path


def cmd_map(args) -> int:
    from geo.cli_extract import InputError, read_text
    from geo.export import save_geojson, save_gpkg, save_html, save_png
    from geo.extraction import extract
    from geo.maps import corridor_map
    from geo.mapdata import map_frames

    items, failed = [], False
    for f in args.files:
        if f != "-" and f.lower().endswith((".json", ".jsonl")):
            if not Path(f).is_file():
                print(f"corridors map: {f}: no such file", file=sys.stderr)
                failed = True
                continue
            items.append(f)
            continue
        try:
            source, text = read_text(f)
        except InputError as exc:
            print(f"corridors map: {exc}", file=sys.stderr)
            failed = True
            continue
        items.append(extract(text, source=Path(source).name if source != "<stdin>" else source))
    if not items:
        print("corridors map: nothing to map", file=sys.stderr)
        return 2
    try:
        places, corridors = map_frames(items)
    except (ValueError, TypeError) as exc:
        print(f"corridors map: {exc}", file=sys.stderr)
        return 2
    m = corridor_map((places, corridors), offline=args.offline, title=args.title)
    out = save_html(m, args.output, offline=args.offline)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB): {len(corridors)} corridor(s), "
          f"{len(places)} place(s)", file=sys.stderr)
    if args.png:
        try:
            png_map = m if args.offline else corridor_map((places, corridors), offline=True,
                                                          title=args.title)
            print(f"wrote {save_png(png_map, args.png)}", file=sys.stderr)
        except (FileNotFoundError, RuntimeError) as exc:
            print(f"corridors map: no PNG: {exc}", file=sys.stderr)
            failed = True
    if args.geojson:
        save_geojson(corridors, args.geojson)
        print(f"wrote {args.geojson}", file=sys.stderr)
    if args.gpkg:
        save_gpkg({"places": places, "corridors": corridors}, args.gpkg)
        print(f"wrote {args.gpkg}", file=sys.stderr)
    return 2 if failed else 0


def add_parser(sub) -> None:
    p = sub.add_parser("map", help="draw the places and routes of articles on one HTML map")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="articles (text) or extract JSON files; - reads stdin")
    p.add_argument("-o", "--output", default="map.html", help="HTML file to write (default map.html)")
    p.add_argument("--offline", action="store_true",
                   help="no web tiles: the file makes no network request at all")
    p.add_argument("--title", help="map title (default: the article's headline)")
    p.add_argument("--png", help="also write a PNG screenshot (needs Debian's chromium)")
    p.add_argument("--geojson", help="also write the corridors as GeoJSON")
    p.add_argument("--gpkg", help="also write places and corridors as a GeoPackage")
    p.set_defaults(func=cmd_map)
