"""Hostile-text benchmark: extraction time per KB for text built to stress the route stage.

Patterns (all on one line, no full stops): many "from A to B by rail, from C to D by air"
clauses; a long "A, B, C, ... and Z" list; one name repeated. An ordinary article repeated
to the same size is the baseline. Prints seconds and ms/KB at each size and the ratio of
each pattern's ms/KB to the baseline's at the same size (the target: within 2x).

Usage::

    python bench/hostile.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import sys
import time

CITIES = ["Tehran", "Bishkek", "Almaty", "Tashkent", "Baku", "Tbilisi", "Ankara", "Kabul",
          "Dushanbe", "Ashgabat"]


def route_cues(n: int) -> str:
    parts, i, size = [], 0, 0
    while size < n:
        a, b, c, d = (CITIES[(i + k) % 10] for k in range(4))
        part = f"from {a} to {b} by rail, from {c} to {d} by air, "
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts)


def long_list(n: int) -> str:
    body = ", ".join(CITIES[i % 10] for i in range(n // 8))
    return f"Flights to {body} and Kazan"


def repeated(n: int) -> str:
    return "Tehran, " * (n // 8)


def ordinary(n: int) -> str:
    s = "The railway from Tehran to Mashhad opened last year. Officials said trade grew. "
    return s * (n // len(s))


PATTERNS = {"route cues": route_cues, "long list": long_list, "repeated name": repeated}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = ap.parse_args(argv)
    import geo

    geo.extract("Flights from Tehran to Bishkek.")  # load the index first
    from _timing import load_line, print_table

    rows = []
    for n in args.sizes:
        t0 = time.perf_counter()
        geo.extract(ordinary(n))
        base = (time.perf_counter() - t0) / (n / 1000)
        rows.append(("ordinary", f"{n / 1000:.0f}", f"{base * n / 1000:.2f}", f"{base * 1000:.1f}", "1.0"))
        for name, make in PATTERNS.items():
            text = make(n)
            t0 = time.perf_counter()
            geo.extract(text)
            per_kb = (time.perf_counter() - t0) / (n / 1000)
            rows.append((name, f"{n / 1000:.0f}", f"{per_kb * n / 1000:.2f}", f"{per_kb * 1000:.1f}",
                         f"{per_kb / base:.1f}"))
            print(f"  {name} at {n / 1000:.0f} KB: {per_kb / base:.1f}x ordinary", file=sys.stderr, flush=True)
    print_table(rows, ["pattern", "KB", "seconds", "ms/KB", "x ordinary"])
    print(load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
