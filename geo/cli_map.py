"""``corridors map`` and ``corridors table``: articles or extract JSON files -> one map, or
one table of its corridors.

Every problem a newcomer meets is one line on stderr that names it and what to do: a
directory given as a file, an output path that cannot be written (checked before any
work), text that is not English, a text in which nothing was found (the map is still
written, exit 0); warnings print as one line; ``… | head`` ends quietly.
"""

from __future__ import annotations

import os
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

from geo._text import not_latin_script

_JSON = (".json", ".jsonl")


def _say(prog: str, message: str) -> None:
    print(f"corridors {prog}: {message}", file=sys.stderr)


@contextmanager
def _one_line_warnings(prog: str):
    """Python warnings as ``corridors PROG: warning: …`` lines (no source lines)."""
    def show(message, category, filename, lineno, file=None, line=None):
        _say(prog, f"warning: {message}")

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = show
        yield


def output_problem(path: str | None, what: str) -> str | None:
    """Why ``path`` cannot be written, or None when it can (checked before the work)."""
    if not path or path == "-":
        return None
    p = Path(path)
    if p.is_dir():
        return f"{what} {path} is a directory; give a file name such as {p / ('map' + _ext(what))}"
    parent = p.parent if str(p.parent) else Path(".")
    existing = next((d for d in (parent, *parent.parents) if d.exists()), Path("."))
    if not existing.is_dir():
        return f"{what} {path}: {existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{what} {path}: no permission to write in {existing}"
    return None


def _ext(what: str) -> str:
    return {"--png": ".png", "--pdf": ".pdf", "--geojson": ".geojson", "--gpkg": ".gpkg"}.get(what, ".html")


def gather(files, prog: str):
    """(items to map, whether some input failed): Extractions and checked extract JSON records."""
    from geo.cli_extract import InputError, read_text
    from geo.extraction import extract

    items, failed = [], False
    for f in files:
        if f != "-" and Path(f).is_dir():
            _say(prog, f"{f} is a directory; give the article files inside it "
                       f"(e.g. {Path(f) / '*.txt'}), extract JSON files, or one corpus OUTDIR "
                       f"made by `corridors corpus {f} -o OUTDIR`")
            failed = True
            continue
        if f != "-" and f.lower().endswith(_JSON):
            if not Path(f).is_file():
                _say(prog, f"{f}: no such file")
                failed = True
                continue
            from geo.extract_json import read_records

            try:
                good, errors = read_records(f)  # checked field by field before any drawing
            except ValueError as exc:
                _say(prog, str(exc))
                failed = True
                continue
            for rec in errors:  # inputs that had failed when the file was made
                _say(prog, f"{f}: {rec.get('source') or 'an input'} has no extraction: {rec['error']}")
                failed = True
            from geo.serialise import drawn_record

            # the checked records themselves (the file is read once); a route never drawn
            # (Extraction.to_dict, a hand edit) is drawn as from the text, with its avoid
            # and passages
            items += [drawn_record(rec) for rec in good]
            continue
        try:
            source, text = read_text(f)
        except InputError as exc:
            _say(prog, str(exc))
            failed = True
            continue
        name = Path(source).name if source != "<stdin>" else source
        script = not_latin_script(text)
        if script:
            _say(prog, f"{name}: the text is mostly {script} letters; only English is "
                       "supported yet, so little or nothing will be found")
        ex = extract(text, source=name)
        if not text.strip():
            _say(prog, f"{name}: the text is empty")
        elif not ex.places and not ex.routes:
            _say(prog, f"{name}: no place or route found in the text")
        items.append(ex)
    return items, failed


def _frames(args, prog: str, empty: str, outputs):
    """Check the output paths first, then read the inputs into (places, corridors, failed);
    an exit code instead when there is nothing to do (the problem said in one line)."""
    from geo.mapdata import map_frames

    for path, what in outputs:
        problem = output_problem(path, what)
        if problem:
            _say(prog, problem)
            return 2
    items, failed = gather(args.files, prog)
    if not items:
        if not failed:  # (each failed input has had its line)
            _say(prog, empty)
        return 2
    try:
        places, corridors = map_frames(items)
    except (ValueError, TypeError, OSError) as exc:
        _say(prog, str(exc))
        return 2
    return places, corridors, failed


