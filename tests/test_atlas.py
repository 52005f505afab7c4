"""The corridor atlas of a corpus run (issue 15, items 1, 4, 5): page data from the corpus
tables, ``corridors map OUTDIR`` / ``corridors corpus --map``, and in Chromium the time
slider, timeline chart, filters, URL hash, offline loading and hostile article text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"

# Our own sentences: one article plans a line, a later one says it runs; the first carries
# markup and template text in its id, title and sentence.
HOSTILE = [
    {"id": 'note-<img src=x onerror="window.__pwned=1">', "date": "2020-03-02",
     "title": "<script>window.__pwned=2</script>",
     "text": 'Officials said the railway from Tashkent to Termez <img src=x onerror="window.__pwned=3"> '
             "is planned. {{7*7}} </script><script>window.__pwned=4</script>"},
    {"id": "note-later", "date": "2022-06-01", "title": "Line opens",
     "text": "The railway from Tashkent to Termez is now operational, officials said."},
]
LINE = "Tashkent – Tirmiz"  # the label the gazetteer gives the line (GeoNames' spelling)


def corridors(*args):
    return subprocess.run([sys.executable, "-m", "geo", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """The project's own dated corpus as tables and its atlas (``corridors corpus --map``)."""
    out = tmp_path_factory.mktemp("atlas") / "out"
    page = out.parent / "atlas.html"
    res = corridors("corpus", CORPUS, "-o", out, "--quiet", "--map", page, "--offline")
    assert res.returncode == 0, res.stderr
    return out, page


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    src = base / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE), encoding="utf-8")
    out, page = base / "out", base / "atlas.html"
    res = corridors("corpus", src, "-o", out, "--quiet")
    assert res.returncode == 0, res.stderr
    res = corridors("map", out, "-o", page, "--offline")
    assert res.returncode == 0, res.stderr
    return out, page


# --------------------------------------------------------------------------- page data


def test_page_data_keeps_the_status_history_in_the_contract_shape(corpus_run):
    from geo.atlas import atlas_data

    data = atlas_data(corpus_run[0])
    by = {c["t"]: c for c in data["corridors"]}
    ka = by["Kashgar–Andijan line"]
    assert ka["m"] == "rail" and ka["n"] >= 5 and {"CN", "KG", "UZ"} <= set(ka["c"])
    statuses = [e[1] for e in ka["h"]]
    assert statuses[0] == "proposed" and "planned" in statuses and statuses[-1] == "under_construction"
    dates = [e[0] for e in ka["h"]]
    assert dates == sorted(dates) and len(ka["q"]) == len(ka["h"])
    for c in data["corridors"]:  # by date, undated entries last
        undated = [i for i, e in enumerate(c["h"]) if e[0] is None]
        assert undated == list(range(len(c["h"]) - len(undated), len(c["h"])))
        assert c["g"] and all(len(p) >= 4 and len(p) % 2 == 0 for p in c["g"])
    # lines are thousandths of a degree, then differences: Kashgar is the line's west end
    lat, lon = ka["g"][0][0] / 1000, ka["g"][0][1] / 1000
    path = [(lat, lon)]
    for k in range(2, len(ka["g"][0]), 2):
        lat, lon = lat + ka["g"][0][k] / 1000, lon + ka["g"][0][k + 1] / 1000
        path.append((lat, lon))
    assert any(abs(a - 39.47) < 0.3 and abs(b - 75.99) < 0.3 for a, b in (path[0], path[-1])), path
    # a corridor never given a status still has its first mention, as "not stated"
    quiet = [c for c in data["corridors"] if all(e[1] is None for e in c["h"])]
    assert quiet and all(len(c["h"]) == 1 and c["h"][0][2] for c in quiet)


def test_a_folder_that_is_not_a_corpus_run_is_one_line_that_says_what_to_do(tmp_path):
    res = corridors("map", tmp_path, "-o", tmp_path / "a.html")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "corridors corpus" in res.stderr
    (tmp_path / "manifest.json").write_text('{"finished": false}', encoding="utf-8")
    res = corridors("map", tmp_path, "-o", tmp_path / "a.html")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.count("\n") == 1 and "--resume" in res.stderr
    assert not (tmp_path / "a.html").exists()


