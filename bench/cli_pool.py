"""``corridors extract`` on many files against the same work in one process, both fresh.

Writes the first ``--files`` texts of the GWN and LGL gold sets (read from
``../shared/eval/``, written to a temporary folder under /tmp that is removed afterwards;
never into the repository) and, in each round, runs three fresh processes the same way:

* *in process*: a Python process that imports ``geo``, loads what a batch loads
  (``geo._warm.warm``), then for each file reads it, runs ``geo.extract`` and
  ``geo.serialise.extraction_record(with_geometry=True)`` (``to_dict`` plus the drawn
  routes) and writes the record as a JSON line: a first pass, with no cache warmed by an
  earlier pass over the same texts (the CLI cannot have one either);
* ``corridors extract --format jsonl --jobs 1`` and ``--jobs 2`` on the same files.

Each process is timed from its launch to its first record (*start-up*: interpreter,
imports, loading, the first input; for ``--jobs 2`` also the fork and the first chunk)
and from its first record to its exit (*the batch*). The issue 13 target: the batch of
the CLI within 1.3x of the batch in process. A ``corridors extract`` of one short file is
timed too (what a user waits for one article). The bench checks that the CLI wrote the
same bytes as the in-process loop and prints their hash.

Usage::

    .venv/bin/python bench/cli_pool.py [--files 500] [--reps 3] [--code DIR]

``--code DIR`` measures the ``geo`` package in another checkout (e.g. a worktree of the
starting commit) with this bench and this interpreter.
"""

from __future__ import annotations

import argparse
import hashlib
import os
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

#: What a short start-up run extracts (our own sentence, as geo._warm's).
SHORT_TEXT = "Trains run from Almaty to Tashkent, and flights from Tehran to Bishkek.\n"

#: The in-process loop, run in a fresh interpreter: file names on stdin, records on stdout
#: as the CLI writes them with --format jsonl (the C encoder, one line each, flushed).
IN_PROCESS = """
import json, sys
from geo._warm import warm
from geo.extraction import extract
from geo.serialise import extraction_record
warm()
enc = json.JSONEncoder(ensure_ascii=False)
out = sys.stdout
for path in sys.stdin.read().splitlines():
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out.write(enc.encode(extraction_record(extract(text, source=path), with_geometry=True)) + "\\n")
    out.flush()
"""


