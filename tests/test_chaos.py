"""Chaos: damage the place index the ways a disk, a user or a killed process can, and the
next call still answers right (one stderr line, no traceback); four processes building an
empty cache at once build it once and agree.

One sound index is built (or found) per session and copied into a temporary folder for
each test; only the tests that must rebuild pay for a build (about 15 s each).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo import gazetteer as gz
from geo._atomic import is_our_temp
from geo._cache import build_lock
from geo._errors import DataError
from geo.gazetteer import Gazetteer, automaton_path, check_index, manifest_path

BISHKEK = (42.87, 74.59)


@pytest.fixture(scope="session")
def sound_unit() -> Path:
    """The sound index of this machine's cache (built if need be)."""
    index = gz.ensure_index()
    assert check_index(index, full=True) is None
    return index


def _copy_unit(index: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for p in (index, automaton_path(index), manifest_path(index)):
        shutil.copy2(p, folder / p.name)
    return folder / index.name


@pytest.fixture
def unit(sound_unit, tmp_path) -> Path:
    """A private copy of the sound index in ``tmp_path/cache``."""
    return _copy_unit(sound_unit, tmp_path / "cache")


def _cli(cache: Path, *args, tmpdir: Path | None = None):
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(cache)}
    if tmpdir:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def _geocode_bishkek(cache: Path, **kw):
    res = _cli(cache, "geocode", "Bishkek", "--format", "json", **kw)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    best = json.loads(res.stdout)["best"]
    assert (round(best["lat"], 2), round(best["lon"], 2)) == BISHKEK
    return res


def _overwrite(path: Path, offset: int, data: bytes, *, keep_time: bool = False) -> None:
    st = path.stat()
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)
    if keep_time:  # as a rotting disk does: the content changes, the time does not
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


# ------------------------------------------------------------------ every damage is found