def test_map_of_a_corpus_folder_writes_the_atlas(corpus_run, tmp_path):
    out, page = corpus_run
    html = page.read_text(encoding="utf-8")
    assert "CorridorAtlasUI" in html and "window.CorridorAtlas" in html
    assert "GeoNames" in html and "Natural Earth" in html  # credits where maps are made
    res = corridors("map", out, "-o", tmp_path / "m.html", "--offline", "--date", "2023-05")
    assert res.returncode == 0, res.stderr
    assert "atlas of" in res.stderr
    bad = corridors("map", out, "-o", tmp_path / "n.html", "--date", "May 2023")
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr and "Traceback" not in bad.stderr
    bad = corridors("map", out, "-o", tmp_path / "n.html", "--gpkg", tmp_path / "n.gpkg")
    assert bad.returncode == 2 and "GeoParquet" in bad.stderr and not (tmp_path / "n.html").exists()


def test_the_atlas_on_deck_gl_holds_the_same_histories_and_controls(corpus_run, tmp_path):
    """`--renderer deck` (auto above 5,000 corridors): the same corridors and status
    histories on WebGL, with the same controls."""
    out, _ = corpus_run
    res = corridors("map", out, "-o", tmp_path / "deck.html", "--renderer", "deck")
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "deck.html").read_text(encoding="utf-8")
    assert "CorridorAtlasUI" in html and "deck.gl" in html
    data = json.loads(re.search(r'<script id="ca-data" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    from geo.corpus import load

    table = load(out, "corridors")
    assert len(data["cols"]["t"]["v"]) == len(table)
    histories = data["cols"]["h"]["v"] if "h" in data["cols"] else None
    assert histories and max(len(h) for h in histories) == max(len(h) for h in table["status_history"])


# --------------------------------------------------------------------------- in the browser


def _open(browser, page_file: Path, *, width=1200, height=800, hash_=""):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_file.as_uri() + hash_)
    page.wait_for_function("window.CorridorAtlas && window.CorridorAtlas.shown() >= 0")
    return page, errors


def _pixel_colors(page, label: str) -> list[tuple[int, int, int]]:
    """Colours on screen at the midpoints of one corridor's drawn segments."""
    from io import BytesIO

    from PIL import Image

    pts = page.evaluate("""(label) => {
      const c = CorridorAtlas.corridors().find(x => x.t === label), map = CorridorAtlas._map, out = [];
      let lls = c._layer.getLatLngs();
      if (!L.LineUtil.isFlat(lls)) { lls = lls.flat(); }
      lls.forEach((ll, i, a) => { if (i) {
        const p = map.latLngToContainerPoint([(ll.lat + a[i-1].lat) / 2, (ll.lng + a[i-1].lng) / 2]);
        out.push([Math.round(p.x), Math.round(p.y)]); } });
      return out; }""", label)
    # the place markers (which sit on the line's ends and towns) are not what is measured
    page.add_style_tag(content=".leaflet-marker-pane,.leaflet-ca-places-pane,.leaflet-tooltip-pane{display:none}")
    img = Image.open(BytesIO(page.screenshot())).convert("RGB")
    return [img.getpixel((x, y)) for x, y in pts if 0 <= x < img.width and 0 <= y < img.height]


def _near(rgb, hex_color, tol=40) -> bool:
    want = tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tol for a, b in zip(rgb, want))


def test_moving_the_slider_by_keyboard_changes_the_drawn_status(browser, corpus_run):
    from geo._atlas_ui import STATUS_COLOR

    page, errors = _open(browser, corpus_run[1], hash_="#q=Andijan")  # that line alone
    name = "Kashgar–Andijan line"
    page.locator("input.ca-slider").focus()
    page.keyboard.press("Home")  # the first month of the corpus (March 2019)
    assert page.locator(".ca-date").inner_text() == "As of Mar 2019"
    assert not page.evaluate(f"CorridorAtlas.drawn({name!r}).shown")  # not yet mentioned
    for _ in range(3):  # to June 2019
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(50)
    early = page.evaluate(f"CorridorAtlas.drawn({name!r})")
    early_px = _pixel_colors(page, name)
    assert "d=2019-06" in page.evaluate("location.hash")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # the last month (End itself is "all dates")
    page.wait_for_timeout(50)
    late = page.evaluate(f"CorridorAtlas.drawn({name!r})")
    late_px = _pixel_colors(page, name)
    assert page.evaluate("location.hash").startswith("#d=2025-")
    assert early["shown"] and early["status"] == "proposed" and early["color"] == STATUS_COLOR["proposed"]
    assert late["shown"] and late["status"] == "under_construction"
    assert late["color"] == STATUS_COLOR["under_construction"]
    # what is painted, not only what the layer says
    assert sum(_near(p, STATUS_COLOR["proposed"]) for p in early_px) >= len(early_px) // 2 > 0
    assert sum(_near(p, STATUS_COLOR["under_construction"]) for p in late_px) >= len(late_px) // 2 > 0
    assert not any(_near(p, STATUS_COLOR["proposed"]) for p in late_px)
    assert not errors
    page.close()


