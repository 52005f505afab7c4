"""``corridors corpus``: a whole corpus -> GeoParquet tables (and optionally one map)."""

from __future__ import annotations

import sys
from pathlib import Path

from geo._jobs import HELP as JOBS_HELP, jobs_type, positive_int


def cmd_corpus(args) -> int:
    from geo.corpus import CorpusInputError, OutputError, SchedulerError, run

    try:
        s = run(args.input, args.output, jobs=args.jobs, scheduler=args.scheduler,
                resume=args.resume, partition_size=args.partition_size,
                progress=not args.quiet and sys.stderr.isatty() or args.progress,
                max_seconds=args.max_seconds or None)
    except (CorpusInputError, OutputError, SchedulerError) as exc:
        print(f"corridors corpus: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"corridors corpus: {exc}; check the paths and the free space, then run "
              "again with --resume", file=sys.stderr)
        return 2
    rate = f"{s['docs_per_s']:.1f} docs/s" if s["docs_per_s"] else "nothing left to extract"
    resumed = f", {s['resumed_partitions']} part(s) kept from before" if s["resumed_partitions"] else ""
    n = s["articles"]
    print(f"corpus: {n} article{'' if n == 1 else 's'} ({s['duplicates']} duplicates), {s['errors']} errors, "
          f"{s['places']} places, {s['routes']} routes, {s['corridors']} corridors in "
          f"{s['seconds']:.1f} s ({rate}{resumed}) -> {args.output}", file=sys.stderr)
    if args.map:
        from geo.cli_map import atlas

        return atlas(args.output, args.map, prog="corpus", offline=args.offline,
                     title=args.title or f"Corridors of {Path(args.input).name}")
    return 0


def add_parser(sub) -> None:
    """Register ``corridors corpus`` on the subcommand parsers."""
    p = sub.add_parser("corpus", help="extract a whole corpus with Dask into GeoParquet tables",
                       description="Read a folder of articles (.txt, .jsonl, .json, .csv, .parquet) "
                       "or one such file, extract places and routes on Dask workers, and write "
                       "OUTDIR/{places,routes,corridors,errors}/part-NNNNN.parquet and "
                       "OUTDIR/manifest.json.")
    p.add_argument("input", metavar="INPUT", help="a corpus folder or file")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for the tables")
    p.add_argument("--jobs", type=jobs_type, help=f"{JOBS_HELP}: local Dask worker processes")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://host:8786 (workers must see "
                   "INPUT and OUTDIR)")
    p.add_argument("--resume", action="store_true",
                   help="keep the parts an interrupted run of the same input finished")
    p.add_argument("--partition-size", type=positive_int, default=200, metavar="N",
                   help="articles per part (default 200)")
    p.add_argument("--max-seconds", type=float, default=120.0, metavar="S",
                   help="an article that takes longer becomes an error row (default 120; 0: no limit)")
    p.add_argument("--map", metavar="HTML",
                   help="also write the atlas of the aggregated corridors (time slider, status "
                        "timelines, filters; the same page as `corridors map OUTDIR`)")
    p.add_argument("--offline", action="store_true", help="map without web tiles")
    p.add_argument("--title", help="map title")
    p.add_argument("--progress", action="store_true", help="progress bar even when not a terminal")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_corpus)