def _cpu_so_far(pid: int) -> float:
    """CPU seconds a running process has used itself (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def timed_run(cmd: list[str], env: dict, stdin: str | None = None, folder: str = "",
              cwd: Path = REPO_ROOT) -> dict:
    """Launch ``cmd``; seconds to its first output line and to its exit, the CPU seconds
    it and its workers used, the sha1 of its output (``folder`` taken out of the file
    names, so that runs in other folders compare) and its peak RSS (MB, the main process)."""
    errors = tempfile.TemporaryFile()  # (a pipe could fill up while stdout is read)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=errors, env=env, cwd=cwd)
    if stdin is not None:
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    first_line = proc.stdout.readline()
    t_first = time.perf_counter() - t0
    cpu_first = _cpu_so_far(proc.pid)
    rest = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    t_end = time.perf_counter() - t0
    errors.seek(0)
    err = errors.read()
    errors.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 2) or not first_line:
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {err.decode()[-400:]}")
    out = (first_line + rest).replace(folder.encode(), b"") if folder else first_line + rest
    return {"start": t_first, "batch": t_end - t_first, "wall": t_end,
            "cpu": usage.ru_utime + usage.ru_stime,
            "batch_cpu": usage.ru_utime + usage.ru_stime - cpu_first,
            "sha1": hashlib.sha1(out).hexdigest()[:12], "rss": usage.ru_maxrss / 1024}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--code", type=Path, default=REPO_ROOT,
                    help="the checkout whose geo package is measured (default: this one)")
    args = ap.parse_args(argv)
    if not EVAL_DIR.is_dir():
        print(f"SKIP: gold sets not found at {EVAL_DIR}")
        return 0
    docs = eval_texts()[:args.files]
    code = args.code.resolve()  # (the children run there: `-m geo` and `-c` import from it)
    env = {**os.environ, "PYTHONPATH": str(code)}
    where = subprocess.run([sys.executable, "-c", "import geo; print(geo.__file__)"], env=env,
                           cwd=code, capture_output=True, text=True).stdout.strip()
    if not where.startswith(str(code)):
        raise SystemExit(f"the children import geo from {where}, not from {code}")
    cli = [sys.executable, "-m", "geo", "extract", "--format", "jsonl"]
    tmp = Path(tempfile.mkdtemp(prefix="cli-pool-"))
    try:
        files = []
        for i, text in enumerate(docs):
            p = tmp / f"doc{i:04d}.txt"
            p.write_text(text, encoding="utf-8")
            files.append(str(p))
        short = tmp / "short.txt"
        short.write_text(SHORT_TEXT, encoding="utf-8")
        timed_run([*cli, str(short)], env, cwd=code)  # the caches (index, shapes) are built, if need be
        runs = {"in": [], "j1": [], "j2": [], "one": []}
        for _ in range(args.reps):
            runs["in"].append(timed_run([sys.executable, "-c", IN_PROCESS], env, "\n".join(files),
                                        folder=f"{tmp}/", cwd=code))
            runs["j1"].append(timed_run([*cli, "--jobs", "1", *files], env, folder=f"{tmp}/", cwd=code))
            runs["j2"].append(timed_run([*cli, "--jobs", "2", *files], env, folder=f"{tmp}/", cwd=code))
            runs["one"].append(timed_run([*cli, str(short)], env, cwd=code))
            print("  round: " + ", ".join(f"{k} {r[-1]['start']:.2f} + {r[-1]['batch']:.2f} s"
                                         for k, r in runs.items()), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: {f: statistics.median(r[f] for r in v) for f in ("start", "batch", "wall", "cpu", "batch_cpu", "rss")}
           for k, v in runs.items()}
    hashes = {r["sha1"] for k in ("in", "j1", "j2") for r in runs[k]}
    print(f"code: {code_version() if code == REPO_ROOT else code}; {len(docs)} files; "
          f"median of {args.reps} fresh runs each")
    base, base_cpu = med["in"]["batch"], med["in"]["batch_cpu"]
    table = []
    for k, label in (("in", "in process (extract + record with geometry + JSON line)"),
                     ("j1", "corridors extract --jobs 1"), ("j2", "corridors extract --jobs 2")):
        m = med[k]
        table.append([label, f"{m['start']:.2f}", f"{m['batch']:.2f}", f"{m['batch'] / base:.2f}",
                      f"{m['wall'] / med['in']['wall']:.2f}", f"{m['cpu'] - m['batch_cpu']:.2f}",
                      f"{m['batch_cpu']:.2f}", f"{m['batch_cpu'] / base_cpu:.2f}",
                      f"{m['rss']:.0f}"])
    m = med["one"]
    table.append(["corridors extract, one short file", f"{m['wall']:.2f}", "-", "-", "-",
                  f"{m['cpu']:.2f}", "-", "-", f"{m['rss']:.0f}"])
    print_table(table, ["case", "start-up s", "batch s", "x in process", "wall x",
                        "start-up CPU s", "batch CPU s", "CPU x", "peak RSS MB"])
    same = "the same bytes" if len(hashes) == 1 else f"DIFFERENT outputs {sorted(hashes)}"
    print(f"output: {same} from the in-process loop and the CLI (sha1 {sorted(hashes)[0]})")
    print("start-up: launch to first record (with --jobs 2, the fork and a first chunk of 4 "
          "files per worker); batch: first record to exit; wall x: launch to exit; batch CPU: "
          "the whole run's CPU (workers' too) less the main process's at its first record "
          "(steadier than wall time when other work shares the cores)")
    print(load_line())
    return 0 if len(hashes) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
