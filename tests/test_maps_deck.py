"""The deck.gl map in a real browser (headless Chromium with software WebGL): 100,000
corridors load and draw with no console error and no request, the atlas API filters by
date and by field, popups show hostile text as text, and a browser without WebGL gets
a clear message. Missing WebGL fails these tests; it does not skip them."""

from __future__ import annotations

import io

import numpy as np
import pytest

from geo.export import WEBGL_ARGS, chromium_args, save_html
from geo.maps_deck import deck_map
from tests.test_maps_scale import frame

pytestmark = pytest.mark.browser

ARGS = chromium_args(offline=False)
AIR = (123, 63, 160)
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"  # MODE_STYLE["air"]["color"], #7b3fa0


@pytest.fixture(scope="module")
def pw(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def gl_browser(pw, chromium):
    """Chromium with WebGL in software (SwiftShader): what CI has."""
    b = pw.chromium.launch(executable_path=chromium, args=ARGS + WEBGL_ARGS)
    yield b
    b.close()


class Page:
    """A page of one map, with its console errors and every request it made."""

    def __init__(self, browser, path, *, width=1200, height=800):
        self.ctx = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.ctx.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri(), wait_until="load", timeout=600_000)
        self.page.wait_for_function("document.documentElement.dataset.caDrawn",
                                    timeout=600_000, polling=200)

    def drawn(self) -> str:
        return self.page.evaluate("document.documentElement.dataset.caDrawn")

    def pixels(self, color, tol=40) -> int:
        from PIL import Image

        shot = self.page.screenshot(timeout=600_000)
        img = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
        return int((np.abs(img - np.array(color)).max(axis=2) <= tol).sum())


def test_100000_corridors_load_and_draw_offline(gl_browser, tmp_path):
    # three points a line: software WebGL pays per drawn segment (see bench/maps.py)
    path = save_html(deck_map(frame(100_000, points=3), title="One hundred thousand lines"),
                     tmp_path / "big.html")
    p = Page(gl_browser, path, width=1280, height=720)
    try:
        assert p.drawn() == "1", "deck.gl did not draw: no WebGL in this Chromium?"
        assert p.errors == []
        assert p.requests == [path.resolve().as_uri()]  # only the file itself
        assert p.page.evaluate("CorridorAtlas.shown()") == 100_000
        assert p.page.evaluate("CorridorAtlas.frames") >= 1
        before = p.pixels(AIR)
        assert before > 20_000  # the lines are on the screen
        # and they are gone when the filter hides them (the basemap stays)
        p.page.evaluate("CorridorAtlas.setFilter({modes: ['rail']})")
        p.page.wait_for_timeout(300)
        p.page.evaluate(NEXT_FRAME)
        assert p.page.evaluate("CorridorAtlas.shown()") == 10_000
        # (by mode this is the air colour; with the atlas controls mounted, lines take their
        # status colours and it is "proposed", as in the legend's swatch): a filter that
        # keeps none of the lines leaves none of that colour
        p.page.evaluate("CorridorAtlas.setFilter({modes: ['sea']})")
        p.page.wait_for_timeout(300)
        p.page.evaluate(NEXT_FRAME)
        assert p.page.evaluate("CorridorAtlas.shown()") == 0
        assert p.pixels(AIR) < 2_000 < before
    finally:
        p.ctx.close()


def _history_frame():
    f = frame(4, names=["Steppe Line", "Gulf Line", "Lake Ferry", "Hill Road"])
    f["h"] = [[["2020-04-01", "planned", "a1"], ["2023-06-15", "operational", "a2"]],
              [["2022-01-10", "proposed", "a3"]],
              [[None, "proposed", "a4"]],  # undated: shown under all dates only
              [["2019-09-01", "under_construction", "a5"], ["2024-02-01", "suspended", "a6"]]]
    f["mode"] = ["rail", "air", "sea", "road"]
    f["status"] = ["operational", "proposed", "proposed", "suspended"]
    f["via_countries"] = [["KZ", "UZ"], ["IR"], ["AZ"], ["KG"]]
    return f


