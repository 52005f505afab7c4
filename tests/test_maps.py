"""Maps: self-contained HTML, safe popups, deterministic output, tested in a real browser."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.export import render_html, save_geojson, save_gpkg, save_html
from geo.extraction import extract
from geo.maps import corridor_map, safe
from geo.mapdata import map_frames

ROOT = Path(__file__).resolve().parent.parent
XSS = (
    "Breaking: <script>window.__pwned=1</script> officials said the new ferry between Baku "
    "and Aktau <img src=x onerror=\"window.__pwned=2\"> would run ${window.__pwned=3} weekly. "
    "Flights between Tehran and Bishkek `resume` </script><b>bold</b> 'quoted' \"double\" "
    "next month {{ 7*7 }} {% endif %} {{ cycler.__init__.__globals__.os.getpid() }}.")


@pytest.fixture(scope="module")
def seed_map(seed_retelling):
    ex = extract(seed_retelling, source="iran-kyrgyzstan.txt")
    return ex, corridor_map(ex, offline=True)


def test_safe_escapes_html_and_template_literals():
    s = safe("<img src=x onerror=alert(1)> ${x} `y` \\ 'q' \"d\" {{ 7*7 }} {% if %}")
    assert "<" not in s and "${" not in s and "`" not in s and "\\" not in s
    assert "'" not in s and '"' not in s and "{" not in s and "}" not in s


def test_article_text_is_not_run_as_a_template(tmp_path):
    ex = extract("A ferry between Baku and Aktau {{ 7*7 }} {% endif %} resumed.")
    html = render_html(corridor_map(ex, offline=True))
    assert "Aktau 49" not in html
    # popups reach the page as JSON text; "{{" is written as an escape Jinja cannot see
    assert "\\u007b{ 7*7 }}" in html and "{{ 7*7 }}" not in html


def test_offline_html_is_self_contained(seed_map, tmp_path):
    _, m = seed_map
    html = render_html(m)
    assert not re.search(r'<(?:script|img)[^>]+src="https?://|<link[^>]+href="https?://', html)
    assert "L.map(" in html or "L.map" in html
    for credit in ("GeoNames", "Natural Earth", "searoute"):
        assert credit in html


def test_html_with_tiles_names_its_tile_source(seed_retelling):
    m = corridor_map(extract(seed_retelling))
    html = render_html(m)
    assert "basemaps.cartocdn.com" in html and "OpenStreetMap" in html
    assert not re.search(r'<script[^>]+src="https?://', html)


def test_save_html_is_atomic_and_deterministic(seed_retelling, tmp_path):
    code = ("import sys; from geo.extraction import extract; from geo.maps import corridor_map; "
            "from geo.export import save_html; "
            "t = open(sys.argv[1], encoding='utf-8').read(); "
            "save_html(corridor_map(extract(t), offline=True), sys.argv[2], offline=True)")
    src = ROOT / "data" / "articles" / "iran-kyrgyzstan.txt"
    outs = []
    for i in range(2):
        out = tmp_path / f"map{i}.html"
        subprocess.run([sys.executable, "-c", code, str(src), str(out)], check=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert not list(tmp_path.glob(".*.tmp*"))


def test_offline_save_refuses_tile_maps(seed_retelling, tmp_path):
    with pytest.raises(ValueError, match="offline"):
        save_html(corridor_map(extract(seed_retelling)), tmp_path / "x.html", offline=True)


def test_view_ignores_far_passing_mentions(seed_map):
    _, m = seed_map
    (south, west), (north, east) = m.get_bounds() if False else _fit(m)
    # the US is mentioned but the view stays on Iran and Central Asia
    assert west > 30 and east < 90 and south > 15 and north < 55


def _fit(m):
    for child in m._children.values():
        if type(child).__name__ == "Furniture":
            return child.spec["bounds"]
    raise AssertionError("no bounds to fit on the map")


def test_map_from_extract_json_and_frames(tmp_path, seed_retelling):
    ex = extract(seed_retelling, source="seed.txt")
    path = tmp_path / "ex.json"
    path.write_text(json.dumps([ex.to_dict()]), encoding="utf-8")
    places, corridors = map_frames(path)
    assert len(corridors) == 2 and set(corridors["mode"]) == {"rail", "air"}
    m = corridor_map((places, corridors), offline=True)
    assert "Kyrgyzstan" in render_html(m)
    with pytest.raises(ValueError, match="schema_version"):
        bad = tmp_path / "bad.json"
        bad.write_text('{"hello": 1}')
        map_frames(bad)


def test_corridors_merge_across_articles():
    a = extract("Direct flights between Tehran and Bishkek start in May.", source="a")
    b = extract("The air link from Bishkek to Tehran was discussed.", source="b")
    c = extract("A ferry between Baku and Aktau resumed.", source="c")
    _, corridors = map_frames([a, b, c])
    air = corridors[corridors["mode"] == "air"]
    assert len(air) == 1 and air["weight"].iloc[0] == 2
    assert len(corridors) == 2


def test_geojson_and_gpkg(tmp_path, seed_retelling):
    import geopandas as gpd

    places, corridors = map_frames(extract(seed_retelling))
    save_geojson(corridors, tmp_path / "c.geojson")
    data = json.loads((tmp_path / "c.geojson").read_text())
    assert len(data["features"]) == 2
    save_gpkg({"places": places, "corridors": corridors}, tmp_path / "out.gpkg")
    back = gpd.read_file(tmp_path / "out.gpkg", layer="corridors")
    assert len(back) == 2 and back.crs.to_epsg() == 4326


def test_cli_map(tmp_path):
    art = ROOT / "tests" / "data" / "articles" / "13-baku-aktau-ferry.txt"
    out = tmp_path / "m.html"
    res = subprocess.run([sys.executable, "-m", "geo", "map", str(art),
                          str(ROOT / "data" / "articles" / "iran-kyrgyzstan.txt"), "-o", str(out),
                          "--offline", "--geojson", str(tmp_path / "c.geojson")],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert out.exists() and "3 corridor(s)" in res.stderr


# --------------------------------------------------------------------------- in a browser


def _open(browser, path, *, answer_tiles=False):
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    requests, errors = [], []

    def handle(route):
        url = route.request.url
        requests.append(url)
        if url.startswith("file:"):
            route.continue_()
        elif answer_tiles and ".png" in url:
            route.fulfill(status=200, content_type="image/png", body=_PNG)
        else:
            route.abort()

    ctx.route("**/*", handle)
    page = ctx.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(Path(path).as_uri(), wait_until="load")
    page.wait_for_timeout(500)
    return ctx, page, requests, errors


def _point_on(locator):
    """Page coordinates of the middle of an SVG path's stroke (a bounding-box centre can
    miss a diagonal line)."""
    return locator.evaluate(
        "(p) => { const q = p.getPointAtLength(p.getTotalLength() / 2);"
        " const m = p.getScreenCTM();"
        " return [q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]; }")


def _click(page, locator):
    x, y = _point_on(locator)
    page.mouse.move(x, y)
    page.wait_for_timeout(30)
    page.mouse.click(x, y)
    page.wait_for_timeout(30)


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                     "0000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082")


@pytest.mark.browser
def test_offline_map_in_browser(browser, seed_map, tmp_path):
    ex, m = seed_map
    path = save_html(m, tmp_path / "seed.html", offline=True)
    ctx, page, requests, errors = _open(browser, path)
    try:
        assert requests == [path.as_uri()], requests  # nothing but the file itself
        assert errors == []
        assert page.locator("path.ca-route").count() == 2
        # countries are shaded and named, not dotted
        assert page.locator("path.ca-place").count() == sum(pm.place.kind != "country" for pm in ex.places)
        _click(page, page.locator("path.ca-rail").first)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "test run" in popup.inner_text()
        assert "Kyrgyzstan–Bandar Abbas railway" in popup.inner_text()
        assert page.locator(".ca-legend").is_visible() and page.locator(".ca-fullscreen").count() == 1
    finally:
        ctx.close()


@pytest.mark.browser
def test_map_with_tiles_in_browser(browser, seed_retelling, tmp_path):
    path = save_html(corridor_map(extract(seed_retelling)), tmp_path / "tiles.html")
    ctx, page, requests, errors = _open(browser, path, answer_tiles=True)
    try:
        tiles = [u for u in requests if "cartocdn" in u]
        assert tiles, "the tile layer asked for no tiles"
        assert all(u.startswith("file:") or "cartocdn" in u for u in requests), requests
        assert errors == []
        assert page.locator("img.leaflet-tile").count() > 0
        assert page.locator("path.ca-route").count() == 2
    finally:
        ctx.close()


@pytest.mark.browser
def test_injection_runs_nothing(browser, tmp_path):
    ex = extract(XSS, source="<script>window.__pwned=4</script>")
    assert ex.routes and ex.places
    path = save_html(corridor_map(ex, offline=True, title="T <b>${1}</b>"), tmp_path / "x.html",
                     offline=True)
    ctx, page, requests, errors = _open(browser, path)
    try:
        title = page.title()
        shapes = page.locator("path.ca-route, path.ca-place")
        n = shapes.count()
        assert n >= 4
        texts = []
        for i in range(n):
            _click(page, shapes.nth(i))
            texts += page.locator(".leaflet-popup-content, .leaflet-tooltip").all_inner_texts()
        assert page.evaluate("window.__pwned") is None
        assert page.title() == title == "T <b>${1}</b>"  # <title> from the map title, as text
        assert any("<script>window.__pwned=1</script>" in t for t in texts), texts
        assert any("${window.__pwned=3}" in t for t in texts)
        assert any("{{ 7*7 }} {% endif %}" in t for t in texts)
        assert page.locator(".ca-title").inner_text() == "T <b>${1}</b>"
        assert errors == []
    finally:
        ctx.close()


def test_embedded_json_cannot_end_or_blank_the_script():
    """Article text inside the page's JSON ("<!--<script>", "</script>", "&", U+2028, "{{")
    is escaped so that the browser reads it back unchanged and never as markup."""
    import json

    from geo._mapui import js_json

    value = {"s": "<!--<script> </script> & \u2028 \u2029 {{ x }} {% y %}"}
    text = js_json(value)
    assert json.loads(text) == value
    assert not any(ch in text for ch in "<>&\u2028\u2029") and "{{" not in text and "{%" not in text
