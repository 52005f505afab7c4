"""Big maps are built from arrays: the vectorised lines match the per-corridor code they
replace, bulk Leaflet layers paint on a canvas without dashes, the renderer is chosen by
size, and the deck.gl page carries compact, escaped data."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString

from geo._mapgeom import drawn_lines, simplified
from geo.corridors import great_circle, split_antimeridian, _make_geometry
from geo.mapdata import CORRIDOR_COLUMNS
from geo.maps import _parts_latlon, corridor_map
from geo.maps_deck import DeckMap, deck_map, encode_lines


def _reference_parts(geom):
    """The per-point code the arrays replace (the specification of the joined parts)."""
    parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
    out = []
    for part in parts:
        coords = [(round(x, 5), round(y, 5)) for x, y in part.coords]
        if out:
            last_lat, last_lon = out[-1][-1]
            x0, y0 = coords[0]
            if abs(y0 - last_lat) < 1e-6 and abs(((x0 - last_lon + 180) % 360) - 180) < 1e-6 \
                    and abs(x0 - last_lon) > 1e-6:
                for x, y in coords[1:]:
                    last_lon = x + 360 * round((last_lon - x) / 360)
                    out[-1].append((y, last_lon))
                continue
        out.append([(y, x) for x, y in coords])
    return out


def _flight(a, b):
    return _make_geometry(split_antimeridian(great_circle(*a, *b)))


FLIGHTS = [((139.7, 35.7), (-118.4, 33.9)),    # Tokyo - Los Angeles, across the date line
           ((174.8, -36.8), (-149.6, -17.5)),  # Auckland - Papeete
           ((-122.3, 47.6), (151.2, -33.9)),   # Seattle - Sydney
           ((69.3, 41.3), (74.6, 42.9))]       # Tashkent - Bishkek, no crossing


def frame(n: int, *, seed: int = 3, names=None, sentence="A route links two places.",
          points: int = 5) -> gpd.GeoDataFrame:
    """``n`` synthetic corridors (random walks of ``points`` points over Eurasia), as a
    corridors frame."""
    rng = np.random.default_rng(seed)
    start = np.column_stack([rng.uniform(20, 120, n), rng.uniform(10, 55, n)])
    walk = np.cumsum(rng.normal(0, 1.5, (n, points, 2)), axis=1)
    geoms = shapely.linestrings(start[:, None, :] + walk)
    modes = np.where(np.arange(n) % 10 == 5, "rail", "air")
    statuses = np.array(["operational", "planned", "proposed"])[np.arange(n) % 3]
    cols = {c: [None] * n for c in CORRIDOR_COLUMNS}
    cols.update(mode=list(modes), status=list(statuses),
                name=names if names is not None else [f"Line {i}" for i in range(n)],
                sentence=[sentence] * n, source=["synthetic"] * n, weight=[1] * n,
                geometry_source=["schematic"] * n, stops=[[] for _ in range(n)],
                via_countries=[["KZ"] for _ in range(n)], date=["2022-03-01"] * n)
    return gpd.GeoDataFrame(cols, geometry=geoms, crs="EPSG:4326")


def test_lines_join_parts_split_at_the_antimeridian_as_before():
    geoms = [_flight(a, b) for a, b in FLIGHTS] + [None, LineString([(0, 0), (1, 1)])]
    for g in geoms:
        if g is None:
            assert _parts_latlon(g) == []
            continue
        assert _parts_latlon(g) == _reference_parts(g)
    crossing = geoms[0]
    assert crossing.geom_type == "MultiLineString"
    lines = drawn_lines([crossing])
    assert len(lines) == 1  # one continuous line across the Pacific
    assert np.abs(np.diff(lines.coords[:, 0])).max() < 5


def test_lines_of_many_corridors_keep_their_owner():
    geoms = [_flight(a, b) for a, b in FLIGHTS]
    two_parts = MultiLineString([[(10, 10), (11, 11)], [(30, 30), (31, 32)]])  # a real gap
    lines = drawn_lines([None, *geoms, two_parts])
    assert lines.owner.tolist() == [1, 2, 3, 4, 5, 5]
    assert lines.coords[lines.offsets[-2]].tolist() == [30, 30]


def test_simplified_lines_match_shapely_per_line():
    g = _flight((69.3, 41.3), (-0.1, 51.5))
    lines = simplified(drawn_lines([g]))
    x0, y0, x1, y1 = g.bounds
    tol = min(0.05, max(0.005, np.hypot(x1 - x0, y1 - y0) / 800))
    want = np.round(shapely.get_coordinates(g.simplify(tol, preserve_topology=False)), 3)
    assert np.array_equal(lines.coords, want)
    assert 2 < len(lines.coords) < len(g.coords)


def _decode(enc):
    first = np.frombuffer(base64.b64decode(enc["first"]), "<i4").reshape(-1, 2)
    step = np.frombuffer(base64.b64decode(enc["step"]), "<i2").reshape(-1, 2)
    lens = np.frombuffer(base64.b64decode(enc["len"]), "<u4")
    out, k = [], 0
    for i, n in enumerate(lens):
        pts = [first[i].astype(np.int64)]
        for _ in range(n - 1):
            pts.append(pts[-1] + step[k])
            k += 1
        out.append(np.array(pts) / enc["scale"])
    return out


def test_encoded_lines_decode_to_the_lines_and_long_steps_are_cut():
    long_step = LineString([(-170, -60), (170, 70)])  # 340 degrees in one step
    lines = simplified(drawn_lines([long_step, _flight((139.7, 35.7), (-118.4, 33.9))]))
    enc = encode_lines(lines)
    back = _decode(enc)
    assert len(back) == 2
    first = back[0]
    assert first[0].tolist() == [-170, -60] and first[-1].tolist() == [170, 70]
    assert len(first) > 2  # cut into steps that fit in Int16
    # the inserted points lie on the segment
    t = (first[:, 0] + 170) / 340
    assert np.allclose(first[:, 1], -60 + 130 * t, atol=2e-3)
    a, b = lines.offsets[1], lines.offsets[2]
    assert np.allclose(back[1], lines.coords[a:b], atol=1e-9)


def test_bulk_leaflet_layers_paint_on_canvas_without_dashes():
    small = corridor_map(frame(10), offline=True, renderer="leaflet")
    big = corridor_map(frame(600), offline=True, renderer="leaflet")
    from geo.export import render_html

    small_html, big_html = render_html(small), render_html(big)
    assert '"bulk":1' not in small_html and '"bulk":1' in big_html
    legend = re.search(r'<summary>Legend</summary>.*?(?=\\u003c/details|</details|$)',
                       big_html.replace("\\u003c", "<").replace("\\u003e", ">"), re.S)
    assert legend and "stroke-dasharray" not in legend.group(0)
    assert "stroke-dasharray" in render_html(small)  # the small map keeps its dashes


def test_renderer_is_chosen_by_size_and_named_in_errors():
    f = frame(12)
    assert isinstance(corridor_map(f, offline=True), type(corridor_map(f.iloc[:2], offline=True)))
    assert not isinstance(corridor_map(f, offline=True), DeckMap)
    assert isinstance(corridor_map(f, renderer="auto", threshold=10), DeckMap)
    assert not isinstance(corridor_map(f, renderer="auto", threshold=13), DeckMap)
    assert isinstance(corridor_map(f, renderer="deck"), DeckMap)
    assert not isinstance(corridor_map(f, renderer="leaflet", threshold=1), DeckMap)
    with pytest.raises(ValueError, match="renderer must be one of 'auto', 'leaflet', 'deck'"):
        corridor_map(f, renderer="webgl")


def test_deck_page_escapes_article_text_and_is_self_contained(tmp_path):
    from geo.export import save_html

    hostile = '</script><img src=x onerror="window.__pwned=1"> {{ 7*7 }}'
    m = deck_map(frame(3, names=[hostile, "B", "C"], sentence=hostile))
    page = m.html
    assert "<img src=x" not in page
    assert page.count("</script>") == 4  # bundle, data, our code, the atlas controls
    data = json.loads(re.search(r'<script id="ca-data" type="application/json">(.*?)</script>',
                                page, re.S).group(1))
    assert data["cols"]["t"]["v"][0] == hostile
    from geo.maps_deck import deck_bundle

    ours = page.replace(deck_bundle().replace("</script", "<\\/script"), "")
    assert len(ours) < len(page) - 1_000_000  # the bundle is inlined
    assert not re.search(r'<(?:script|img|link)[^>]+(?:src|href)="?https?://', ours)
    out = save_html(m, tmp_path / "deck.html", offline=True)
    assert out.read_text(encoding="utf-8") == page
    assert "deck.gl (MIT)" in page and "Natural Earth" in page


def test_status_history_defaults_to_the_row_and_reads_a_given_one():
    from geo.maps_deck import page_data

    f = frame(2)
    f["h"] = [None, [["2024-02-01", "operational", "b"], [None, "proposed", "c"],
                     ["2021-05-03", "planned", "a"]]]
    from geo.mapdata import map_frames

    places, corridors = map_frames(f)
    d = page_data(places, corridors, title="t")
    h = d["cols"]["h"]["v"]
    assert h[0] == [["2022-03-01", "operational", "synthetic"]]
    assert h[1] == [["2021-05-03", "planned", "a"], ["2024-02-01", "operational", "b"],
                    [None, "proposed", "c"]]


def test_cli_draws_with_deck_on_request(tmp_path):
    from geo.export import save_layers_geojson  # noqa: F401  (the CLI reads extract JSON)

    art = tmp_path / "a.txt"
    art.write_text("Officials said a new railway from Almaty to Tashkent will open next year.",
                   encoding="utf-8")
    out = tmp_path / "m.html"
    res = subprocess.run([sys.executable, "-m", "geo", "map", str(art), "-o", str(out),
                          "--renderer", "deck"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert 'id="ca-data"' in out.read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "geo", "map", str(art), "-o", str(out),
                          "--renderer", "webgl"], capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid choice: 'webgl'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_deck_map_displays_in_jupyter_as_a_frame_of_the_page():
    m = deck_map(frame(2))
    shown = m._repr_html_()
    assert shown.count("<iframe") == 1 and 'srcdoc="' in shown
    assert "<script" not in shown.split('srcdoc="', 1)[1]  # the page is escaped into srcdoc
    assert "&lt;script" in shown
