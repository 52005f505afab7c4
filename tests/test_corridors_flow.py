"""One-way flow (text → extract → corridors → maps → export) and the lengths that travel
with a corridor through the JSON and back onto the map."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from geo.extraction import extract
from geo.mapdata import map_frames
from geo.maps import _corridor_popup_parts
from geo.serialise import extraction_record

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "A planned 150 km railway from Kars to Nakhchivan was announced on Monday."


def _imports(path: Path) -> list[tuple[str, str | None]]:
    """(module imported, enclosing function or None) for every geo import of a file."""
    out = []

    def visit(node, func):
        for child in ast.iter_child_nodes(node):
            f = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else func
            if isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("geo"):
                names = [f"geo.{a.name}" for a in child.names] if child.module == "geo" else [child.module]
                out.extend((n, func) for n in names)
            elif isinstance(child, ast.Import):
                out.extend((a.name, func) for a in child.names if a.name.startswith("geo."))
            visit(child, f)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return out


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for f in (ROOT / "geo").glob("*.py"):
        mod = "geo" if f.stem == "__init__" else f"geo.{f.stem}"
        for target, _ in _imports(f):
            if target != "geo":
                g.add_edge(mod, target)
    return g


def test_the_named_stages_import_one_way():
    g = _graph()
    parts = {m: i for i, comp in enumerate(nx.strongly_connected_components(g)) for m in comp}
    for a, b in [("geo.extraction", "geo.corridors"), ("geo.cli_extract", "geo.cli_map"),
                 ("geo.geocoding", "geo._nominatim"), ("geo.corridors", "geo.serialise"),
                 ("geo.countries", "geo._shapes")]:
        assert parts.get(a) != parts.get(b) or a not in parts, f"{a} and {b} import each other"
    assert not g.has_edge("geo.corridors", "geo.extraction")
    assert not g.has_edge("geo._nominatim", "geo.geocoding")
    assert not g.has_edge("geo.cli_extract", "geo.cli_map")


def test_extraction_knows_corridors_only_in_routes_frame():
    uses = [func for mod, func in _imports(ROOT / "geo" / "extraction.py")
            if mod in ("geo.corridors", "geo.serialise")]
    assert uses == ["routes_frame"]


def test_to_dict_draws_nothing():
    code = ("import sys; from geo.extraction import extract; "
            f"rec = extract({SENTENCE!r}).to_dict(); "
            "assert 'geo.corridors' not in sys.modules and 'geo.networks' not in sys.modules; "
            "r = rec['routes'][0]; print(r['stated_length_km'], r['geometry'], r['note'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["150.0", "None", "None"]


def test_stated_length_and_note_go_through_the_json_and_onto_the_map(tmp_path):
    ex = extract(SENTENCE, source="own.txt")
    rec = extraction_record(ex)
    route = rec["routes"][0]
    assert route["mode"] == "rail" and route["stated_length_km"] == 150.0
    # the planned line's own links run ~267 km: over 25% more than stated
    assert route["geometry_source"] == "schematic" and "25% longer" in route["note"]
    path = tmp_path / "own.json"
    path.write_text(json.dumps([rec]), encoding="utf-8")
    _, corridors = map_frames(path)
    row = next(corridors.itertuples())
    assert row.stated_length_km == 150.0 and "25% longer" in row.note
    parts = _corridor_popup_parts(row)
    assert parts["km"].endswith(" km") and parts["sk"] == "150 km" and "25% longer" in parts["nt"]


def test_a_record_without_the_new_fields_still_maps(tmp_path):
    rec = extraction_record(extract(SENTENCE, source="own.txt"))
    for r in rec["routes"]:
        del r["stated_length_km"], r["note"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(rec), encoding="utf-8")
    _, corridors = map_frames(path)
    row = next(corridors.itertuples())
    assert row.stated_length_km == 150.0 and row.note is None


def test_bench_scripts_share_one_timing_helper():
    for name in ("corridors", "gazetteer", "chaos", "geoparse", "routes", "hostile", "atlas",
                 "big_text", "cli_pool"):
        tree = ast.parse((ROOT / "bench" / f"{name}.py").read_text(encoding="utf-8"))
        defs = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not defs & {"code_version", "_table", "print_table", "format_table", "median_time",
                           "timed", "_timed", "peak_rss_mb", "load_line"}, name
        froms = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "_timing" in froms, name


@pytest.mark.browser
def test_the_popup_shows_both_lengths_and_the_note(browser, tmp_path):
    from geo.export import save_html
    from geo.maps import corridor_map

    rec = extraction_record(extract(SENTENCE, source="own.txt"))
    path = tmp_path / "own.json"
    path.write_text(json.dumps([rec]), encoding="utf-8")
    html = save_html(corridor_map(map_frames(path), offline=True), tmp_path / "own.html",
                     offline=True)
    ctx = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(Path(html).as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        line = page.locator("path.ca-rail").first
        x, y = line.evaluate(
            "(p) => { const q = p.getPointAtLength(p.getTotalLength() / 2);"
            " const m = p.getScreenCTM();"
            " return [q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]; }")
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert "stated in the text: 150 km" in text and "Length: " in text
        assert "25% longer" in text
        assert errors == []
    finally:
        ctx.close()


def test_a_corridor_told_from_a_place_beside_its_stop_is_one_route():
    # the TAPI pipeline's curated stops start at Yolöten; the text starts at the gas field
    # beside it: the same line, one route, with the text's own stops
    ex = extract("The TAPI gas pipeline will carry gas from the Galkynysh gas field through "
                     "Herat and Kandahar to Multan.")
    pipes = [r for r in ex.routes if r.mode == "pipeline"]
    assert len(pipes) == 1, [[ex.place(s).name for s in r.stops] for r in pipes]
    assert pipes[0].corridor_id and ex.place(pipes[0].stops[0]).name == "Galkynysh gas field"
