"""``corridors extract`` and ``corridors map``."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from geo._budget import BudgetExceeded, time_budget  # one class for both kinds of budget
from geo._jobs import HELP as JOBS_HELP, SMALL_BATCH, default_jobs, jobs_type
from geo._text import repair_text  # noqa: F401  (re-exported for the CLI tests)

#: Inputs larger than this (bytes) are refused unless ``--max-bytes`` says otherwise.
MAX_BYTES = 50_000_000
#: Seconds one input may take before it becomes an error record (``--max-seconds``).
MAX_SECONDS = 120.0



class InputError(Exception):
    """A file that cannot be read as text (missing, a folder, binary, undecodable, too big)."""


def _decode(raw: bytes, source: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")  # the BOM says which byte order; it is dropped
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: not valid UTF-16 (byte {exc.start}: {exc.reason}); "
                             "re-save the file as UTF-8") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{source}: looks like a binary file (NUL bytes); give a UTF-8 text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not valid UTF-8 (byte {exc.start}: {exc.reason}); "
                         "re-save the file as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: str, *, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(source label, text) of a file or of stdin (``-``), decoded as UTF-8 (or UTF-16
    with a byte-order mark) with universal newlines and a leading BOM removed.

    Raises
    ------
    InputError
        With one line naming the file, the problem and what to do.
    """
    if path == "-":
        source = "<stdin>"
        raw = sys.stdin.buffer.read(max_bytes + 1)
    else:
        source = path
        p = Path(path)
        try:
            if p.is_dir():
                raise InputError(f"{path}: is a folder; give the text files inside it")
            if not p.is_file():
                raise InputError(f"{path}: no such file")
            if p.stat().st_size > max_bytes:
                raise InputError(f"{path}: {p.stat().st_size:,} bytes is over the limit of "
                                 f"{max_bytes:,}; split it or raise --max-bytes")
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise InputError(f"{source}: over the limit of {max_bytes:,} bytes; "
                         "split it or raise --max-bytes")
    text = _decode(raw, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return source, text


def _error_record(path: str, message: str) -> dict:
    from geo.extraction import SCHEMA_VERSION

    return {"schema_version": SCHEMA_VERSION, "source": "<stdin>" if path == "-" else path,
            "error": message}


def _on_alarm(signum, frame):
    import signal

    # Python drops an exception raised inside a finaliser (a weakref callback, __del__):
    # ring again soon, until the budget's own ``finally`` stops the timer.
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise BudgetExceeded


def _with_budget(seconds: float | None, fn, *args):
    """``fn(*args)``, stopped with :class:`BudgetExceeded` after ``seconds``: by a timer
    signal in the main thread of a POSIX process (it stops any step), elsewhere (threads,
    Windows) by the checks the extraction stages make as they go."""
    import signal
    import threading

    if not seconds:
        return fn(*args)
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        with time_budget(seconds):
            return fn(*args)
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _extract_one(path: str, with_geometry: bool = True, *, max_bytes: int = MAX_BYTES,
                 max_seconds: float | None = MAX_SECONDS) -> dict:
    """The schema-1 record of one input, or an error record: never an exception."""
    from geo.extraction import extract
    from geo.serialise import extraction_record

    try:
        source, text = read_text(path, max_bytes=max_bytes)
    except InputError as exc:
        return _error_record(path, str(exc))
    from geo.recognition import automaton

    automaton()  # the index and the automaton load (or are built) outside the budget
    try:
        return _with_budget(max_seconds,
                            lambda: extraction_record(extract(repair_text(text), source=source),
                                                      with_geometry=with_geometry))
    except BudgetExceeded:
        return _error_record(path, f"{source}: took over {max_seconds:g} s and was stopped; "
                                   "split it or raise --max-seconds")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # one bad input must not stop a batch: report it and go on
        return _error_record(path, f"{source}: extraction failed ({type(exc).__name__}: {exc}); "
                                   "please report this file")


def extract_files(paths, *, jobs: int = 1, progress: bool | None = None,
                  max_bytes: int = MAX_BYTES, max_seconds: float | None = MAX_SECONDS):
    """Yield one schema-1 record per input path, in input order (an error record, with an
    ``error`` field, for an input that could not be read or extracted)."""
    paths = list(paths)
    if progress is None:
        progress = sys.stderr.isatty() and len(paths) > 5
    one = partial(_extract_one, max_bytes=max_bytes, max_seconds=max_seconds)
    bar = None
    if progress:  # no bar, no tqdm object (nor its import)
        from tqdm import tqdm

        bar = tqdm(total=len(paths), file=sys.stderr, unit="doc")
    if len(paths) > 1:
        # load the index, shapes and networks here, before any input's time budget runs
        # (and before forking: the workers share them instead of each loading its own
        # copy, where fork exists; elsewhere they load)
        from geo._warm import warm

        warm()
        _freeze_loaded()
    if jobs > 1 and len(paths) > 1 and "-" not in paths:
        context = (multiprocessing.get_context("fork")
                   if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
            for rec in pool.map(one, paths, chunksize=4):
                if bar is not None:
                    bar.update()
                yield rec
    else:
        for p in paths:
            rec = one(p)
            if bar is not None:
                bar.update()
            yield rec
    if bar is not None:
        bar.close()


def _freeze_loaded() -> None:
    """Move what loading made (index rows, shapes, networks: ~10^5 objects) out of the
    garbage collector's sight, once: a batch's full collections then scan only what its
    inputs make (they took 5-10% of a 500-file batch: 0.06-0.23 s, 0.01 s frozen), and
    forked workers do not write to the shared pages by marking those objects. Collected
    first, so no garbage is kept for the whole batch. (A command-line process: a library
    caller's own objects would be frozen too.)"""
    import gc

    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()


def _say_if_not_english(source: str) -> None:
    """One stderr line when a text that gave nothing is mostly in another script."""
    from geo._text import not_latin_script

    try:
        with open(source, encoding="utf-8", errors="replace") as f:
            script = not_latin_script(f.read(20_000))
    except OSError:  # stdin, or a file gone since: nothing to say
        return
    if script:
        print(f"corridors extract: {Path(source).name}: the text is mostly {script} letters; "
              "only English is supported yet", file=sys.stderr)


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
    try:
        return _extract_command(args)
    except BrokenPipeError:
        # the reader went away (`| head`): stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"corridors extract: cannot write the output ({exc.strerror or exc}); "
              "free some space or write elsewhere", file=sys.stderr)
        return 2


def _extract_command(args) -> int:
    jobs = args.jobs or default_jobs(len(args.files))
    records = []
    failed = False
    first = True
    out = sys.stdout
    for rec in extract_files(args.files, jobs=jobs, max_bytes=args.max_bytes,
                             max_seconds=args.max_seconds or None):
        if "error" in rec:
            failed = True
            print(f"corridors extract: {rec['error']}", file=sys.stderr)
        elif not rec["places"] and not rec["routes"]:
            _say_if_not_english(rec["source"])
        if args.format == "jsonl":
            out.write(_ENCODER.encode(rec) + "\n")
            out.flush()
        elif args.format == "json":
            # one array, a record per line, written as each input is done (nothing held)
            out.write(("[\n" if first else ",\n") + _ENCODER.encode(rec))
            first = False
        else:
            records.append(rec)
    if args.format == "json":
        out.write("[]\n" if first else "\n]\n")
    elif args.format == "table":
        out.write(_table(records) + "\n")
    out.flush()  # a full disk shows here at the latest: an error, not a short file
    return 2 if failed else 0


#: One record at a time, in one call: that runs the C encoder (``iterencode`` and
#: ``indent`` run the pure-Python one, as slow as extracting the record again).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _positive_int(value: str) -> int:
    import argparse

    try:
        n = int(value.replace("_", ""))
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{value!r}: give a whole number of bytes above 0")
    return n


def add_parsers(sub) -> None:
    e = sub.add_parser("extract", help="find places and routes in news text files")
    e.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads stdin")
    e.add_argument("--format", choices=["json", "jsonl", "table"], default="json",
                   help="json: one array, a record per line (default); jsonl: one record per "
                        "line, no array; both written as each input is done; table: a "
                        "plain-text summary")
    e.add_argument("--jobs", type=jobs_type, default=None,
                   help=f"{JOBS_HELP[:-1]}, and 1 for fewer than {SMALL_BATCH} files; more "
                        "than 1: workers forked once the index is loaded)")
    e.add_argument("--max-bytes", type=_positive_int, default=MAX_BYTES,
                   help=f"refuse inputs larger than this (default {MAX_BYTES:,})")
    e.add_argument("--max-seconds", type=float, default=MAX_SECONDS,
                   help=f"stop an input after this many seconds (default {MAX_SECONDS:g}; 0: no limit)")
    e.set_defaults(func=cmd_extract)