def _truncate(index):
    os.truncate(index, index.stat().st_size // 2)


def _zero(index):
    _overwrite(index, 0, b"\0" * (1 << 20))


def _header(index):
    _overwrite(index, 0, os.urandom(4096))


def _directory(index):
    index.unlink()
    index.mkdir()
    (index / "x").write_text("a folder where the index belongs")


def _row_edited(index):
    import sqlite3

    con = sqlite3.connect(index)
    con.execute("UPDATE places SET lat = lat + 10 WHERE name = 'Bishkek'")
    con.commit()
    con.close()


def _bit_rot(index):
    _overwrite(index, index.stat().st_size // 2, b"\xff", keep_time=True)


def _automaton_garbage(index):
    p = automaton_path(index)
    p.write_bytes(os.urandom(p.stat().st_size // 50))


def _automaton_same_size(index):
    p = automaton_path(index)
    _overwrite(p, 200, os.urandom(4096))


def _manifest_gone(index):
    manifest_path(index).unlink()


def _manifest_garbage(index):
    manifest_path(index).write_text(json.dumps({"format": gz.INDEX_FORMAT, "files": 3}))


DAMAGE = {"truncated": _truncate, "zeroed": _zero, "header overwritten": _header,
          "directory": _directory, "row edited": _row_edited, "automaton garbage": _automaton_garbage,
          "automaton overwritten": _automaton_same_size, "manifest missing": _manifest_gone,
          "manifest garbage": _manifest_garbage}


@pytest.mark.parametrize("how", DAMAGE)
def test_cheap_check_finds_damage(unit, how):
    assert check_index(unit) is None
    DAMAGE[how](unit)
    t = time.perf_counter()
    problem = check_index(unit)
    assert problem not in (None, "missing")
    assert time.perf_counter() - t < 1.0


def test_bit_rot_is_found_by_the_full_check_only(unit):
    _bit_rot(unit)
    assert check_index(unit) is None  # the cheap check cannot see it: a checksum can
    assert "checksum" in check_index(unit, full=True)


def test_missing_index_is_reported_as_missing(tmp_path):
    assert check_index(tmp_path / "gazetteer-x.sqlite") == "missing"


# ------------------------------------------------------------------ the next call answers


def test_truncated_index_is_rebuilt_with_one_line(unit):
    _truncate(unit)
    res = _geocode_bishkek(unit.parent)
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and "was damaged" in lines[0] and "rebuilding" in lines[0]
    assert check_index(unit, full=True) is None
    assert _geocode_bishkek(unit.parent).stderr == ""  # healed for good


def test_directory_and_garbage_automaton_are_rebuilt_for_extract(unit, tmp_path):
    _directory(unit)
    _automaton_garbage(unit)
    text = tmp_path / "a.txt"
    text.write_text("Ministers met in Bishkek before flying on to Tehran.\n", encoding="utf-8")
    res = _cli(unit.parent, "extract", str(text), "--format", "json")
    assert res.returncode == 0 and len(res.stderr.splitlines()) == 1, res.stderr
    names = {p["name"] for p in json.loads(res.stdout)[0]["places"]}
    assert {"Bishkek", "Tehran"} <= names
    assert unit.is_file() and check_index(unit, full=True) is None


def test_damaged_page_met_by_a_query_heals_in_process(unit, capsys):
    """Damage the cheap check cannot see (pages in the middle, times kept) surfaces as a
    sqlite3.DatabaseError in a query: the index is rebuilt and the query answered."""
    data = unit.read_bytes()
    page = 4096
    pages = set()
    at = data.find(b"Bishkek")
    while at != -1:
        pages.add(at // page)
        at = data.find(b"Bishkek", at + 1)
    del data
    for p in sorted(pages):
        if p > 0:
            _overwrite(unit, p * page, os.urandom(page), keep_time=True)
    gaz = Gazetteer(unit)
    found = gaz.candidates("bishkek")
    assert any(rec.name == "Bishkek" and round(rec.lat, 2) == BISHKEK[0] for rec, _ in found)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was damaged" in err


def test_unwritable_cache_folder_falls_back_with_one_warning(sound_unit, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    tmpdir = tmp_path / "tmp"
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    fallback = tmpdir / f"corridor-atlas-cache-{uid}"
    _copy_unit(sound_unit, fallback)
    fallback.chmod(0o700)
    res = _geocode_bishkek(blocker, tmpdir=tmpdir)
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and "cannot write the cache folder" in lines[0] and str(fallback) in lines[0]


def test_read_only_cache_with_sound_index_is_used_as_it_is(unit):
    unit.parent.chmod(0o555)
    try:
        assert _geocode_bishkek(unit.parent).stderr == ""
    finally:
        unit.parent.chmod(0o755)


# ------------------------------------------------------------------ parallel processes


def test_builder_killed_mid_build_then_four_processes_build_once_and_agree(tmp_path):
    cache = tmp_path / "empty-cache"
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "geo", "geocode", "Bishkek", "--format", "json"]
    # a first builder is killed while it writes the index: what it leaves must not count
    victim = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 120
    while time.time() < deadline and not (cache.is_dir() and any(".tmp" in p.name for p in cache.iterdir())):
        time.sleep(0.05)
    time.sleep(1.0)
    victim.kill()
    victim.wait()
    index = cache / gz.index_path().name  # the file name holds only the data's key
    assert check_index(index) is not None  # unfinished: no manifest yet
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(4)]
    first_inodes = None
    outs = [None] * 4
    while any(o is None for o in outs):
        for i, p in enumerate(procs):
            if outs[i] is None and p.poll() is not None:
                outs[i] = (p.returncode, *p.communicate())
                if first_inodes is None:
                    # the files are final when the first process is done: a second build
                    # would replace them afterwards
                    first_inodes = [f.stat().st_ino for f in sorted(cache.glob("gazetteer-*")) if f.is_file()]
        time.sleep(0.05)
    assert all(rc == 0 and "Traceback" not in err for rc, _, err in outs), outs
    # nothing to say when the killed build left only temp files; one line when it had
    # renamed its index already (then one of the four found it unfinished and rebuilt it)
    said = [err for _, _, err in outs if err]
    assert not said or (len(said) == 1 and said[0].count("\n") == 1 and "was damaged" in said[0])
    assert len({out for _, out, _ in outs}) == 1
    assert [f.stat().st_ino for f in sorted(cache.glob("gazetteer-*")) if f.is_file()] == first_inodes
    assert check_index(index, full=True) is None
    # the killed builder's temp files are young: they stay until they are an hour old
    assert all(is_our_temp(p.name) for p in cache.iterdir() if p.name.startswith("."))


def test_a_stuck_lock_holder_is_passed_over(tmp_path, capsys):
    lock = tmp_path / "x.lock"
    with build_lock(lock) as first:
        assert first
        t = time.perf_counter()
        with build_lock(lock, stale_s=0.3, what="the test cache") as second:
            assert not second
        assert 0.3 <= time.perf_counter() - t < 5
    assert "going ahead without it" in capsys.readouterr().err
    with build_lock(lock, stale_s=0.3) as again:
        assert again  # released by the first holder


def test_a_killed_lock_holder_does_not_block(tmp_path):
    lock = tmp_path / "x.lock"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from geo._cache import build_lock\n"
                               f"with build_lock({str(lock)!r}):\n"
                               "    print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    t = time.perf_counter()
    with build_lock(lock, stale_s=30) as got:
        assert got
    assert time.perf_counter() - t < 2


def test_cache_clear_removes_the_whole_index(unit):
    res = _cli(unit.parent, "cache", "clear")
    assert res.returncode == 0 and not unit.exists() and not manifest_path(unit).exists()
    assert check_index(unit) == "missing"


def test_cache_clear_waits_for_a_build_in_progress(unit, monkeypatch):
    import threading

    from geo.gazetteer import _lock_path

    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(unit.parent))
    done = []
    with build_lock(_lock_path(unit)):
        t = threading.Thread(target=lambda: done.append(gz.clear_cache()))
        t.start()
        time.sleep(0.5)
        assert not done and unit.exists()  # clear waits while the builder holds the lock
    t.join(timeout=30)
    assert done and not unit.exists()


def test_temps_of_a_killed_build_are_swept_on_open(unit):
    old = unit.parent / f".{unit.name}.k1ll3d00.tmp.sqlite"
    young = unit.parent / f".{unit.name}.bu1ld1ng.tmp.sqlite"
    for p in (old, young):
        p.write_bytes(b"half an index")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    Gazetteer(unit)
    assert not old.exists() and young.exists()


def test_automaton_values_round_trip_at_the_limits():
    from geo._automaton import _MAX_KEYS, NameAutomaton

    auto = NameAutomaton(keys=["k0"] * (_MAX_KEYS - 1))  # the next key is the last that fits
    auto._key_ids = {"k0": 0}  # (indexing 4 million keys would only slow the test down)
    auto.add_word(" last ", ("k-last", True, 255))
    auto.add_word(" first ", ("k0", False, 2))
    auto.add_word(" toolong ", ("k0", False, 256))  # no place name is that long: left out
    auto.make_automaton()
    assert auto.get(" last ") == ("k-last", True, 255)
    assert list(auto.iter(" first last ")) == [(6, ("k0", False, 2)), (11, ("k-last", True, 255))]
    assert " toolong " not in auto
    with pytest.raises(DataError, match="name keys"):
        auto.add_word(" one more ", ("k-new", False, 3))


def test_cache_verify_finds_bit_rot_and_rebuilds(unit):
    res = _cli(unit.parent, "cache", "verify")
    assert res.returncode == 0 and "sound" in res.stdout and res.stderr == ""
    _bit_rot(unit)
    assert check_index(unit) is None  # invisible to the cheap check on open
    res = _cli(unit.parent, "cache", "verify")
    assert res.returncode == 1 and "checksum" in res.stdout and "rebuilt" in res.stdout
    assert len(res.stderr.splitlines()) == 1 and "rebuilding" in res.stderr
    assert check_index(unit, full=True) is None


def test_cache_cleared_after_open_is_rebuilt_on_the_next_query(unit, monkeypatch, capsys):
    """`corridors cache clear` between another process's start-up check and its first
    query: the query finds no file, and the index is built again without a word."""
    gaz = Gazetteer(unit)
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(unit.parent))
    assert gz.clear_cache() and not unit.exists()
    rec = gaz.get("country:KG")
    assert rec is not None and rec.name == "Kyrgyzstan"
    assert check_index(unit, full=True) is None and capsys.readouterr().err == ""
