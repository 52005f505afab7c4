"""``save_png`` of an offline map sends nothing over the network: Chromium's own network
log (NetLog) of the real call holds no DNS query and no connection to another host."""

import json

import pytest

import geo
from geo import export
from geo.maps import corridor_map


def _netlog_events(path):
    log = json.loads(path.read_text(encoding="utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    return [(names.get(e["type"], "?"), e.get("params") or {}) for e in log["events"]]


@pytest.mark.usefixtures("chromium")
def test_offline_png_makes_no_dns_query_and_no_connection(tmp_path, monkeypatch):
    netlog = tmp_path / "net.json"
    monkeypatch.setattr(export, "CHROMIUM_QUIET_ARGS", export.CHROMIUM_QUIET_ARGS + [
        f"--log-net-log={netlog}", "--net-log-capture-mode=Everything"])
    ex = geo.extract("Container trains run from Almaty to Tashkent every week.")
    out = export.save_png(corridor_map(ex, offline=True), tmp_path / "fig.png", width=600,
                          height=400, scale=1)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    events = _netlog_events(netlog)
    assert events, "Chromium wrote its network log"
    assert [p for t, p in events if t.startswith("DNS_TRANSACTION")] == []  # no DNS packet
    connects = [p.get("address") for t, p in events if t == "TCP_CONNECT_ATTEMPT"]
    assert all(a.startswith(("127.", "[::1]")) for a in connects if a), connects
    # Chromium still *asks* for some URLs (its sign-in and updater code), but no host
    # name resolves: each such request ends inside the browser
    resolved = [p for t, p in events if t == "HOST_RESOLVER_DNS_TASK"]
    assert resolved == []


def test_offline_flags_only_for_offline_maps():
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in export.chromium_args(True)
    assert not any(a.startswith("--host-resolver-rules") for a in export.chromium_args(False))
    assert "--disable-background-networking" in export.chromium_args(False)
