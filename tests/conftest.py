"""Shared fixtures. In CI (CI=true) a missing browser or seed file fails instead of skipping."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, why: str):
    """Skip (locally) or fail (in CI) when a resource is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    files = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    need(bool(files), f"the seed story is not at {SHARED / 'seeds'} (it always is in CI)")
    return files[0]


@pytest.fixture(scope="session")
def seed_retelling() -> str:
    return (ROOT / "data" / "articles" / "iran-kyrgyzstan.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    need(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser(chromium):
    """A headless Chromium for the browser tests (one per test module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        from geo.export import chromium_args

        b = p.chromium.launch(executable_path=chromium, args=chromium_args(offline=False))
        yield b
        b.close()


@pytest.fixture
def fake_nominatim(monkeypatch, tmp_path):
    """A Nominatim-format server on 127.0.0.1: ``fake_nominatim(answer)`` starts one whose
    answer to a query ``q`` is the JSON of ``answer(q)``; the returned server records
    ``hits`` as ``(time.monotonic(), q, user_agent)`` and ``url``. The provider is pointed at
    it and its cache at a temporary folder."""
    import json
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlparse

    from geo import _nominatim

    servers = []

    def start(answer):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server API)
                q = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                self.server.hits.append((time.monotonic(), q, self.headers.get("User-Agent")))
                body = json.dumps(answer(q)).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        srv.hits = []
        srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        monkeypatch.setenv("CORRIDORS_NOMINATIM_URL", srv.url)
        monkeypatch.setattr(_nominatim, "cache_dir", lambda: tmp_path)
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.shutdown()
