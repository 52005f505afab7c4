"""The optional Nominatim provider, against a small Nominatim-format server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

import geo
from geo import _nominatim

ANSWERS = {
    "Khorgos Gateway": [{"place_id": 1, "osm_type": "node", "osm_id": 4242, "lat": "44.2125",
                         "lon": "80.3900", "name": "Khorgos Gateway", "class": "landuse",
                         "type": "industrial", "importance": 0.31,
                         "display_name": "Khorgos Gateway, Zharkent, Kazakhstan",
                         "address": {"country_code": "kz"}}],
}


def _answer(q):
    if q == "slow place":
        time.sleep(1.5)
    return ANSWERS.get(q, [])


@pytest.fixture
def server(fake_nominatim):
    return fake_nominatim(_answer)


def test_answer_parsed_and_cached(server):
    p = geo.geocode("Khorgos Gateway", provider="nominatim")
    assert p.id == "osm:node/4242" and p.country == "KZ"
    assert p.lat == pytest.approx(44.2125) and p.source == "OpenStreetMap Nominatim"
    assert server.hits[0][2].startswith("corridor-atlas/")
    again = geo.geocode("Khorgos Gateway", provider="nominatim")
    assert again.id == p.id and len(server.hits) == 1  # answered from the disk cache


def test_at_most_one_request_per_second(server):
    for name in ("Nowhere One", "Nowhere Two", "Nowhere Three"):
        with pytest.raises(geo.PlaceNotFoundError):
            geo.geocode(name, provider="nominatim")
    times = [t for t, _, _ in server.hits]
    assert len(times) == 3
    # requests start at least 1 s apart; the server sees them a little later each (load)
    assert times[-1] - times[0] >= 1.8


def test_empty_answer_falls_back_to_offline_index(server):
    p = geo.geocode("Bishkek", provider="nominatim")
    assert p.id.startswith("geonames:") and len(server.hits) == 1


def test_timeout_warns_and_falls_back(server, monkeypatch):
    monkeypatch.setattr(_nominatim, "TIMEOUT_S", 0.3)
    with pytest.warns(UserWarning, match="did not answer"):
        with pytest.raises(geo.PlaceNotFoundError):
            geo.geocode("slow place", provider="nominatim")


def test_unreachable_server_raises_clear_provider_error(monkeypatch, tmp_path):
    monkeypatch.setenv("CORRIDORS_NOMINATIM_URL", "http://127.0.0.1:9")
    monkeypatch.setattr(_nominatim, "cache_dir", lambda: tmp_path)
    with pytest.raises(geo.ProviderError, match="offline"):
        _nominatim.query_nominatim("Anywhere")