def cmd_map(args) -> int:
    with _one_line_warnings("map"):
        return _map(args)


def _map(args) -> int:
    from geo.export import save_gpkg, save_html, save_layers_geojson, save_pdf, save_png
    from geo.maps import corridor_map

    if len(args.files) == 1 and args.files[0] != "-" and (Path(args.files[0]) / "manifest.json").is_file():
        extra = [o for o, v in (("--pdf", args.pdf), ("--geojson", args.geojson), ("--gpkg", args.gpkg)) if v]
        if extra:
            _say("map", f"{', '.join(extra)} go with article files; a corpus folder already holds "
                        "its tables as GeoParquet (corridors/, places/), which QGIS reads")
            return 2
        return atlas(args.files[0], args.output, prog="map", offline=args.offline, title=args.title,
                     date=args.date, png=args.png, renderer=getattr(args, "renderer", "auto"))
    if args.date:
        _say("map", "--date goes with a corpus folder (corridors map OUTDIR --date YYYY-MM); "
                    "an article map shows every date")
        return 2

    loaded = _frames(args, "map", "nothing to map",
                     ((args.output, "output"), (args.png, "--png"), (args.pdf, "--pdf"),
                      (args.geojson, "--geojson"), (args.gpkg, "--gpkg")))
    if isinstance(loaded, int):
        return loaded
    places, corridors, failed = loaded
    renderer = getattr(args, "renderer", "auto")
    m = corridor_map((places, corridors), offline=args.offline, title=args.title, renderer=renderer)
    out = save_html(m, args.output, offline=args.offline)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB): {len(corridors)} corridor(s), "
          f"{len(places)} place(s)", file=sys.stderr)
    if not len(places) and not len(corridors):
        _say("map", "the map is empty: nothing was found to draw")
    if args.png or args.pdf:
        from geo._errors import BrowserNotFoundError

        fig = m if m.offline else corridor_map((places, corridors), offline=True, title=args.title,
                                               renderer=renderer)
        try:
            if args.png:
                print(f"wrote {save_png(fig, args.png)}", file=sys.stderr)
            if args.pdf:
                print(f"wrote {save_pdf(fig, args.pdf)}", file=sys.stderr)
        except (BrowserNotFoundError, RuntimeError, ImportError) as exc:
            _say("map", f"no figure: {exc}")
            failed = True
    if args.geojson:
        save_layers_geojson(places, corridors, args.geojson)
        print(f"wrote {args.geojson}", file=sys.stderr)
    if args.gpkg:
        try:
            save_gpkg({"places": places, "corridors": corridors}, args.gpkg)
            print(f"wrote {args.gpkg}", file=sys.stderr)
        except ValueError as exc:
            _say("map", f"no GeoPackage: {exc}")
            failed = True
    return 2 if failed else 0


def atlas(outdir, output, *, prog: str, offline: bool, title: str | None, date: str | None = None,
          png: str | None = None, renderer: str = "auto") -> int:
    """``corridors map OUTDIR`` and ``corridors corpus --map``: the atlas of a corpus run
    (time slider, timelines, filters) as one HTML file; the exit code. Leaflet draws it up
    to :data:`geo.maps_deck.DECK_THRESHOLD` corridors, deck.gl above (``renderer``)."""
    import re

    from geo.atlas import AtlasInputError, atlas_data, atlas_map, save_atlas

    for path, what in ((output, "output"), (png, "--png")):
        problem = output_problem(path, what)
        if problem:
            _say(prog, problem)
            return 2
    if date is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", date):
        _say(prog, f"--date {date!r}: give a month as YYYY-MM, e.g. 2023-05")
        return 2
    try:
        data = atlas_data(outdir, progress=sys.stderr.isatty())
    except AtlasInputError as exc:
        _say(prog, str(exc))
        return 2
    except OSError as exc:
        _say(prog, f"{outdir}: cannot read the tables ({exc}); run `corridors corpus` again")
        return 2
    m = atlas_map(outdir, data=data, offline=offline, title=title, date=date, renderer=renderer)
    out = save_atlas(m, output)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB): atlas of {len(data['corridors'])} "
          f"corridor(s), {len(data['places'])} place(s)", file=sys.stderr)
    if not data["corridors"]:
        _say(prog, "the atlas is empty: the corpus has no corridor with a line to draw")
    if png:
        from geo._errors import BrowserNotFoundError
        from geo.export import save_png

        fig = m if offline or getattr(m, "renderer", None) == "deck" else \
            atlas_map(outdir, data=data, offline=True, title=title, date=date)
        try:
            print(f"wrote {save_png(fig, png)}", file=sys.stderr)
        except (BrowserNotFoundError, RuntimeError, ImportError) as exc:
            _say(prog, f"no figure: {exc}")
            return 2
    return 0


