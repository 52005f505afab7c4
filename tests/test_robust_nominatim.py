"""The Nominatim cache is one SQLite table shared by processes: one request per second
across all of them, no lost writes, bad answers never cached, a damaged cache replaced,
``cache clear`` removes it; a hung server costs one timeout, not three."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

import geo
from geo import _nominatim


def _answer(q):
    if q == "No Coordinates":
        return [{"osm_type": "node", "osm_id": 1, "display_name": "Somewhere"}]
    if q == "Hung":
        time.sleep(1.5)
        return []
    if q.startswith("Depot"):
        return [{"osm_type": "node", "osm_id": 7, "lat": "41.3", "lon": "69.2",
                 "name": q, "display_name": f"{q}, Tashkent", "importance": "high?",
                 "address": {"country_code": "uz"}}]
    return []


@pytest.fixture
def server(fake_nominatim):
    return fake_nominatim(_answer)


def test_answer_without_coordinates_is_an_error_and_not_cached(server):
    for _ in range(2):
        with pytest.raises(geo.ProviderError, match="without coordinates"):
            _nominatim.query_nominatim("No Coordinates")
    assert len(server.hits) == 2  # asked again: the bad answer was not kept
    with pytest.warns(UserWarning, match="without coordinates"):
        assert _nominatim.geocode_nominatim("No Coordinates") is None


def test_odd_fields_do_not_crash(server):
    p, score = _nominatim.geocode_nominatim("Depot Nine")
    assert (p.lat, p.lon, p.country, score) == (41.3, 69.2, "UZ", 0.0)


def test_hung_server_costs_one_timeout(server, monkeypatch):
    monkeypatch.setattr(_nominatim, "TIMEOUT_S", 0.4)
    t = time.perf_counter()
    with pytest.raises(geo.ProviderError, match="within 0.4 s"):
        _nominatim.query_nominatim("Hung")
    assert time.perf_counter() - t < 1.2
    time.sleep(1.3)
    assert [h[1] for h in server.hits] == ["Hung"]


def test_damaged_cache_is_replaced_with_one_line(server, tmp_path, capsys):
    (tmp_path / _nominatim.CACHE_NAME).write_bytes(b"not a database" * 100)
    assert _nominatim.query_nominatim("Depot One")["lat"] == "41.3"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was damaged" in err
    assert _nominatim.query_nominatim("Depot One")["lat"] == "41.3"
    assert len(server.hits) == 1


def test_processes_share_the_limit_and_keep_every_answer(server, tmp_path):
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(tmp_path),
           "CORRIDORS_NOMINATIM_URL": server.url}
    code = ("import sys; from geo._nominatim import query_nominatim\n"
            "for q in sys.argv[1:]: query_nominatim(q)")
    procs = [subprocess.Popen([sys.executable, "-c", code, *[f"Depot {w}{i}" for i in range(3)]],
                              env=env) for w in "AB"]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    times = sorted(h[0] for h in server.hits)
    assert len(times) == 6
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.9, gaps  # one request per second across both processes
    import sqlite3

    con = sqlite3.connect(tmp_path / _nominatim.CACHE_NAME)
    assert con.execute("SELECT count(*) FROM answers").fetchone()[0] == 6  # no lost writes
    con.close()
    res = subprocess.run([sys.executable, "-m", "geo", "cache", "clear"], env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0 and not (tmp_path / _nominatim.CACHE_NAME).exists()
