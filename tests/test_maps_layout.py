"""The map as a reader sees it, in headless Chromium at phone, notebook and desktop widths:
labels, a legend of what is drawn, page metadata, and no control covering the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.export import save_html
from geo.extraction import extract
from geo.maps import corridor_map
from geo.mapdata import map_frames

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"
WIDTHS = [(390, 700), (800, 600), (1200, 800)]
MULTI = ["01-baku-tbilisi-kars.txt", "08-almaty-tbilisi-flights.txt", "13-baku-aktau-ferry.txt",
         "15-turkmenbashi-baku.txt", "20-middle-corridor.txt", "26-kars-gyumri.txt"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_html(seed_retelling, tmp_path_factory):
    ex = extract(seed_retelling, source="iran-kyrgyzstan.txt")
    return save_html(corridor_map(ex, offline=True), tmp_path_factory.mktemp("seed") / "seed.html",
                     offline=True)


@pytest.fixture(scope="module")
def multi_html(tmp_path_factory):
    exs = [extract((ARTICLES / name).read_text(encoding="utf-8"), source=name) for name in MULTI]
    # our own short note that repeats two of those corridors: they are drawn wider
    exs.append(extract("Cargo on the Baku-Tbilisi-Kars railway grew this year. The ferry between "
                       "Baku and Aktau added sailings.", source="note.txt"))
    places, corridors = map_frames(exs)
    assert corridors["weight"].max() > 1  # some corridor is in two articles
    return save_html(corridor_map((places, corridors), offline=True),
                     tmp_path_factory.mktemp("multi") / "multi.html", offline=True)


def _open(browser, path, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(Path(path).as_uri(), wait_until="load")
    page.wait_for_timeout(400)
    return page, errors


_BOXES = """() => {
  const frame = document.querySelector('.leaflet-container').getBoundingClientRect();
  const r = (el) => { const b = el.getBoundingClientRect();
    return {l: b.left, t: b.top, r: b.right, b: b.bottom, text: el.textContent}; };
  const onMap = (b) => b.r > frame.left && b.l < frame.right && b.b > frame.top && b.t < frame.bottom;
  const visible = (el) => getComputedStyle(el).visibility !== 'hidden' && el.offsetParent !== null;
  return {
    controls: [...document.querySelectorAll('.leaflet-control')].filter(e => e.offsetWidth).map(r),
    markers: [...document.querySelectorAll('path.ca-place')].map(r)
      .filter(b => b.r > b.l && onMap(b)),  // a place far out of view has an empty path
    labels: [...document.querySelectorAll('.ca-label')].filter(visible).map(r),
  };
}"""


def _overlap(a, b, margin=0.5):
    return a["l"] < b["r"] - margin and b["l"] < a["r"] - margin and \
        a["t"] < b["b"] - margin and b["t"] < a["b"] - margin


@pytest.mark.parametrize("which", ["seed", "multi"])
@pytest.mark.parametrize("width,height", WIDTHS)
def test_no_control_covers_a_marker_or_label(browser, seed_html, multi_html, which, width, height):
    page, errors = _open(browser, seed_html if which == "seed" else multi_html, width, height)
    try:
        boxes = page.evaluate(_BOXES)
        assert errors == []
        assert boxes["markers"], "no place on the map"
        assert boxes["labels"], "no label shown"
        for c in boxes["controls"]:
            for thing in boxes["markers"] + boxes["labels"]:
                assert not _overlap(c, thing), (c["text"][:40], thing)
        labels = boxes["labels"]
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert not _overlap(a, b, 1), (a["text"], b["text"])
            for m in boxes["markers"]:
                assert not _overlap(a, m, 1.5), (a["text"], m)
    finally:
        page.close()


def test_seed_labels_use_the_article_and_country_names(browser, seed_html):
    page, _ = _open(browser, seed_html, 1200, 800)
    try:
        shown = set(page.evaluate(
            "() => [...document.querySelectorAll('.ca-label')].filter(e => getComputedStyle(e)"
            ".visibility !== 'hidden').map(e => e.textContent)"))
        assert {"Tehran", "Bishkek", "Bandar Abbas"} <= shown
        assert {"Kyrgyzstan–Bandar Abbas railway", "Tehran – Bishkek"} <= shown
        assert {"Iran", "Kyrgyzstan"} <= shown  # on the shaded countries, not as dots
        # the far-away US is not in view, so its label is not shown either
        assert "United States" not in shown
    finally:
        page.close()


def test_labels_follow_the_articles_spelling():
    ex = extract("Officials in Frunze said flights from Frunze to Teheran would start in May.")
    places, _ = map_frames(ex)
    labels = dict(zip(places["name"], places["label"]))
    assert labels["Bishkek"] == "Frunze" and labels["Tehran"] == "Teheran"


def test_legend_lists_only_what_is_drawn(browser, seed_html, multi_html):
    page, _ = _open(browser, seed_html, 1200, 800)
    try:
        legend = page.locator(".ca-legend")
        assert legend.get_attribute("open") is not None  # open on a wide screen
        text = legend.inner_text()
        for word in ("Rail", "Air", "test run", "proposed", "network", "geodesic", "city"):
            assert word in text, word
        for word in ("Sea", "Pipeline", "Road", "sea-lane", "schematic", "Line width"):
            assert word not in text, word
        assert "airport" not in text.splitlines()  # no airport is drawn as a place
        assert "schematic: schematic" not in page.content()
    finally:
        page.close()
    page, _ = _open(browser, multi_html, 1200, 800)
    try:
        text = page.locator(".ca-legend").inner_text()
        assert "Line width" in text and "2 articles" in text
        assert "Sea" in text and "Pipeline" not in text
    finally:
        page.close()


def test_legend_is_collapsed_on_a_phone_and_opens(browser, seed_html):
    page, _ = _open(browser, seed_html, 390, 700)
    try:
        legend = page.locator(".ca-legend")
        assert legend.get_attribute("open") is None
        assert not page.get_by_text("How each line was made").is_visible()
        page.locator(".ca-legend summary").click()
        assert page.get_by_text("How each line was made").is_visible()
    finally:
        page.close()


def test_title_and_description(browser, seed_html):
    page, _ = _open(browser, seed_html, 800, 600)
    try:
        title = "Tehran and Bishkek pledge closer security ties, eye new transport links"
        assert page.title() == title
        desc = page.locator('meta[name="description"]').get_attribute("content")
        assert desc.startswith(title) and "2 corridors" in desc
        assert page.locator(".ca-title").inner_text() == title
    finally:
        page.close()


def _point_on(page, locator):
    # a place: the middle of its circle; a line: the middle of its stroke
    return locator.evaluate(
        "(p) => { if (p.classList.contains('ca-place')) { const b = p.getBoundingClientRect();"
        " return [(b.left + b.right) / 2, (b.top + b.bottom) / 2]; }"
        " const q = p.getPointAtLength(p.getTotalLength() / 2);"
        " const m = p.getScreenCTM();"
        " return [q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]; }")


def test_every_feature_answers_a_click_without_a_focus_box(browser, seed_html):
    page, errors = _open(browser, seed_html, 1200, 800)
    try:
        shapes = page.locator("path.ca-route, path.ca-place")
        clicked = 0
        for i in range(shapes.count()):
            x, y = _point_on(page, shapes.nth(i))
            if not (0 < x < 1200 and 0 < y < 800):
                continue  # the far-away US is out of view
            clicked += 1
            page.mouse.click(x, y)
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            assert popup.count() == 1 and popup.inner_text().strip()
            outline = page.evaluate("() => { const a = document.activeElement;"
                                    " return a ? getComputedStyle(a).outlineStyle : 'none'; }")
            assert outline == "none", (i, outline)
            page.locator(".leaflet-popup-close-button").click()
            popup.wait_for(state="detached")
        assert clicked >= 5
        assert errors == []
    finally:
        page.close()


def test_labels_are_capped_and_ranked_on_big_maps():
    import geopandas as gpd
    from shapely.geometry import LineString

    from geo.maps import MAX_CORRIDOR_LABELS, _labels

    n = 300
    frame = gpd.GeoDataFrame({"mode": ["air"] * n, "name": [f"Line {i}" for i in range(n)],
                              "status": [None] * n, "length_km": [float(i) for i in range(n)],
                              "weight": [3] + [1] * (n - 1)},
                             geometry=[LineString([(40 + i / 10, 30), (60, 40 + i / 20)]) for i in range(n)],
                             crs="EPSG:4326")
    labels = _labels(frame, frame.iloc[0:0], set())
    assert len(labels) == MAX_CORRIDOR_LABELS
    # the corridor in most articles first, then the longest
    assert [l["t"] for l in labels[:3]] == ["Line 0", "Line 299", "Line 298"]


def test_turning_a_layer_off_hides_its_labels(browser, seed_html):
    """Unticking "Places" in the layer control hides the place names with the dots;
    ticking it again brings them back."""
    page, errors = _open(browser, seed_html, 1200, 800)
    try:
        visible = "document.querySelectorAll('.ca-label-place:not(.ca-hidden)').length"
        assert page.evaluate(visible) > 0
        page.hover(".leaflet-control-layers")
        page.get_by_label("Places").uncheck()
        page.wait_for_timeout(200)
        assert page.evaluate(visible) == 0
        page.get_by_label("Places").check()
        page.wait_for_timeout(200)
        assert page.evaluate(visible) > 0
        assert errors == []
    finally:
        page.close()


def test_one_town_and_named_countries_open_on_the_countries():
    """With one town and no line, the view frames the countries the text names (a 200 km
    square around the town would be one colour); two towns still frame the towns."""
    from geo.basemap import _fit_bounds
    from geo.countries import country_polygons

    ex = extract("Russia and China agreed on a gas pipeline across Mongolia, officials in Moscow said.")
    places, corridors = map_frames(ex)
    (s, w), (n, e) = _fit_bounds(places, corridors)
    labels = country_polygons()
    for iso in ("RU", "CN", "MN"):
        lat, lon = float(labels.at[iso, "label_lat"]), float(labels.at[iso, "label_lon"])
        assert s <= lat <= n and w <= lon <= e, (iso, (s, w, n, e))
    ex = extract("Trade between Tashkent and Samarkand grew, Uzbekistan said.")
    places, corridors = map_frames(ex)
    (s, w), (n, e) = _fit_bounds(places, corridors)
    assert n - s < 6 and e - w < 8, (s, w, n, e)  # the two towns, not the whole country
