"""Reading a corpus: every input form, dates, article ids, bad records (no cluster needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.corpus_read import (CorpusInputError, date_from_filename, load_part, normalised,
                             parse_date, plan, read)

ROOT = Path(__file__).resolve().parent.parent


def _records(path, **kw):
    return [r for p in plan(path, **kw) for r in load_part(p)]


def test_dates_from_datelines_iso_and_odd_forms():
    assert parse_date("Dec 05, 2021 12:11 UTC") == "2021-12-05"
    assert parse_date("5 December 2021") == "2021-12-05"
    assert parse_date("2021-12-05T09:30:00Z") == "2021-12-05"
    assert parse_date("05.12.2021") == "2021-12-05"            # dateparser: day first
    assert parse_date("December 5th, 2021") == "2021-12-05"
    assert parse_date("no date at all") is None
    assert parse_date("") is None and parse_date(None) is None
    assert parse_date("2021-02-30") is None                   # not a day


def test_dates_from_file_names():
    assert date_from_filename("2021-12-05-iran.txt") == "2021-12-05"
    assert date_from_filename("sub/20211205_iran.txt") == "2021-12-05"
    assert date_from_filename("202112051-iran.txt") is None   # nine digits: no date
    assert date_from_filename("iran-2021-12-05.txt") is None  # only a prefix counts


def test_text_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "dated.txt").write_text("Dec 05, 2021\nFlights between Tehran and Bishkek were proposed.\n")
    (tmp_path / "20220301-named.txt").write_text("Trains ran from Almaty to Tashkent.\n")
    (tmp_path / "undated.txt").write_text("A text with no date at all.\n")
    (tmp_path / "SOURCES.csv").write_text("article,source\nx,y\n")
    (tmp_path / "README.md").write_text("about the corpus\n")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "dated-checkpoint.txt").write_text("Dec 05, 2021\ncopy\n")
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9 in Baku\n")
    recs = {r["id"]: r for r in _records(tmp_path)}
    assert sorted(recs) == ["20220301-named.txt", "a/dated.txt", "bad.txt", "undated.txt"]
    assert recs["a/dated.txt"]["date"] == "2021-12-05"
    assert recs["20220301-named.txt"]["date"] == "2022-03-01"
    assert recs["undated.txt"]["date"] is None and recs["undated.txt"]["error"] is None
    assert "not valid UTF-8" in recs["bad.txt"]["error"] and recs["bad.txt"]["text"] is None


def test_jsonl_ids_dates_and_bad_lines(tmp_path):
    lines = [json.dumps({"id": "a1", "text": "Dec 05, 2021\nFlights to Baku.", "date": "7 January 2022"}),
             "",
             json.dumps({"text": "Trains to Osh.", "date": "Jan 3, 2020 08:00 UTC", "title": "T", "url": "u"}),
             "{not json",
             json.dumps({"id": "no-text", "date": "2020-01-01"}),
             json.dumps({"text": "Dec 05, 2021\nDated by its dateline only."})]
    f = tmp_path / "wire.jsonl"
    f.write_text("\n".join(lines) + "\n")
    recs = _records(f, partition_size=2)
    by_id = {r["id"]: r for r in recs}
    assert list(by_id) == ["a1", "wire.jsonl:3", "wire.jsonl:4", "no-text", "wire.jsonl:6"]
    assert by_id["a1"]["date"] == "2022-01-07"               # the field wins over the dateline
    assert by_id["wire.jsonl:3"]["date"] == "2020-01-03" and by_id["wire.jsonl:3"]["url"] == "u"
    assert "not valid JSON" in by_id["wire.jsonl:4"]["error"]
    assert "no text" in by_id["no-text"]["error"]
    assert by_id["wire.jsonl:6"]["date"] == "2021-12-05"
    assert len({r["seq"] for r in recs}) == len(recs)


def test_csv_with_line_breaks_inside_quotes_cut_into_parts(tmp_path):
    import csv

    f = tmp_path / "news.csv"
    with open(f, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "title", "text"])
        for i in range(7):
            w.writerow([f"2023-01-0{i + 1}", f'Title "{i}"', f"Line one of {i}.\nLine two, with a comma.\n\nLast line."])
        w.writerow(["2023-02-01", "empty", ""])
    parts = plan(f, partition_size=3)
    assert len(parts) == 3
    recs = [r for p in parts for r in load_part(p)]
    assert [r["id"] for r in recs] == [f"news.csv:{i}" for i in range(1, 9)]
    assert recs[4]["text"] == "Line one of 4.\nLine two, with a comma.\n\nLast line."
    assert recs[4]["date"] == "2023-01-05"
    assert recs[7]["error"].startswith("no text")


def test_parquet_row_groups(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    f = tmp_path / "arts.parquet"
    t = pa.table({"text": [f"Trains from Almaty to Tashkent, story {i}." for i in range(10)],
                  "date": [f"2024-03-{i + 1:02d}" for i in range(10)]})
    pq.write_table(t, f, row_group_size=4)
    parts = plan(f, partition_size=3)
    recs = [r for p in parts for r in load_part(p)]
    assert [r["id"] for r in recs] == [f"arts.parquet:{i}" for i in range(1, 11)]
    assert [r["date"] for r in recs][-1] == "2024-03-10"
    assert recs[6]["text"].endswith("story 6.")


def test_json_list_and_single_object(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"text": "One."}, {"text": "Two.", "id": "two"}]))
    (tmp_path / "one.json").write_text(json.dumps({"text": "Alone.", "date": "2020-05-05"}))
    ids = [r["id"] for r in _records(tmp_path)]
    assert ids == ["list.json:1", "two", "one.json"]


def test_read_is_a_lazy_bag_over_the_project_corpus():
    bag = read(ROOT / "data" / "corpus", partition_size=10)
    assert bag.npartitions >= 4
    recs = bag.compute(scheduler="sync")
    assert 30 <= len(recs) <= 50
    assert all(r["error"] is None for r in recs)
    assert not any(r["id"].startswith("SOURCES") for r in recs)
    dated = [r for r in recs if r["date"]]
    assert len(dated) == len(recs) - 1                       # the one undated explainer
    assert all("2019-01-01" <= r["date"] <= "2025-12-31" for r in dated)


def test_every_project_article_has_a_source():
    import csv

    folder = ROOT / "data" / "corpus"
    with open(folder / "SOURCES.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cited = {r["article"].split(" ")[0] for r in rows if r["source"].strip()}
    ids = {r["id"] if r["id"].endswith(".txt") else None for r in read(folder).compute(scheduler="sync")}
    txt = {i for i in ids if i}
    assert txt <= cited
    n_wire = sum(1 for _ in open(folder / "wire.jsonl", encoding="utf-8"))
    assert {f"wire.jsonl:{i}" for i in range(1, n_wire + 1)} <= cited


def test_bad_input_paths(tmp_path):
    with pytest.raises(CorpusInputError, match="no such file or folder"):
        plan(tmp_path / "missing")
    with pytest.raises(CorpusInputError, match="no articles"):
        plan(tmp_path)
    (tmp_path / "x.docx").write_text("?")
    with pytest.raises(CorpusInputError, match="not a corpus file"):
        plan(tmp_path / "x.docx")


def test_syndicated_copies_normalise_alike():
    a = "Dec 05, 2021\nDirect flights between Tehran and Bishkek were proposed."
    b = "Dec 06, 2021\n\n  direct FLIGHTS between Tehran and Bishkek were proposed!\n"
    assert normalised(a) == normalised(b)
    assert normalised(a) != normalised("Dec 05, 2021\nDirect flights between Tehran and Osh were proposed.")
