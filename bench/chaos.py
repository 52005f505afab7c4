"""Damage the cache in each way a user's disk can, then run the command line twice.

For each scenario a good cache is copied into a fresh folder, damaged, and
``corridors extract`` is run on a two-sentence text twice in fresh processes; the table
shows the exit code, the time and the first stderr line of each run, and whether the
answer was right (Bishkek and Tehran found). Needs a built cache in
``$CORRIDORS_CACHE_DIR`` (run any ``corridors`` command first); writes only to temporary
folders.

    python bench/chaos.py [--only NAME]
    python bench/chaos.py --load     # automaton load: old pickle vs save/load vs ours

``--load`` times, in one process (median of 5), loading the automaton the old way
(``pickle.load`` of an automaton of tuples, which can run any code a cache writer put in
the file), with pyahocorasick's ``save``/``load`` of the integer automaton, and the way the
index stores it now (integers, an unpickler that admits only ``ahocorasick.Automaton``,
keys read from SQLite).
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT = "Officials in Bishkek said a new rail line will reach Tehran by 2030.\n"


def _base_cache() -> Path:
    from geo.gazetteer import cache_dir

    base = cache_dir()
    if not list(base.glob("gazetteer-*.sqlite")):
        sys.exit(f"no built cache in {base}: run `corridors geocode Osh` first")
    return base


def _index(d: Path) -> Path:
    return next(d.glob("gazetteer-*.sqlite"))


def _automaton(d: Path) -> Path:
    return next(p for p in d.iterdir() if p.name.startswith("automaton-") or p.suffix == ".automaton")


def _truncate(d):
    p = _index(d)
    os.truncate(p, p.stat().st_size // 2)


def _zero(d):
    p = _index(d)
    size = p.stat().st_size
    with open(p, "r+b") as fh:
        for _ in range(0, size, 1 << 20):
            fh.write(b"\0" * min(1 << 20, size - fh.tell()))


def _overwrite(d):
    p = _index(d)
    size = p.stat().st_size
    with open(p, "r+b") as fh:  # garbage over the header and over pages in the middle
        fh.write(os.urandom(4096))
        for off in range(size // 4, size, size // 4):
            fh.seek(off)
            fh.write(os.urandom(1 << 16))


def _overwrite_pages(d):
    p = _index(d)
    size = p.stat().st_size
    with open(p, "r+b") as fh:  # header intact, garbage in the middle
        for off in range(size // 8, size, size // 8):
            fh.seek(off)
            fh.write(os.urandom(1 << 16))


def _directory(d):
    p = _index(d)
    p.unlink()
    p.mkdir()


def _garbage_automaton(d):
    p = _automaton(d)
    p.write_bytes(os.urandom(p.stat().st_size // 100))


def _truncated_automaton(d):
    p = _automaton(d)
    os.truncate(p, p.stat().st_size // 3)


def _bitrot(d):
    import sqlite3

    con = sqlite3.connect(_index(d))
    con.execute("UPDATE places SET lat = lat + 10 WHERE name = 'Bishkek'")
    con.commit()
    con.close()


def _read_only(d: Path) -> None:
    """Make a folder unwritable, for root too (chattr +i) when we run as root."""
    d.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(d)], check=True)


def _writable(d: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(d)], capture_output=True)
    d.chmod(0o755)


def _readonly_empty(d):
    for p in list(d.iterdir()):
        p.unlink() if p.is_file() else shutil.rmtree(p)
    _read_only(d)


def _readonly_built(d):
    _read_only(d)


def _missing(d):
    shutil.rmtree(d)


def _missing_unwritable(d):
    # the cache folder does not exist and cannot be made (its parent is read-only)
    shutil.rmtree(d)
    _read_only(d.parent)


def _file_instead(d):
    shutil.rmtree(d)
    d.write_text("not a folder")


SCENARIOS = {
    "index truncated": _truncate,
    "index zeroed": _zero,
    "index overwritten (header+pages)": _overwrite,
    "index pages overwritten": _overwrite_pages,
    "index replaced by a directory": _directory,
    "index row bit-rotted": _bitrot,
    "automaton garbage": _garbage_automaton,
    "automaton truncated": _truncated_automaton,
    "cache dir read-only, empty": _readonly_empty,
    "cache dir read-only, built": _readonly_built,
    "cache dir missing": _missing,
    "cache dir missing, parent read-only": _missing_unwritable,
    "cache dir is a file": _file_instead,
}


def _run(cache: Path, text_file: Path):
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(cache)}
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "geo", "extract", str(text_file), "--format", "table"],
                         capture_output=True, text=True, env=env, timeout=900)
    dt = time.perf_counter() - t
    ok = res.returncode == 0 and "Bishkek" in res.stdout and "Tehran" in res.stdout
    if ok and "bit-rot" in str(cache):
        ok = " 42.87" in res.stdout  # the true latitude of Bishkek, not the rotted one
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    first = lines[-1] if lines and lines[0].startswith("Traceback") else (lines[0] if lines else "")
    return res.returncode, dt, ok, first[:110], len(lines)


def _median_time(fn, n: int = 5) -> float:
    from _timing import median_time

    return median_time(fn, n)


def bench_load() -> None:
    import pickle

    import ahocorasick

    from geo.gazetteer import Gazetteer, automaton_path, ensure_index

    index = ensure_index()
    gaz = Gazetteer(index)
    ours = gaz.stored_automaton()
    with tempfile.TemporaryDirectory() as tmp:
        old = ahocorasick.Automaton()  # the layout before: tuples as values, plain pickle
        for word, value in ours._auto.items():
            old.add_word(word, ours._decode(value))
        old.make_automaton()
        old_file = Path(tmp) / "old.pkl"
        old_file.write_bytes(pickle.dumps(old, protocol=pickle.HIGHEST_PROTOCOL))
        saved = Path(tmp) / "saved.bin"
        ours._auto.save(str(saved))

        def load_pickle():
            with open(old_file, "rb") as fh:
                pickle.load(fh)

        # interleaved rounds, so that the machine's load falls on all three alike
        rounds = [(_median_time(load_pickle, 1),
                   _median_time(lambda: ahocorasick.load(str(saved), pickle.loads), 1),
                   _median_time(gaz.stored_automaton, 1)) for _ in range(7)]
        import statistics

        t_old, t_save, t_ours = (statistics.median(r[i] for r in rounds) for i in range(3))
    print(f"automaton of {len(ours):,} names ({automaton_path(index).stat().st_size / 1e6:.0f} MB)")
    print(f"  old: pickle.load, tuple values (runs any code) {t_old:6.3f} s")
    print(f"  pyahocorasick save/load, integer values        {t_save:6.3f} s  ({t_save / t_old:.2f}x)")
    print(f"  ours: restricted unpickler + keys from SQLite  {t_ours:6.3f} s  ({t_ours / t_old:.2f}x)")
    t_check = _median_time(lambda: __import__("geo.gazetteer").gazetteer.check_index(index))
    t_full = _median_time(lambda: __import__("geo.gazetteer").gazetteer.check_index(index, full=True))
    print(f"  cheap check on open {t_check * 1000:.2f} ms; full checksum {t_full:.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="run only scenarios whose name contains this")
    ap.add_argument("--load", action="store_true", help="time automaton loading instead")
    args = ap.parse_args()
    if args.load:
        bench_load()
        return
    base = _base_cache()
    print(f"base cache: {base}")
    for name, damage in SCENARIOS.items():
        if args.only and args.only not in name:
            continue
        root = Path(tempfile.mkdtemp(prefix="chaos-"))
        cache = root / ("bit-rot" if "bit-rot" in name else "cache")
        shutil.copytree(base, cache, ignore=shutil.ignore_patterns("*.lock", ".*"))
        text_file = root / "a.txt"
        text_file.write_text(TEXT, encoding="utf-8")
        try:
            damage(cache)
            for attempt in (1, 2):
                rc, dt, ok, first, n = _run(cache, text_file)
                print(f"{name:38} run {attempt}: rc={rc} {dt:6.1f} s right={ok!s:5} "
                      f"stderr lines={n}: {first}", flush=True)
        finally:
            for p in (root, cache):
                if p.is_dir():
                    _writable(p)
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
