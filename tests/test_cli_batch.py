"""``corridors extract`` on a batch writes exactly what the library gives in one process:
byte for byte, with one worker process or forked workers; a bad input in a forked batch
is one error line and one error record, and every other record is written whole.

(Bad inputs with one process: tests/test_robust_extract.py.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.extraction import extract
from geo.serialise import extraction_record

# Sentences of our own, with routes of each mode, so the records carry drawn geometry.
TEXTS = [
    "A freight train left Almaty for Tashkent on Monday.",
    "Flights from Tehran to Bishkek resumed this week.",
    "Ferries sail from Aktau to Baku twice a week.",
    "Officials met in Ankara to talk about trade.",
    "Lorries carried cargo from Kashgar to Osh by road.",
    "A new rail line will link Kars with Tbilisi.",
]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "geo", "extract", *args], capture_output=True)


def _files(tmp_path, texts=TEXTS):
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"t{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    return paths


def _line(path: str, text: str) -> str:
    """The record the library gives for one file, as one JSON line."""
    return json.dumps(extraction_record(extract(text, source=path), with_geometry=True),
                      ensure_ascii=False)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_output_is_the_in_process_records_byte_for_byte(tmp_path, jobs):
    paths = _files(tmp_path)
    lines = [_line(p, t) for p, t in zip(paths, TEXTS)]
    assert any('"geometry": {' in line for line in lines)  # routes were drawn
    res = _cli(*paths, "--jobs", jobs, "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode() == "".join(line + "\n" for line in lines)
    res = _cli(*paths, "--jobs", jobs, "--format", "json")
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode() == "[\n" + ",\n".join(lines) + "\n]\n"


def test_bad_inputs_in_a_forked_batch_are_one_line_each_and_the_rest_is_whole(tmp_path):
    good = _files(tmp_path, TEXTS[:4])
    folder = tmp_path / "folder"
    folder.mkdir()
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Trains to M\u00fcnchen".encode("latin-1"))
    bad = [str(tmp_path / "missing.txt"), str(folder), str(binary), str(latin1)]
    inputs = [good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3], good[3]]
    res = _cli(*inputs, "--jobs", "2", "--format", "json")
    assert res.returncode == 2
    out = res.stdout.decode()
    records = json.loads(out)  # the array is whole
    assert [r["source"] for r in records] == inputs
    lines = out.splitlines()[1:-1]
    for path, text in zip(good, TEXTS):
        i = inputs.index(path)
        assert lines[i].rstrip(",") == _line(path, text)
    errors = res.stderr.decode().splitlines()
    assert len(errors) == len(bad) and "Traceback" not in res.stderr.decode()
    for path, line in zip(bad, errors):
        assert line.startswith(f"corridors extract: {path}: ")
        assert records[inputs.index(path)]["error"] == line.removeprefix("corridors extract: ")


def test_no_progress_bar_no_tqdm(tmp_path, monkeypatch):
    """Without a bar, no tqdm object is made (nor tqdm imported); with one, one is."""
    import geo.cli_extract as cli_extract

    made = []

    class Bar:
        def __init__(self, *a, **kw):
            made.append(kw)

        def update(self, n=1):
            pass

        def close(self):
            pass

    fake = type(sys)("tqdm")
    fake.tqdm = Bar
    monkeypatch.setitem(sys.modules, "tqdm", fake)
    path = _files(tmp_path, TEXTS[:1])
    assert len(list(cli_extract.extract_files(path, progress=False))) == 1
    assert made == []
    assert len(list(cli_extract.extract_files(path, progress=True))) == 1
    assert len(made) == 1


def test_a_batch_freezes_what_it_loaded_before_its_inputs(tmp_path):
    """The loaded index and shapes are out of the collector's scans (and forked workers'
    pages are not written by it): gc.freeze after the warm-up, once."""
    paths = _files(tmp_path, TEXTS[:2])
    code = ("import gc, sys; from geo.cli_extract import extract_files; "
            "recs = list(extract_files(sys.argv[1:])); "
            "print(len(recs), gc.get_freeze_count() > 50_000)")
    res = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True)
    assert res.stdout.split() == ["2", "True"], res.stderr


@pytest.mark.parametrize("command", [["extract", "x.txt"], ["corpus", "x", "-o", "out"]])
@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_below_one_is_refused_alike_in_every_command(command, value):
    res = subprocess.run([sys.executable, "-m", "geo", *command, "--jobs", value],
                         capture_output=True, text=True)
    err = res.stderr.strip().splitlines()
    assert res.returncode == 2 and err[-1].endswith(
        f"argument --jobs: {value!r}: give a whole number of at least 1")


def test_default_jobs_one_on_a_small_machine_or_for_a_small_batch(monkeypatch):
    import geo._jobs as jobs

    monkeypatch.setattr(jobs, "usable_cores", lambda: 2)
    assert jobs.default_jobs(10_000) == jobs.default_jobs() == 1
    monkeypatch.setattr(jobs, "usable_cores", lambda: 8)
    assert jobs.default_jobs(jobs.SMALL_BATCH - 1) == 1
    assert jobs.default_jobs(jobs.SMALL_BATCH) == jobs.default_jobs() == 8
