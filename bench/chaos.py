"""Damage the cache in each way a user's disk can, then run the command line twice.

For each scenario a good cache is copied into a fresh folder, damaged, and
``corridors extract`` is run on a two-sentence text twice in fresh processes; the table
shows the exit code, the time and the first stderr line of each run, and whether the
answer was right (Bishkek and Tehran found). Needs a built cache in
``$CORRIDORS_CACHE_DIR`` (run any ``corridors`` command first); writes only to temporary
folders.

    python bench/chaos.py [--only NAME]
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="run only scenarios whose name contains this")
    args = ap.parse_args()
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
