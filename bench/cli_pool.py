"""``corridors extract`` on many files against the same work in one process.

Writes the first ``--files`` texts of the GWN and LGL gold sets (read from
``../shared/eval/``, written to a temporary folder that is removed afterwards; never into
the repository) and measures, in one run:

* *in process*: ``geo.extract`` + ``geo.serialise.extraction_record(with_geometry=True)``
  over the texts, after a warm-up (the index, shapes and networks loaded);
* *start-up*: ``corridors extract`` on two short files (interpreter, imports, and the
  loading a batch does before its first input: index, shapes, networks, word frequencies);
* ``corridors extract --jobs 1`` and ``--jobs 2`` on all the files, wall clock, with the
  start-up subtracted.

The issue 13 target: excluding start-up, the CLI within 1.3x of in-process.

Usage::

    .venv/bin/python bench/cli_pool.py [--files 500] [--reps 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from _timing import code_version, load_line, print_table  # noqa: E402
from geoparse import EVAL_DIR, eval_texts  # noqa: E402

CLI = [sys.executable, "-m", "geo", "extract", "--format", "json"]


def in_process(docs: list[str]) -> float:
    from geo.extraction import extract
    from geo.serialise import extraction_record

    t = time.perf_counter()
    for text in docs:
        extraction_record(extract(text), with_geometry=True)
    return time.perf_counter() - t


def cli(files: list[str], jobs: int) -> float:
    t = time.perf_counter()
    res = subprocess.run([*CLI, "--jobs", str(jobs), *files], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode not in (0, 1):
        raise SystemExit(f"corridors extract failed: {res.stderr.strip()[:300]}")
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    if not EVAL_DIR.is_dir():
        print(f"SKIP: gold sets not found at {EVAL_DIR}")
        return 0
    docs = eval_texts()[:args.files]
    from geo._warm import warm

    warm()
    tmp = Path(tempfile.mkdtemp(prefix="cli-pool-"))
    try:
        files = []
        for i, text in enumerate(docs):
            p = tmp / f"doc{i:04d}.txt"
            p.write_text(text, encoding="utf-8")
            files.append(str(p))
        one = tmp / "one.txt"
        from geo._warm import TEXT

        one.write_text(TEXT, encoding="utf-8")
        two = tmp / "two.txt"
        two.write_text(TEXT, encoding="utf-8")  # (two inputs: a batch, which loads all first)
        rows = {"in": [], "start": [], "j1": [], "j2": []}
        for _ in range(args.reps):
            rows["in"].append(in_process(docs))
            rows["start"].append(cli([str(one), str(two)], 1))
            rows["j1"].append(cli(files, 1))
            rows["j2"].append(cli(files, 2))
            print(f"  round: in {rows['in'][-1]:.1f} s, start {rows['start'][-1]:.1f} s, "
                  f"jobs 1 {rows['j1'][-1]:.1f} s, jobs 2 {rows['j2'][-1]:.1f} s", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"code: {code_version()}; {len(docs)} files; median of {args.reps}")
    table = [["in process (extract + record with geometry)", f"{med['in']:.2f}", "-", "1.00"],
             ["corridors extract: start-up (two short files)", f"{med['start']:.2f}", "-", "-"]]
    for k, label in (("j1", "--jobs 1"), ("j2", "--jobs 2")):
        net = med[k] - med["start"]
        table.append([f"corridors extract {label}", f"{med[k]:.2f}", f"{net:.2f}",
                      f"{net / med['in']:.2f}"])
    print_table(table, ["case", "wall s", "minus start-up s", "x in process"])
    print(load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