def cmd_table(args) -> int:
    with _one_line_warnings("table"):
        return _table(args)


def _table(args) -> int:
    from geo.export import save_layers_geojson
    from geo.tables import corridors_table, table_text, write_table

    loaded = _frames(args, "table", "nothing to tabulate",
                     ((args.output, "output"), (args.geojson, "--geojson")))
    if isinstance(loaded, int):
        return loaded
    places, corridors, failed = loaded
    table = corridors_table((places, corridors))
    if args.output and args.output != "-":
        write_table(table, args.output, fmt=args.format)
        print(f"wrote {args.output}: {len(table)} corridor(s)", file=sys.stderr)
    else:
        _print_quietly(table_text(table, args.format or "csv"))
    if args.geojson:
        save_layers_geojson(places, corridors, args.geojson)
        print(f"wrote {args.geojson}", file=sys.stderr)
    return 2 if failed else 0


def _print_quietly(text: str) -> None:
    """Write to stdout; a reader that stops early (``| head``) ends it without a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit flush finds no pipe


def add_parser(sub) -> None:
    p = sub.add_parser("map", help="draw the places and routes of articles on one HTML map",
                       description="Draw the places and routes of one or more articles on one "
                                   "self-contained HTML map.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="articles (UTF-8 text) or extract JSON files; - reads stdin; or one "
                        "corpus OUTDIR (of `corridors corpus`) for the atlas with a time slider")
    p.add_argument("-o", "--output", default="map.html", metavar="FILE",
                   help="HTML file to write (default map.html)")
    p.add_argument("--date", metavar="YYYY-MM",
                   help="atlas of a corpus OUTDIR: open at this month (default: all dates)")
    p.add_argument("--offline", action="store_true",
                   help="no web tiles: the file makes no network request at all")
    p.add_argument("--title", help="map title (default: the article's headline)")
    p.add_argument("--renderer", choices=["auto", "leaflet", "deck"], default="auto",
                   help="draw with Leaflet or with deck.gl (WebGL, for big maps; always "
                        "offline); auto (default): deck.gl from 5,000 corridors")
    p.add_argument("--png", metavar="FILE",
                   help="also write a publication PNG: no buttons, with title, legend and "
                        "credits (needs Debian's chromium)")
    p.add_argument("--pdf", metavar="FILE", help="also write the figure as PDF for print (chromium)")
    p.add_argument("--geojson", metavar="FILE",
                   help="also write places and corridors as one GeoJSON FeatureCollection "
                        "(a 'layer' property tells them apart; QGIS and kepler.gl read it)")
    p.add_argument("--gpkg", metavar="FILE", help="also write places and corridors as a GeoPackage")
    p.set_defaults(func=cmd_map)

    t = sub.add_parser("table", help="list the corridors of articles as a table (CSV, Markdown, HTML)",
                       description="One row per corridor: name, mode, status, length_km, "
                                   "stated_length_km, via_countries, from, to, stops, sentence, "
                                   "source, date, title.")
    t.add_argument("files", nargs="+", metavar="FILE",
                   help="articles (UTF-8 text) or extract JSON files; - reads stdin")
    t.add_argument("-o", "--output", metavar="FILE",
                   help="file to write (default: print to stdout); the format follows the "
                        "suffix (.csv, .md, .html) unless --format is given")
    t.add_argument("--format", choices=["csv", "md", "html"],
                   help="csv (default), md (a Markdown pipe table) or html")
    t.add_argument("--geojson", metavar="FILE",
                   help="also write places and corridors as one GeoJSON FeatureCollection")
    t.set_defaults(func=cmd_table)
