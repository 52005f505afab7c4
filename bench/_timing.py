"""What the bench scripts share: the code version measured, medians of repeated timings,
the machine's load and plain-text tables.

Each script runs as ``python bench/NAME.py``, which puts this folder on ``sys.path``, so
``from _timing import ...`` finds this module.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def code_version() -> str:
    """``git`` commit of the working tree, with ``+dirty`` when geo/ or data/ differ."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "geo", "data"],
                               cwd=REPO_ROOT, capture_output=True, text=True,
                               check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def median_time(fn, n: int = 5) -> float:
    """Median wall-clock seconds of ``n`` calls of ``fn()``."""
    return statistics.median(repeat(fn, n))


def repeat(fn, n: int) -> list[float]:
    """Wall-clock seconds of each of ``n`` calls of ``fn()``."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def timed(fn, *args):
    """``(fn(*args), wall-clock seconds of the call)``."""
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux; macOS reports bytes)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def load_line() -> str:
    """The load average, and a reminder that wall time suffers above the CPU count."""
    try:
        load = os.getloadavg()
    except (AttributeError, OSError):
        return "load average: unknown"
    return (f"load average now: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} "
            "CPUs (wall time suffers when it exceeds the CPU count)")


def print_table(rows, headers) -> None:
    """Rows as aligned columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line.format(*r))