def test_status_as_of_a_date_hides_the_unmentioned_and_keeps_undated_for_all_dates(browser, corpus_run):
    page, errors = _open(browser, corpus_run[1])
    rule = page.evaluate("""() => {
      const h = [["2020-01-05", "planned", "a"], ["2021-03-01", "operational", "b"], [null, "suspended", "c"]];
      const s = CorridorAtlasUI.statusAt;
      return [s(h, "2020-01-04").visible, s(h, "2020-01-05").status, s(h, "2021-02-28").status,
              s(h, "2030-01-01").status, s(h, null).status, s([[null, "planned", "x"]], "2030-01-01").visible,
              s([[null, "planned", "x"]], null).status];
    }""")
    assert rule == [False, "planned", "planned", "operational", "operational", False, "planned"]
    undated = [c["t"] for c in page.evaluate(
        "CorridorAtlas.corridors().map(c => ({t: c.t, h: c.h}))") if all(e[0] is None for e in c["h"])]
    assert undated
    page.evaluate("CorridorAtlas.setDate('2025-12-31')")
    assert not page.evaluate(f"CorridorAtlas.drawn({undated[0]!r}).shown")
    n_late = page.evaluate("CorridorAtlas.shown()")
    page.evaluate("CorridorAtlas.setDate('2019-03-31')")
    n_early = page.evaluate("CorridorAtlas.shown()")
    page.evaluate("CorridorAtlas.setDate(null)")
    assert page.evaluate(f"CorridorAtlas.drawn({undated[0]!r}).shown")
    n_all = page.evaluate("CorridorAtlas.shown()")
    assert 0 < n_early < n_late < n_all == len(page.evaluate("CorridorAtlas.corridors().map(c => c.t)"))
    assert not errors
    page.close()


def test_the_url_hash_restores_date_and_filters(browser, corpus_run):
    page, errors = _open(browser, corpus_run[1], hash_="#d=2021-12&m=air")
    assert page.locator(".ca-date").inner_text() == "As of Dec 2021"
    shown = page.evaluate("CorridorAtlas.corridors().filter(c => c._shown).map(c => c.m)")
    assert shown and set(shown) == {"air"}
    # ticking a filter box writes the state back into the hash
    page.evaluate("document.querySelector('.ca-filters').open = true")
    page.locator(".ca-f-mode input[value=rail]").check()
    assert "m=air,rail" in page.evaluate("location.hash") or "m=rail,air" in page.evaluate("location.hash")
    page.locator(".ca-f-country input[value=KG]").uncheck()
    assert "c=" in page.evaluate("location.hash")
    assert not errors
    page.close()


def test_the_popup_draws_the_status_timeline_with_its_articles(browser, corpus_run):
    page, errors = _open(browser, corpus_run[1], hash_="#d=2023-05")
    page.evaluate("CorridorAtlas.focus('Kashgar–Andijan line')")
    pop = page.locator(".leaflet-popup-content .ca-tl")
    pop.wait_for()
    segs = pop.locator("rect.ca-seg").evaluate_all("els => els.map(e => e.dataset.status)")
    assert segs[0] == "proposed" and "planned" in segs and segs[-1] == "under_construction"
    assert pop.locator("line.ca-now").count() == 1  # the slider's date on the chart
    text = pop.inner_text()
    assert "proposed" in text and "under construction" in text and "article:" in text
    assert "as of 2023-05-31: planned" in page.locator(".leaflet-popup-content").inner_text()
    assert not errors
    page.close()


def test_search_filters_corridors_and_places_group_by_zoom(browser, corpus_run):
    page, errors = _open(browser, corpus_run[1], width=800, height=700)
    total = page.evaluate("CorridorAtlas.shown()")
    page.locator("input.ca-search").fill("Trans-Afghan")
    assert 0 < page.evaluate("CorridorAtlas.shown()") < total
    assert "Trans-Afghan" in page.evaluate("location.hash").replace("%20", " ")
    page.locator("input.ca-search").fill("")
    clusters = page.locator(".ca-cluster").count()
    assert clusters > 0  # at the fitted zoom nearby places share a circle
    page.evaluate("void CorridorAtlas._map.setZoom(8, {animate: false})")
    assert page.locator(".ca-cluster").count() < clusters
    widths = page.evaluate("CorridorAtlas.corridors().map(c => [c.n, c._layer.options.weight])")
    assert max(w for n, w in widths if n == max(n for n, _ in widths)) > min(w for n, w in widths if n == 1)
    assert not errors
    page.close()


