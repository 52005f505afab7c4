"""A batch never stops on one bad input: ``corridors extract`` gives each bad file an error
record and one stderr line, goes on, and exits 2; texts holding lone surrogates are
repaired at the door."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from geo.cli_extract import _extract_one, read_text, repair_text
from geo.extraction import extract

GOOD = "Ministers from Tashkent met their colleagues in Almaty this week.\n"


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "geo", "extract", *args], capture_output=True,
                          **kw)


def test_each_bad_input_is_an_error_record_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\u00e9 in K\u00f6ln".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_text("Osh. " * 400, encoding="utf-8")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(GOOD.encode("utf-16"))
    inputs = [good, tmp_path / "missing.txt", folder, binary, latin1, big, utf16]
    res = _cli(*map(str, inputs), "--format", "jsonl", "--max-bytes", "1000")
    assert res.returncode == 2
    records = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert [r["source"] for r in records] == [str(p) for p in inputs]
    errors = {r["source"]: r.get("error") for r in records}
    assert errors[str(good)] is None and errors[str(utf16)] is None
    assert "no such file" in errors[str(tmp_path / "missing.txt")]
    assert "folder" in errors[str(folder)]
    assert "binary" in errors[str(binary)]
    assert "UTF-8" in errors[str(latin1)]
    assert "over the limit of 1,000" in errors[str(big)] and "--max-bytes" in errors[str(big)]
    for rec in (records[0], records[-1]):
        assert {p["name"] for p in rec["places"]} >= {"Tashkent", "Almaty"}
    stderr = res.stderr.decode().splitlines()
    assert len(stderr) == 5 and all(line.startswith("corridors extract: ") for line in stderr)
    assert "Traceback" not in res.stderr.decode()


def test_all_good_inputs_exit_0(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    res = _cli(str(good), "--format", "json")
    assert res.returncode == 0 and res.stderr == b""


def test_max_bytes_applies_to_stdin():
    res = _cli("-", "--format", "jsonl", "--max-bytes", "10", input=GOOD.encode())
    assert res.returncode == 2 and "over the limit of 10 bytes" in json.loads(res.stdout)["error"]


def test_bad_max_bytes_is_one_line():
    res = _cli("x.txt", "--max-bytes", "lots")
    assert res.returncode == 2 and b"Traceback" not in res.stderr and b"whole number" in res.stderr


# Six megabytes of ordinary news text: about 6 s of work on our 2-core test machine.
LONG = "Officials in Almaty said that trade with Urumqi grew again this year.\n" * 90_000


def test_runaway_input_becomes_an_error_record(tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text(LONG, encoding="utf-8")
    t = time.perf_counter()
    rec = _extract_one(str(slow), max_seconds=0.5)
    assert "took over 0.5 s" in rec["error"] and "--max-seconds" in rec["error"]
    assert time.perf_counter() - t < 10
    quick = tmp_path / "quick.txt"
    quick.write_text(GOOD, encoding="utf-8")
    assert "error" not in _extract_one(str(quick), max_seconds=30)


def test_lone_surrogates_are_repaired_one_for_one():
    text = "Trains from Osh \ud800 to Bishkek \udfff resumed."
    fixed = repair_text(text)
    assert len(fixed) == len(text) and "\ud800" not in fixed and fixed.count("\ufffd") == 2
    fixed.encode("utf-8")
    assert repair_text(GOOD) is GOOD  # the common case costs one encode, no copy
    rec = extract(fixed).to_dict()
    json.dumps(rec, ensure_ascii=False).encode("utf-8")
    assert {p["name"] for p in rec["places"]} >= {"Osh", "Bishkek"}


def test_read_text_decodes_utf16_with_bom(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes("Baku\r\nAktau".encode("utf-16-be").join([b"\xfe\xff", b""]))
    assert read_text(str(p)) == (str(p), "Baku\nAktau")


def test_output_to_a_full_disk_is_an_error_not_a_short_file(tmp_path):
    import os

    import pytest

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "geo", "extract", str(good)], stdout=full,
                             stderr=subprocess.PIPE, text=True)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.splitlines() == [res.stderr.strip()] and "cannot write the output" in res.stderr


def test_json_output_is_the_same_as_one_dump(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    res = _cli(str(good), str(good), "--format", "json")
    text = res.stdout.decode()
    records = json.loads(text)  # one JSON array ...
    assert len(records) == 2 and records[0] == records[1]
    # ... with a record per line, each as one compact dump (written as each input is done)
    assert text == "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


def test_time_budget_works_in_pool_workers(tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text(LONG, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    res = _cli(str(slow), str(good), "--jobs", "2", "--max-seconds", "1", "--format", "jsonl")
    records = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert res.returncode == 2 and [r["source"] for r in records] == [str(slow), str(good)]
    assert "took over 1 s" in records[0]["error"]
    assert "error" not in records[1]


def test_forked_workers_give_what_one_process_gives(tmp_path):
    """--jobs 2 forks workers after loading the index: same records, in input order."""
    texts = ["Flights from Tehran to Bishkek resumed.", "A train left Almaty for Tashkent.",
             "Ships sailed from Aktau to Baku.", "Officials met in Ankara.",
             "Cargo went from Kashgar to Osh by road."]
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"a{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    one = _cli(*paths, "--jobs", "1", "--format", "json")
    two = _cli(*paths, "--jobs", "2", "--format", "json")
    assert one.returncode == two.returncode == 0, two.stderr
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert [r["source"] for r in json.loads(two.stdout)] == paths
