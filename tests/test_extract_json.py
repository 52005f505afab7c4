"""Extract JSON read back field by field: one line naming the file, record and field."""

import copy
import json
import re
import subprocess
import sys

import pytest

import geo
from geo.extract_json import read_records

TEXT = "Freight trains will run from Kashgar to Osh, and flights link Almaty with Urumqi."


@pytest.fixture(scope="module")
def record():
    return geo.extract(TEXT, source="ours.txt").to_dict()


def test_real_output_reads_back(tmp_path, record):
    f = tmp_path / "ok.json"
    f.write_text(json.dumps([record]), encoding="utf-8")
    good, errors = read_records(f)
    assert good == [record] and errors == []
    assert record["routes"], "the sentence states routes"


@pytest.mark.parametrize("edit, field", [
    (lambda r: r["places"][0].pop("lat"), "places[0].lat is missing"),
    (lambda r: r["places"][0].update(lon=float("nan")), "places[0].lon is nan"),
    (lambda r: r["places"][0].update(lat=123.0), "places[0].lat is 123.0"),
    (lambda r: r["routes"][0]["stops"][0].pop("name"), "routes[0].stops[0].name is missing"),
    (lambda r: r["routes"][0].update(length_km="long"), "routes[0].length_km is 'long'"),
    (lambda r: r["routes"][0].update(mode="teleport"), "routes[0].mode is 'teleport'"),
    (lambda r: r["routes"][0].update(status="maybe"), "routes[0].status is 'maybe'"),
    (lambda r: r["routes"][0].update(geometry={"type": "Polygon", "coordinates": []}),
     "routes[0].geometry is a Polygon"),
    (lambda r: r["routes"][0].update(geometry={"type": "LineString", "coordinates": [[1, 2], [1e999, 3]]}),
     "routes[0].geometry has the point"),
    (lambda r: r.update(routes={"a": 1}), "routes must be a list"),
    (lambda r: r.update(schema_version=2), "schema_version is 2"),
])
def test_a_broken_field_is_named(tmp_path, record, edit, field):
    rec = copy.deepcopy(record)
    edit(rec)
    f = tmp_path / "edited.json"
    f.write_text(json.dumps([record, rec]), encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        read_records(f)
    msg = str(exc.value)
    assert str(f) in msg and "record 2 (ours.txt)" in msg and field in msg and "\n" not in msg


def test_error_records_are_returned_apart(tmp_path, record):
    f = tmp_path / "mixed.jsonl"
    err = {"schema_version": 1, "source": "scan.pdf", "error": "binary file"}
    f.write_text(json.dumps(record) + "\n" + json.dumps(err) + "\n", encoding="utf-8")
    good, errors = read_records(f)
    assert good == [record] and errors == [err]


def test_map_reports_error_records_and_bad_fields_in_one_line(tmp_path, record):
    f = tmp_path / "mixed.json"
    f.write_text(json.dumps([record, {"schema_version": 1, "source": "scan.pdf",
                                      "error": "binary file"}]), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "geo", "map", str(f), "-o", str(tmp_path / "m.html"),
                          "--offline"], capture_output=True, text=True)
    assert run.returncode == 2 and "scan.pdf has no extraction: binary file" in run.stderr
    assert (tmp_path / "m.html").exists(), "the good record is still drawn"
    bad = copy.deepcopy(record)
    bad["places"][0]["lat"] = None
    f.write_text(json.dumps([bad]), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "geo", "map", str(f), "-o", str(tmp_path / "n.html"),
                          "--offline"], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "places[0].lat is None" in run.stderr and not (tmp_path / "n.html").exists()


# our own sentences: a sea route that rules out a canal, one that goes round a cape
AVOIDING = ("Tankers will sail from Jeddah to Rotterdam, avoiding the Suez Canal. "
            "Container ships from Shanghai to Genoa now go around the Cape of Good Hope.")


def test_avoid_and_passages_go_through_the_json_and_draw_the_same_lines(tmp_path):
    from shapely.geometry import shape

    from geo.cli_map import gather
    from geo.mapdata import map_frames
    from geo.serialise import extraction_record

    ex = geo.extract(AVOIDING, source="own.txt")
    drawn = extraction_record(ex)
    by_ends = {r["stops"][0]["name"]: r for r in drawn["routes"]}
    assert [p["name"] for p in by_ends["Jeddah"]["avoid"]] == ["Suez Canal"]
    assert [p["name"] for p in by_ends["Shanghai"]["passages"]] == ["Cape of Good Hope"]
    assert by_ends["Shanghai"]["avoid"] == [] and by_ends["Jeddah"]["passages"] == []
    # both go round Africa: south of the Cape of Good Hope's latitude
    for r in drawn["routes"]:
        assert shape(r["geometry"]).bounds[1] < -34, r["stops"]
    _, from_text = map_frames(ex)
    for name, rec in (("drawn.json", drawn), ("undrawn.json", ex.to_dict())):
        f = tmp_path / name
        f.write_text(json.dumps([rec]), encoding="utf-8")
        assert read_records(f)[0] == [rec]  # the new fields pass the schema check
        items, failed = gather([str(f)], "map")
        _, from_json = map_frames(items)
        assert not failed and len(from_json) == len(from_text) == 2
        for a, b in zip(from_text.itertuples(), from_json.itertuples()):
            assert a.geometry.equals_exact(b.geometry, 1e-5), name
            assert a.note == b.note and a.length_km == pytest.approx(b.length_km, abs=0.1)


@pytest.mark.parametrize("edit, field", [
    (lambda r: r.update(avoid="Russia"), "routes[0].avoid must be a list"),
    (lambda r: r.update(passages=[{"id": "curated:x"}]), "routes[0].passages[0].name is missing"),
    (lambda r: r.update(avoid=[{"id": "country:RU", "name": "Russia", "lat": 95}]),
     "routes[0].avoid[0].lat is 95"),
])
def test_a_broken_avoid_or_passage_is_named(tmp_path, record, edit, field):
    rec = copy.deepcopy(record)
    edit(rec["routes"][0])
    f = tmp_path / "edited.json"
    f.write_text(json.dumps([rec]), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(field)):
        read_records(f)
