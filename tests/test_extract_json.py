"""Extract JSON read back field by field: one line naming the file, record and field."""

import copy
import json
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
