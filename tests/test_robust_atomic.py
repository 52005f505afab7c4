"""Writes are atomic and durable: a writer killed at random moments leaves each output
(HTML, GeoJSON, GeoPackage, a corpus GeoParquet part) as the old or the new file, never a mix; temporary files a
killed writer left behind are removed on a later write once they are an hour old."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo._atomic import STALE_TEMP_S, atomic_path, atomic_write_bytes, is_our_temp, sweep_temps

# Writes version 0 then 1 then 0 ... of each file, forever ("loop"), and says when the
# first round is on disk; or writes one version once ("0", "1"). Both versions are built
# before the first write.
WRITER = r"""
import sys
import folium
import geopandas as gpd
from shapely.geometry import Point
import pyarrow as pa
from geo.corpus_tables import write_table
from geo.export import save_geojson, save_gpkg, save_html

out, mode = sys.argv[1], sys.argv[2]
frames, maps = [], []
for v in (0, 1):
    n = 3000 + 500 * v
    frames.append(gpd.GeoDataFrame({"name": [f"v{v}-{i}" for i in range(n)]},
                                   geometry=[Point(i % 360 - 180, (i // 360) % 180 - 90) for i in range(n)],
                                   crs="EPSG:4326"))
    m = folium.Map(location=[40, 60 + v], zoom_start=3)
    for i in range(200 + 50 * v):
        folium.CircleMarker([i % 80, i % 170], radius=2, popup=f"v{v} marker {i}").add_to(m)
    maps.append(m)
tables = [pa.table({"article_id": [f"v{v}-{i}" for i in range(40000 + 5000 * v)],
                    "geometry": [bytes(21)] * (40000 + 5000 * v)}) for v in (0, 1)]
i = 0 if mode == "loop" else int(mode)
while True:
    v = i % 2
    save_html(maps[v], f"{out}/map.html")
    save_geojson(frames[v], f"{out}/places.geojson")
    save_gpkg({"places": frames[v]}, f"{out}/places.gpkg")
    write_table(tables[v], f"{out}/part-00000.parquet")
    if mode != "loop":
        break
    if i == 0:
        print("ready", flush=True)
    i += 1
"""


def _gpkg_version(path: Path) -> int:
    import geopandas as gpd

    frame = gpd.read_file(path, layer="places")
    names = list(frame["name"])
    v = int(names[0][1])
    assert names == [f"v{v}-{i}" for i in range(3000 + 500 * v)]
    return v


def test_killed_writer_leaves_old_or_new_files(tmp_path):
    refs = {"map.html": set(), "places.geojson": set(), "part-00000.parquet": set()}
    for v in ("0", "1"):  # the two versions of each file (the writer is deterministic)
        ref = tmp_path / f"ref{v}"
        ref.mkdir()
        subprocess.run([sys.executable, "-c", WRITER, str(ref), v], check=True)
        for name in refs:
            refs[name].add((ref / name).read_bytes())
    assert all(len(v) == 2 for v in refs.values()), "the two versions must differ"

    out = tmp_path / "out"
    out.mkdir()
    rng = random.Random(14)
    kills = 0
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(out), "loop"],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 1.5))
        proc.kill()
        proc.wait()
        kills += 1
        for name, allowed in refs.items():
            assert (out / name).read_bytes() in allowed, f"{name} is neither version after kill {kills}"
        assert _gpkg_version(out / "places.gpkg") in (0, 1)
        import pyarrow.parquet as pq

        assert pq.read_table(out / "part-00000.parquet").num_rows in (40000, 45000)
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert all(is_our_temp(n) for n in leftovers), leftovers


def test_old_temps_of_killed_writers_are_swept_on_the_next_write(tmp_path):
    target = tmp_path / "map.html"
    old = tmp_path / ".map.html.abcd1234.tmp.html"
    young = tmp_path / ".map.html.wxyz9876.tmp.html"
    journal = tmp_path / ".out.gpkg.q1w2e3r4.tmp.gpkg-journal"
    foreign = tmp_path / ".map.html.backup"
    for p in (old, young, journal, foreign):
        p.write_bytes(b"x" * 100)
    two_hours_ago = time.time() - 2 * STALE_TEMP_S
    for p in (old, journal, foreign):
        os.utime(p, (two_hours_ago, two_hours_ago))
    atomic_write_bytes(target, b"<html></html>")
    assert not old.exists() and young.exists() and foreign.exists()
    assert journal.exists()  # another target's temp: left to that target's next write
    assert sweep_temps(tmp_path) == [journal]
    assert target.read_bytes() == b"<html></html>"


def test_failed_write_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.geojson"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            Path(str(tmp) + "-journal").write_text("j")
            raise RuntimeError("writer failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.geojson"]


def test_written_file_is_flushed_and_renamed(tmp_path, monkeypatch):
    """fsync runs on the temp file before the rename and on the folder after it."""
    import geo._atomic as atomic

    calls = []
    real_replace = os.replace
    monkeypatch.setattr(atomic, "fsync_path", lambda p: calls.append(("fsync", Path(p))))
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (calls.append(("rename", Path(b))),
                                                         real_replace(a, b)))
    target = tmp_path / "x.html"
    atomic_write_bytes(target, b"data")
    assert [c[0] for c in calls] == ["fsync", "rename", "fsync"]
    assert calls[0][1].name.startswith(".x.html.") and calls[2][1] == tmp_path
