"""``corridors extract`` and ``corridors map``."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


class InputError(Exception):
    """A file that cannot be read as UTF-8 text."""


def read_text(path: str) -> tuple[str, str]:
    """(source label, text) of a file or of stdin (``-``), decoded as UTF-8 with universal
    newlines and a leading BOM removed."""
    if path == "-":
        raw = sys.stdin.buffer.read()
        source = "<stdin>"
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{path}: no such file")
        raw = p.read_bytes()
        source = path
    if b"\x00" in raw[:8192]:
        raise InputError(f"{source}: looks like a binary file (NUL bytes); give a UTF-8 text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not valid UTF-8 (byte {exc.start}: {exc.reason}); "
                         "re-save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return source, text


def _extract_one(path: str, with_geometry: bool = True) -> dict:
    from geo.extraction import SCHEMA_VERSION, extract

    try:
        source, text = read_text(path)
    except InputError as exc:
        return {"schema_version": SCHEMA_VERSION, "source": "<stdin>" if path == "-" else path,
                "error": str(exc)}
    return extract(text, source=source).to_dict(with_geometry=with_geometry)


def extract_files(paths, *, jobs: int = 1, progress: bool | None = None):
    """Yield one schema-1 record per input path, in input order."""
    from tqdm import tqdm

    paths = list(paths)
    if progress is None:
        progress = sys.stderr.isatty() and len(paths) > 5
    bar = tqdm(total=len(paths), disable=not progress, file=sys.stderr, unit="doc")
    if jobs > 1 and len(paths) > 1 and "-" not in paths:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for rec in pool.map(_extract_one, paths, chunksize=4):
                bar.update()
                yield rec
    else:
        for p in paths:
            rec = _extract_one(p)
            bar.update()
            yield rec
    bar.close()


def _table(records) -> str:
    lines = []
    for rec in records:
        lines.append(f"== {rec['source']}" + (f"  ({rec.get('date')})" if rec.get("date") else ""))
        if "error" in rec:
            lines.append(f"   error: {rec['error']}")
            continue
        for p in rec["places"]:
            lines.append(f"   place  {p['name']:<24} {p['kind']:<8} {p['country'] or '':<3} "
                         f"{p['lat']:>9.4f} {p['lon']:>9.4f}  x{len(p['mentions'])}")
        for r in rec["routes"]:
            stops = " -> ".join(s["name"] for s in r["stops"])
            km = f"{r['length_km']:.0f} km" if r.get("length_km") else ""
            lines.append(f"   route  {r['mode']:<8} {r['status'] or '-':<18} {stops}  {km} "
                         f"{'/'.join(r.get('via_countries') or [])}")
    return "\n".join(lines)


def cmd_extract(args) -> int:
    import os

    jobs = args.jobs if args.jobs else min(2, os.cpu_count() or 1) if len(args.files) > 20 else 1
    records = []
    failed = False
    for rec in extract_files(args.files, jobs=jobs):
        failed |= "error" in rec
        if args.format == "jsonl":
            print(json.dumps(rec, ensure_ascii=False), flush=True)
        else:
            records.append(rec)
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "table":
        print(_table(records))
    return 2 if failed else 0


def add_parsers(sub) -> None:
    e = sub.add_parser("extract", help="find places and routes in news text files")
    e.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads stdin")
    e.add_argument("--format", choices=["json", "jsonl", "table"], default="json")
    e.add_argument("--jobs", type=int, default=0, help="worker processes (default: auto)")
    e.set_defaults(func=cmd_extract)
    try:
        from geo import cli_map
    except ImportError:
        return
    cli_map.add_parser(sub)
