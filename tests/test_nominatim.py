"""The optional Nominatim provider, against a small Nominatim-format server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

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


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        url = urlparse(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        self.server.hits.append((time.monotonic(), q, self.headers.get("User-Agent")))
        if q == "slow place":
            time.sleep(1.5)
        body = json.dumps(ANSWERS.get(q, [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch, tmp_path):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.hits = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CORRIDORS_NOMINATIM_URL", f"http://127.0.0.1:{srv.server_address[1]}")
    monkeypatch.setattr(_nominatim, "cache_dir", lambda: tmp_path)
    yield srv
    srv.shutdown()


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