def test_atlas_api_shows_status_as_of_a_date(gl_browser, tmp_path):
    path = save_html(deck_map(_history_frame()), tmp_path / "atlas.html")
    p = Page(gl_browser, path)
    try:
        def view():
            return [(c["t"], c["status"]) for c in p.page.evaluate("CorridorAtlas.corridors()")
                    if c["shown"]]

        assert p.drawn() == "1"
        assert view() == [("Steppe Line", "operational"), ("Gulf Line", "proposed"),
                          ("Lake Ferry", "proposed"), ("Hill Road", "suspended")]
        p.page.evaluate("CorridorAtlas.setDate('2021-01-01')")
        assert view() == [("Steppe Line", "planned"), ("Hill Road", "under_construction")]
        p.page.evaluate("CorridorAtlas.setDate('2023-06-15')")  # on the day counts
        assert view() == [("Steppe Line", "operational"), ("Gulf Line", "proposed"),
                          ("Hill Road", "under_construction")]
        p.page.evaluate("CorridorAtlas.setFilter({statuses: ['operational', 'proposed'], "
                        "countries: ['IR', 'KZ']})")
        assert view() == [("Steppe Line", "operational"), ("Gulf Line", "proposed")]
        p.page.evaluate("CorridorAtlas.setFilter({query: 'gulf'})")
        assert view() == [("Gulf Line", "proposed")]
        p.page.evaluate("CorridorAtlas.setFilter({}); CorridorAtlas.setDate(null)")
        assert len(view()) == 4
        assert p.errors == []
    finally:
        p.ctx.close()


def test_popup_shows_hostile_text_as_text(gl_browser, tmp_path):
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    f = frame(1, names=[hostile], sentence="They said " + hostile)
    path = save_html(deck_map(f), tmp_path / "hostile.html")
    p = Page(gl_browser, path)
    try:
        assert p.drawn() == "1"
        x, y = p.page.evaluate("CorridorAtlas.screenPoint(0)")
        p.page.mouse.move(x, y)  # as a reader does: hover (the tooltip), then click
        p.page.wait_for_function("(document.querySelector('.deck-tooltip') || {}).innerText",
                                 timeout=30_000)
        assert hostile in p.page.locator(".deck-tooltip").inner_text()
        p.page.evaluate(NEXT_FRAME)  # the highlighted frame is drawn (software WebGL is slow)
        p.page.mouse.click(x, y)
        popup = p.page.locator("#ca-popup")
        popup.wait_for(state="visible", timeout=10_000)
        assert hostile in popup.inner_text()
        assert popup.locator("img, script").count() == 0
        assert p.page.evaluate("window.__pwned") is None
        assert p.errors == []
    finally:
        p.ctx.close()


def test_without_webgl_the_page_says_so(pw, chromium, tmp_path):
    path = save_html(deck_map(frame(3)), tmp_path / "nogl.html")
    b = pw.chromium.launch(executable_path=chromium, args=ARGS + ["--disable-webgl",
                                                                  "--disable-3d-apis"])
    try:
        page = b.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.dataset.caDrawn", timeout=60_000)
        assert page.evaluate("document.documentElement.dataset.caDrawn") == "error"
        assert "needs WebGL" in page.locator("[role=alert]").inner_text()
    finally:
        b.close()


def test_save_png_draws_the_deck_map(tmp_path):
    from PIL import Image

    from geo.export import save_png

    out = save_png(deck_map(frame(200)), tmp_path / "deck.png", width=800, height=500, scale=1,
                   title="Two hundred lines", source="Source: synthetic")
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape[:2] == (500, 800)
    assert int((np.abs(img - np.array(AIR)).max(axis=2) <= 40).sum()) > 500
