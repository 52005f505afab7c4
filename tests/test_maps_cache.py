"""Country shapes are built once and read back from the cache folder by later processes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo import _shapes


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_built_once_then_read(cache):
    calls = []

    def build():
        calls.append(1)
        return {"shapes": [1, 2, 3]}

    assert _shapes.cached("demo", build, 0.1) == {"shapes": [1, 2, 3]}
    assert _shapes.cached("demo", build, 0.1) == {"shapes": [1, 2, 3]}
    assert calls == [1]
    files = list(cache.glob("gazetteer-shapes-demo-*.pkl"))
    assert len(files) == 1 and not list(cache.glob(".*tmp*"))
    # other parameters are another file; both stay
    _shapes.cached("demo", build, 0.2)
    assert len(list(cache.glob("gazetteer-shapes-demo-*.pkl"))) == 2 and calls == [1, 1]


def test_a_damaged_file_is_rebuilt(cache):
    path = _shapes.cache_path("demo", 1, builder_module=__name__)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    assert _shapes.cached("demo", lambda: 42, 1) == 42
    assert _shapes.cached("demo", lambda: 0, 1) == 42  # rewritten whole


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_still_maps(cache):
    cache.chmod(0o500)
    try:
        assert _shapes.cached("demo", lambda: 7, 1) == 7
    finally:
        cache.chmod(0o700)


def test_cache_clear_removes_the_shapes(cache):
    _shapes.cached("demo", lambda: 1, 1)
    out = subprocess.run([sys.executable, "-m", "geo", "cache", "clear"], capture_output=True,
                         text=True, env=dict(os.environ, CORRIDORS_CACHE_DIR=str(cache)))
    assert out.returncode == 0
    assert not list(cache.glob("gazetteer-shapes-*"))


def test_basemap_from_the_cache_equals_a_fresh_build(cache):
    from geo.maps import _basemap_geojson, _build_basemap

    _basemap_geojson.cache_clear()
    try:
        first = _basemap_geojson(0.5, 1.0)  # builds and writes
        assert list(cache.glob("gazetteer-shapes-basemap-*.pkl"))
        assert first == _build_basemap(0.5, 1.0)
        _basemap_geojson.cache_clear()
        assert _basemap_geojson(0.5, 1.0) == first  # read back
    finally:
        _basemap_geojson.cache_clear()