def test_the_offline_atlas_requests_nothing_but_itself(browser, corpus_run):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    seen = []

    def handler(route):
        seen.append(route.request.url)
        route.continue_() if route.request.url.startswith("file:") else route.abort()

    context.route("**/*", handler)
    page = context.new_page()
    page.goto(corpus_run[1].as_uri())
    page.wait_for_function("window.CorridorAtlas && CorridorAtlas.shown() > 0")
    page.locator("input.ca-slider").focus()
    page.keyboard.press("Home")
    page.evaluate("CorridorAtlas.focus('Kashgar–Andijan line')")
    page.wait_for_timeout(300)
    assert seen == [corpus_run[1].as_uri()]
    context.close()


def test_hostile_text_in_a_corpus_article_runs_nothing(browser, hostile_run):
    page, errors = _open(browser, hostile_run[1])
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.evaluate(f"CorridorAtlas.focus({LINE!r})")
    pop = page.locator(".leaflet-popup-content")
    pop.wait_for()
    text = pop.inner_text()
    assert 'onerror="window.__pwned=1"' in text and "{{7*7}}" in text  # shown as text
    page.locator("input.ca-search").fill('<img src=x onerror="window.__pwned=5">')
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".leaflet-popup-content img, .ca-atlas img").count() == 0
    assert not dialogs and not errors
    # and the status still changes with the date: planned in 2021, operational in 2023
    page.evaluate("CorridorAtlas.setDate('2021-01-31')")
    assert page.evaluate(f"CorridorAtlas.drawn({LINE!r}).status") == "planned"
    page.evaluate("CorridorAtlas.setDate('2023-01-31')")
    assert page.evaluate(f"CorridorAtlas.drawn({LINE!r}).status") == "operational"
    page.close()


@pytest.mark.parametrize("width", [390, 800, 1200])
def test_the_controls_fit_the_screen_and_leave_the_data_in_view(browser, corpus_run, width):
    page, errors = _open(browser, corpus_run[1], width=width, height=780)
    panel = page.locator(".ca-atlas").bounding_box()
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    assert panel["x"] + panel["width"] <= zoom["x"] or panel["y"] >= zoom["y"] + zoom["height"]
    # the middle corridor's far ends are on screen and not under the controls
    ends = page.evaluate("""() => { const c = CorridorAtlas.corridors()[0], m = CorridorAtlas._map;
      let ll = c._layer.getLatLngs(); if (!L.LineUtil.isFlat(ll)) { ll = ll.flat(); } return [ll[0], ll[ll.length - 1]].map(p => {
        const q = m.latLngToContainerPoint(p); return [q.x, q.y]; }); }""")
    for x, y in ends:
        assert 0 <= x <= width and 0 <= y <= 780
        assert not (panel["x"] <= x <= panel["x"] + panel["width"] and panel["y"] <= y <= panel["y"] + panel["height"])
    assert not errors
    page.close()


def test_on_a_phone_a_popup_opens_clear_of_the_controls(browser, corpus_run):
    page, errors = _open(browser, corpus_run[1], width=390, height=780, hash_="#d=2023-05&s=planned,proposed")
    assert page.locator(".ca-filters").evaluate("d => d.open")  # the hash opened the filters
    page.evaluate("CorridorAtlas.focus('Trans-Afghan railway')")
    page.locator(".leaflet-popup-content .ca-tl").wait_for()
    page.wait_for_timeout(400)  # the pan
    panel = page.locator(".ca-atlas").bounding_box()
    pop = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert pop["y"] >= panel["y"] + panel["height"]
    assert pop["x"] >= 0 and pop["x"] + pop["width"] <= 390
    assert not errors
    page.close()


def test_the_deck_atlas_from_python_opens_at_its_date(browser, corpus_run, tmp_path):
    """``atlas_map(..., renderer="deck", date=...)``: the library draws the deck.gl atlas
    itself (not only the command line), and it opens at the month asked for."""
    from geo.atlas import atlas_map, save_atlas
    from geo.maps_deck import DeckMap

    out, _ = corpus_run
    m = atlas_map(out, renderer="deck", date="2023-05")
    assert isinstance(m, DeckMap)
    page_file = save_atlas(m, tmp_path / "deck-dated.html")
    page, errors = _open(browser, page_file)
    page.wait_for_function("document.querySelector('input[type=range]') !== null")
    assert page.evaluate("document.querySelector('input[type=range]').getAttribute('aria-valuetext')") == "May 2023"
    assert not errors
    page.close()
    with pytest.raises(ValueError, match="renderer must be one of"):
        atlas_map(out, renderer="webgl")
