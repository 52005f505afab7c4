"""One very long text against many short ones: ``geo.extract``'s cost per byte.

The GWN and LGL texts (read from ``../shared/eval/``, never copied into the repository) are
extracted one by one, then joined (a blank line between them) and repeated up to
``--mb`` megabytes and extracted as one text. Prints seconds, MB/s and the ratio of the
long text's seconds per byte to the short texts' (the issue 13 target: at most 1.3), and
the process's peak RSS before and after the long text.

Usage::

    .venv/bin/python bench/big_text.py [--mb 10] [--reps 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from _timing import code_version, load_line, print_table  # noqa: E402
from geoparse import EVAL_DIR, eval_texts  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--reps", type=int, default=3, help="repetitions of the short texts")
    args = ap.parse_args(argv)
    if not EVAL_DIR.is_dir():
        print(f"SKIP: gold sets not found at {EVAL_DIR}")
        return 0
    docs = eval_texts()
    import geo
    from geo._warm import warm

    warm()
    short_bytes = sum(len(d.encode("utf-8")) for d in docs)
    times = []
    for _ in range(args.reps):
        t = time.perf_counter()
        for d in docs:
            geo.extract(d)
        times.append(time.perf_counter() - t)
    short = statistics.median(times)
    joined = "\n\n".join(docs)
    big = "\n\n".join([joined] * max(1, round(args.mb * 1e6 / len(joined.encode("utf-8")))))
    big_bytes = len(big.encode("utf-8"))
    rss0 = _rss_mb()
    t = time.perf_counter()
    ex = geo.extract(big)
    long_s = time.perf_counter() - t
    rss1 = _rss_mb()
    per_short, per_long = short / short_bytes, long_s / big_bytes
    print(f"code: {code_version()}; {len(docs)} short texts, {short_bytes / 1e6:.2f} MB "
          f"(median of {args.reps}); one text of {big_bytes / 1e6:.1f} MB "
          f"({len(ex.places)} places, {len(ex.routes)} routes)")
    print_table([["short texts, one by one", f"{short:.2f}", f"{short_bytes / 1e6 / short:.2f}", "1.00"],
                 [f"one {big_bytes / 1e6:.0f} MB text", f"{long_s:.2f}", f"{big_bytes / 1e6 / long_s:.2f}",
                  f"{per_long / per_short:.2f}"]],
                ["case", "seconds", "MB/s", "x per byte"])
    print(f"peak RSS before the long text {rss0:.0f} MB, after {rss1:.0f} MB")
    print(load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
