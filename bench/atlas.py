"""How the atlas (geo.atlas, Leaflet renderer) grows with the number of corridors.

Builds the tables of ``data/corpus`` once, then corpus folders of 1,000 and 10,000
corridors made from them (each corridor copied with its line shifted and its history moved
by whole years), and prints per size: page-data and HTML build time, file size, the first
painted frame in headless Chromium, and one slider step (``setDate``) in the browser.
Medians of ``--repeat`` runs (default 3). ``--quick``: 1,000 only, once.

    python bench/atlas.py [--quick] [--sizes 1000 10000] [--repeat 3]
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

ROOT = Path(__file__).resolve().parent.parent


def corpus_tables(tmp: Path) -> Path:
    out = tmp / "base"
    subprocess.run([sys.executable, "-m", "geo", "corpus", str(ROOT / "data" / "corpus"), "-o", str(out),
                    "--quiet"], check=True)
    return out


def scaled(base: Path, n: int, tmp: Path) -> Path:
    """A corpus folder whose corridors table holds ``n`` corridors made from ``base``'s."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    out = tmp / f"n{n}"
    shutil.copytree(base, out)
    part = sorted((base / "corridors").glob("part-*.parquet"))[0]
    table = pq.read_table(part)
    rows = table.to_pylist()
    rng = np.random.default_rng(15)
    made = []
    for i in range(n):
        r = dict(rows[i % len(rows)])
        g = shapely.from_wkb(r["geometry"])
        dx, dy = rng.uniform(-25, 25), rng.uniform(-10, 10)
        r["geometry"] = shapely.to_wkb(shapely.transform(g, lambda c: c + [dx, dy]))
        shift = int(rng.integers(-3, 3))
        r["status_history"] = [{**h, "date": (f"{int(h['date'][:4]) + shift}{h['date'][4:]}" if h["date"] else None)}
                               for h in r["status_history"] or []]
        r["corridor_key"] = f"{r['corridor_key']}#{i}"
        if r["name"]:
            r["name"] = f"{r['name']} {i}"
        made.append(r)
    for f in (out / "corridors").glob("part-*.parquet"):
        f.unlink()
    pq.write_table(pa.Table.from_pylist(made, schema=table.schema), out / "corridors" / "part-00000.parquet")
    return out


def in_browser(page_file: Path) -> tuple[float, float]:
    """(seconds to the first painted frame with the lines, median ms of one slider step)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 1200, "height": 800})
        t0 = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function("window.CorridorAtlas && CorridorAtlas.shown() > 0")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        first = time.perf_counter() - t0
        step = page.evaluate("""() => { const ms = [], dates = ['2020-06-30', '2022-06-30', '2024-06-30', null];
          for (let k = 0; k < 8; k++) { const t = performance.now(); CorridorAtlas.setDate(dates[k % 4]);
            ms.push(performance.now() - t); }
          ms.sort((a, b) => a - b); return ms[ms.length >> 1]; }""")
        b.close()
    return first, step


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes, repeat = ([1000], 1) if args.quick else (args.sizes, args.repeat)

    from geo.atlas import atlas_data, atlas_map, save_atlas

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        base = corpus_tables(tmp)
        from _timing import code_version, load_line, print_table

        rows = []
        for n in sizes:
            folder = scaled(base, n, tmp)
            runs = []
            for k in range(repeat):
                t0 = time.perf_counter()
                data = atlas_data(folder)
                t1 = time.perf_counter()
                path = save_atlas(atlas_map(folder, data=data, offline=True), tmp / f"atlas{n}.html")
                t2 = time.perf_counter()
                first, step = in_browser(path)
                runs.append((t1 - t0, t2 - t1, path.stat().st_size / 1e6, first, step))
            med = [statistics.median(r[i] for r in runs) for i in range(5)]
            rows.append([f"{n:,}", f"{med[0]:.2f}", f"{med[1]:.2f}", f"{med[2]:.2f}", f"{med[3]:.2f}",
                         f"{med[4]:.1f}"])
            print(f"  {n:,} corridors done", file=sys.stderr, flush=True)
        print(f"code: {code_version()}; median of {repeat}")
        print_table(rows, ["corridors", "data s", "html s", "MB", "first frame s", "slider step ms"])
        print(load_line())


if __name__ == "__main__":
    main()
