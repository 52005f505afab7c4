"""`corridors map` and `corridors table` as a newcomer meets them; the corridor table, the
combined GeoJSON, the publication figure and the Jupyter views."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.extraction import extract
from geo.tables import COLUMNS, corridors_table, stated_length_km, table_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles" / "iran-kyrgyzstan.txt"
MIX = ("Freight trains on the Baku-Tbilisi-Kars railway have run since 2017. Airlines plan "
       "flights from Baku to Istanbul.\nA 170 km road from Tbilisi to Yerevan was repaired.\n")


def corridors(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "geo", *map(str, args)], capture_output=True,
                          text=True, input=stdin, cwd=cwd)


@pytest.fixture(scope="module")
def mix_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mix") / "mix.txt"
    path.write_text(MIX, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the table


def test_corridors_table_columns_and_missing_values():
    table = corridors_table(extract(MIX, source="mix.txt"))
    assert list(table.columns) == COLUMNS
    rows = {r["mode"]: r for r in table.to_dict("records")}
    rail, road = rows["rail"], rows["road"]
    assert rail["name"] == "Baku–Tbilisi–Kars railway" and rail["via_countries"] == "AZ GE TR"
    assert (rail["from"], rail["to"]) == ("Baku", "Kars")
    assert rail["stops"] == "Baku → Tbilisi → Kars" and rail["source"] == "mix.txt"
    assert road["name"] is None and road["status"] is None  # not stated: None, never NaN
    assert road["stated_length_km"] == 170.0 and road["length_km"] > 100


def test_table_is_reached_from_import_geo():
    import geo

    assert geo.tables.corridors_table(extract(MIX)).shape[0] == 3


@pytest.mark.parametrize("sentence,km", [("The 3,100-km line", 3100.0), ("about 700 kilometres long", 700.0),
                                         ("a 450-mile pipeline", 724.2), ("opened in 2017", None),
                                         ("the 1.5 km bridge", 1.5), (None, None)])
def test_stated_length(sentence, km):
    assert stated_length_km(sentence) == km


def test_markdown_and_html_keep_article_text_as_text():
    import pandas as pd

    table = pd.DataFrame([{c: None for c in COLUMNS} | {"name": "A | <b>B</b>", "mode": "rail"}],
                         columns=COLUMNS)
    md = table_text(table, "md")
    assert "A \\| &lt;b&gt;B&lt;/b&gt;" in md and md.count("\n") == 3
    assert "&lt;b&gt;" in table_text(table, "html") and "<b>B" not in table_text(table, "html")


def test_cli_table_formats(mix_file, tmp_path):
    res = corridors("table", mix_file)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 4
    res = corridors("table", mix_file, "-o", tmp_path / "t.md")
    assert res.returncode == 0 and (tmp_path / "t.md").read_text().startswith("| name | mode |")
    res = corridors("table", mix_file, "-o", tmp_path / "t.html", "--geojson", tmp_path / "all.geojson")
    assert res.returncode == 0 and "<table" in (tmp_path / "t.html").read_text()
    assert (tmp_path / "all.geojson").exists()


def test_cli_table_into_a_closed_pipe_ends_quietly(mix_file):
    proc = subprocess.Popen([sys.executable, "-m", "geo", "table", mix_file, SEED, "--format", "md"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # like `| head` that has stopped reading
    err = proc.stderr.read().decode()
    assert proc.wait() == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err


# --------------------------------------------------------------------------- GeoJSON for QGIS / kepler.gl


def test_one_geojson_with_places_and_corridors(mix_file, tmp_path):
    import geopandas as gpd

    out = tmp_path / "all.geojson"
    res = corridors("map", mix_file, "-o", tmp_path / "m.html", "--offline", "--geojson", out)
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text())
    layers = [f["properties"]["layer"] for f in data["features"]]
    assert layers.count("corridor") == 3 and layers.count("place") >= 5
    keys = {tuple(sorted(f["properties"])) for f in data["features"]}
    assert len(keys) == 1  # the same flat columns on every feature
    for f in data["features"]:
        assert all(v is None or isinstance(v, (str, int, float)) for v in f["properties"].values())
    frame = gpd.read_file(out)  # GDAL, as QGIS reads it
    assert len(frame) == len(data["features"]) and frame.crs.to_epsg() == 4326
    rail = frame[(frame["layer"] == "corridor") & (frame["mode"] == "rail")].iloc[0]
    assert rail["via_countries"] == "AZ GE TR" and rail["name"] == "Baku–Tbilisi–Kars railway"


# --------------------------------------------------------------------------- errors a newcomer meets


def test_a_directory_says_it_is_a_directory(tmp_path):
    res = corridors("map", tmp_path, "-o", tmp_path / "m.html")
    assert res.returncode == 2 and "is a directory" in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_output_path_is_checked_before_the_work(tmp_path, mix_file):
    (tmp_path / "afile").write_text("x")
    for bad, why in ((tmp_path, "is a directory"), (tmp_path / "afile" / "m.html", "is a file, not a folder")):
        res = corridors("map", mix_file, "-o", bad)
        assert res.returncode == 2 and why in res.stderr, res.stderr
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    res = corridors("map", mix_file, "-o", tmp_path / "m.html", "--png", tmp_path)
    assert res.returncode == 2 and "--png" in res.stderr and not (tmp_path / "m.html").exists()


def test_empty_text_writes_the_map_and_says_so(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    res = corridors("map", tmp_path / "empty.txt", "-o", tmp_path / "m.html", "--offline")
    assert res.returncode == 0 and (tmp_path / "m.html").exists()
    assert "empty" in res.stderr
    (tmp_path / "dull.txt").write_text("The weather was mild and the markets were calm today.")
    res = corridors("map", tmp_path / "dull.txt", "-o", tmp_path / "d.html", "--offline")
    assert res.returncode == 0 and "no place or route found" in res.stderr


def test_text_that_is_not_english_gets_a_clear_message(tmp_path):
    (tmp_path / "ru.txt").write_text("Железная дорога между Бишкеком и Тегераном будет построена "
                                     "в следующем году, сообщили официальные лица.", encoding="utf-8")
    res = corridors("map", tmp_path / "ru.txt", "-o", tmp_path / "m.html", "--offline")
    assert res.returncode == 0 and "Cyrillic" in res.stderr and "only English" in res.stderr
    res = corridors("extract", tmp_path / "ru.txt")
    assert res.returncode == 0 and "Cyrillic" in res.stderr and "only English" in res.stderr


def test_every_option_has_help():
    from geo.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        for action in sub.choices[name]._actions:
            assert action.help, (name, action.dest)


# --------------------------------------------------------------------------- Jupyter


def test_import_geo_gives_the_stages_lazily():
    code = ("import sys, geo; assert 'geo.maps' not in sys.modules and 'folium' not in sys.modules; "
            "print(geo.maps.corridor_map.__name__, geo.export.save_html.__name__)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["corridor_map", "save_html"]


def test_extraction_html_marks_mentions_and_escapes(tmp_path):
    from test_maps import XSS

    ex = extract(XSS, source="<script>x</script>")
    page = ex._repr_html_()
    assert "<script" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert page.count("<mark") >= 4 and '<mark title="Baku (city, AZ)">Baku</mark>' in page
    assert "<table>" in page and page.count("<tr>") == len(ex.routes) + 1  # and the header


# --------------------------------------------------------------------------- the figure


@pytest.mark.browser
def test_publication_png_and_pdf(chromium, tmp_path, mix_file):
    import struct

    res = corridors("map", mix_file, "-o", tmp_path / "m.html", "--offline",
                    "--png", tmp_path / "f.png", "--pdf", tmp_path / "f.pdf")
    assert res.returncode == 0, res.stderr
    head = (tmp_path / "f.png").read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (2400, 1600)  # 1200 x 800 at scale 2
    assert (tmp_path / "f.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.browser
def test_figure_has_no_buttons_but_title_source_legend_and_credits(chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    from geo.export import figure_html
    from geo.maps import corridor_map

    page_file = tmp_path / "fig.html"
    page_file.write_text(figure_html(corridor_map(extract(MIX), offline=True), title="Three links",
                                     subtitle="<i>from one note</i>", source="Source: our note"))
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = b.new_page(viewport={"width": 800, "height": 600})
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(page_file.as_uri())
            page.wait_for_timeout(300)
            for chrome in (".leaflet-control-zoom", ".leaflet-control-layers", ".ca-fullscreen"):
                assert not page.locator(chrome).is_visible(), chrome
            assert page.locator(".ca-title").inner_text().splitlines() == ["Three links", "<i>from one note</i>"]
            assert page.locator(".ca-source").inner_text() == "Source: our note"
            assert page.locator(".ca-legend").get_attribute("open") is not None  # open even at 800 px
            assert "GeoNames" in page.locator(".leaflet-control-attribution").inner_text()
            assert errors == []
        finally:
            b.close()


def test_every_command_into_a_closed_pipe_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "geo", "extract", SEED], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0 and "Traceback" not in err, err


@pytest.mark.browser
def test_png_from_inside_an_event_loop_as_in_jupyter(chromium, tmp_path):
    import asyncio

    from geo.export import save_png
    from geo.maps import corridor_map

    m = corridor_map(extract("Flights from Baku to Tbilisi start in May."), offline=True)

    async def in_notebook():
        return save_png(m, tmp_path / "nb.png", width=400, height=300, scale=1)

    assert asyncio.run(in_notebook()).read_bytes()[:4] == b"\x89PNG"


def test_warnings_print_as_one_line(tmp_path):
    (tmp_path / "inland.txt").write_text("A new shipping line will link Bishkek and Mumbai by sea.\n")
    res = corridors("map", tmp_path / "inland.txt", "-o", tmp_path / "m.html", "--offline")
    assert res.returncode == 0, res.stderr
    lines = [l for l in res.stderr.splitlines() if "warning:" in l.lower()]
    assert lines and all(l.startswith("corridors map: warning: ") for l in lines), res.stderr
    assert "warnings.warn" not in res.stderr and "UserWarning" not in res.stderr


def test_a_hand_edited_json_missing_a_field_is_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "places": [], "routes": [{"stops": []}]}')
    res = corridors("map", bad, "-o", tmp_path / "m.html")
    assert res.returncode == 2 and "routes[0].mode is missing" in res.stderr and "Traceback" not in res.stderr
    assert res.stderr.count("\n") == 1


def test_cache_build_prepares_index_and_map_shapes(tmp_path):
    """`corridors cache build` (run by `make setup`) leaves the index and the map shapes
    in an empty cache folder, so the first map does not build them."""
    import os

    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(tmp_path)}
    res = subprocess.run([sys.executable, "-m", "geo", "cache", "build"], capture_output=True,
                         text=True, env=env)
    assert res.returncode == 0 and "ready" in res.stdout, res.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert any(n.endswith(".sqlite") for n in names), names
    assert any("shapes-basemap" in n for n in names) and any("shapes-countries" in n for n in names), names
    assert any("shapes-country-grid" in n for n in names), names  # countries crossed
