"""Corpus benchmark: ``geo.corpus.run`` on Dask against one plain process, in one run.

The texts are the 788 articles of GWN + LGL (read from ``../shared/eval``, never copied),
replicated to ``--articles`` records of one JSONL file (each copy gets a distinct id; the
copies are syndicated copies for ``duplicate_of`` and are extracted like any article).

Printed, each the median of ``--repeats`` runs after a warm-up:

* single process: docs/s of ``geo.extract`` alone, and of the full per-article work the
  Dask path does (``extract`` + each route's geometry and rows: ``article_rows``);
* Dask, a local cluster of 1 and of 2 worker processes (one thread each): docs/s of the
  extraction phase (first part submitted to last part written) and the wall time of the
  whole run (duplicates pass, extraction, corridor shuffle, manifest);
* peak RSS per worker, output size per 10,000 articles, and the ratios the issue asks for
  (1 worker / single process >= 0.85, 2 workers / 1 worker >= 1.6).

``--articles 20000`` is the issue's size; on a shared 2-core machine use fewer (the note
says what was run). The load average before and after is printed: other processes on the
cores lower the 2-worker ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
EVAL_DIR = HERE.parent.parent / "shared" / "eval"


def eval_texts(eval_dir: Path) -> list[str]:
    from geoparse import load_set

    texts = []
    for name, f in (("gwn", "GWN.xml"), ("lgl", "lgl.xml")):
        arts, _ = load_set(name, eval_dir / f, None)
        texts += [a.text for a in arts]
    return texts


def write_jsonl(texts: list[str], n: int, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i:07d}", "text": texts[i % len(texts)]}) + "\n")


def single_process(texts: list[str], n: int, repeats: int) -> tuple[float, float]:
    """(docs/s of geo.extract, docs/s of article_rows), medians."""
    import geo
    from geo.corpus_tables import article_rows

    _warm()                        # as on the workers: index, country polygons, networks
    geo.extract(texts[0])
    bare, full = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        for i in range(n):
            geo.extract(texts[i % len(texts)])
        bare.append(n / (time.perf_counter() - t))
        t = time.perf_counter()
        for i in range(n):
            article_rows({"id": str(i), "text": texts[i % len(texts)], "date": None})
        full.append(n / (time.perf_counter() - t))
    return statistics.median(bare), statistics.median(full)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm() -> int:
    from geo.corpus_tables import article_rows

    article_rows({"id": "warm", "text": "Trains run from Almaty to Tashkent.", "date": None})
    return os.getpid()


def dask_runs(src: Path, workers: int, repeats: int, partition_size: int, tmp: Path) -> dict:
    import logging

    from distributed import Client, LocalCluster

    from geo.corpus import run

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    rates, walls, size = [], [], 0
    try:
        with Client(cluster) as client:
            client.run(_warm)
            for r in range(repeats):
                out = tmp / f"out-{workers}-{r}"
                t = time.perf_counter()
                s = run(src, out, scheduler=client, partition_size=partition_size)
                walls.append(time.perf_counter() - t)
                rates.append(s["docs_per_s"])
                size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
                summary = s
                shutil.rmtree(out)
            rss = client.run(_peak_rss_mb)
    finally:
        cluster.close()
    return {"docs_per_s": statistics.median(rates), "all": rates, "wall_s": statistics.median(walls),
            "peak_rss_mb": max(rss.values()), "bytes": size, "summary": summary}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--partition-size", type=int, default=100)
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    if not (args.eval_dir / "GWN.xml").exists():
        print(f"bench/corpus.py: GWN.xml is not in {args.eval_dir}; give --eval-dir", file=sys.stderr)
        return 2
    texts = eval_texts(args.eval_dir)
    n = args.articles
    print(f"corpus bench: {len(texts)} GWN+LGL texts replicated to {n} articles, "
          f"medians of {args.repeats}, parts of {args.partition_size}, {os.cpu_count()} cores, "
          f"load average before {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="corpus-bench-") as tmp:
        tmp = Path(tmp)
        src = tmp / "articles.jsonl"
        write_jsonl(texts, n, src)
        bare, full = single_process(texts, n, args.repeats)
        print(f"single process   geo.extract {bare:7.1f} docs/s   extract + route rows {full:7.1f} docs/s")
        one = dask_runs(src, 1, args.repeats, args.partition_size, tmp)
        print(f"dask 1 worker    {one['docs_per_s']:7.1f} docs/s (runs {one['all']})   "
              f"wall {one['wall_s']:.1f} s   peak RSS {one['peak_rss_mb']:.0f} MB")
        two = dask_runs(src, 2, args.repeats, args.partition_size, tmp)
        print(f"dask 2 workers   {two['docs_per_s']:7.1f} docs/s (runs {two['all']})   "
              f"wall {two['wall_s']:.1f} s   peak RSS per worker {two['peak_rss_mb']:.0f} MB")
    s = two["summary"]
    print(f"tables: {s['places']} places, {s['routes']} routes, {s['corridors']} corridors, "
          f"{s['errors']} errors; output {two['bytes'] / n * 10_000 / 1e6:.1f} MB per 10,000 articles")
    print(f"ratio 1 worker / single process (extract + rows) {one['docs_per_s'] / full:.2f}  "
          f"(/ geo.extract alone {one['docs_per_s'] / bare:.2f}); "
          f"2 workers / 1 worker {two['docs_per_s'] / one['docs_per_s']:.2f}")
    per_doc = 1 / two["docs_per_s"] * 2          # core-seconds per article
    print(f"estimate for 1,000,000 articles: {per_doc * 1e6 / 3600:.1f} core-hours; "
          f"on 32 workers about {per_doc * 1e6 / 32 / 3600:.1f} h wall")
    print(f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
