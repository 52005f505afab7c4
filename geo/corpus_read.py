"""A corpus of articles on disk -> partitions of article records, read lazily.

:func:`plan` scans INPUT once on the client and cuts it into :class:`Part` specs (which
files, which byte or row range). It opens no article; only line breaks (JSONL, CSV) and
Parquet footers are looked at. :func:`load_part` reads one part on a worker, and
:func:`read` turns the plan into a Dask bag of article dicts::

    {"id", "seq", "text", "date", "title", "url", "error"}

``id`` is the record's ``id`` field, else the path relative to INPUT (``.txt``) or
``file:row`` (row = line of a JSONL file, data row of a CSV, row of a Parquet file, item of
a JSON list, all counted from 1). ``seq`` orders articles across the whole corpus (it
decides which syndicated copy is the original). ``error`` is a reason string for a record
that cannot be an article (no text, bad UTF-8, bad JSON); such records become error rows.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date as _date, datetime
from pathlib import Path

from geo._errors import GeoError
from geo._sentences import metadata, parse_dateline

SUFFIXES = (".txt", ".jsonl", ".json", ".csv", ".parquet")
#: Files in an input folder that are about the corpus, not articles of it.
_NOT_ARTICLES = re.compile(r"^(sources|readme|license|licence|manifest)\b", re.I)
_FILE_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_DOTTED = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}\b")


class CorpusInputError(GeoError, ValueError):
    """INPUT is missing, empty, or not a corpus we can read."""


@dataclass
class Part:
    """One partition of the corpus: what a worker reads (no article text in it)."""

    index: int
    kind: str                       # txt | jsonl | json | csv | parquet
    path: str = ""                  # the file (row formats) or INPUT (txt)
    label: str = ""                 # the file's name relative to INPUT, for ids
    files: list[str] = field(default_factory=list)   # txt: paths relative to INPUT
    start: int = 0                  # byte offset (jsonl, csv) or row (parquet)
    stop: int = 0
    first_row: int = 1
    first_seq: int = 0
    row_group: int = 0


# --------------------------------------------------------------------------- dates


def parse_date(value) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a date field, or None.

    Datelines (``Dec 05, 2021 12:11 UTC``, ``5 December 2021``), ISO dates and timestamps
    are read directly; other forms ("05.12.2021", "December 5th, 2021") go to ``dateparser``
    (dotted numbers are day first; slashed ones follow dateparser, month first).

    >>> parse_date("Dec 05, 2021 12:11 UTC")
    '2021-12-05'
    >>> parse_date("") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    if hasattr(value, "to_pydatetime"):          # pandas Timestamp (NaT is a float-like)
        try:
            return value.to_pydatetime().date().isoformat()
        except (ValueError, AttributeError):
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        try:
            return _date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    iso = parse_dateline(s)
    if iso:
        return iso
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if _DOTTED.match(s):
        settings["DATE_ORDER"] = "DMY"   # 05.12.2021 is European: day first
    parsed = dateparser.parse(s, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


def date_from_filename(name: str) -> str | None:
    """The date a file name starts with (``2021-12-05-...`` or ``20211205_...``), or None."""
    m = _FILE_DATE.match(Path(name).name)
    if not m:
        return None
    try:
        return _date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- plan


def _corpus_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue                                  # hidden, temp, checkpoints
        if p.is_dir() or p.suffix.lower() not in SUFFIXES or _NOT_ARTICLES.match(p.name):
            continue
        if any((root / Path(*rel.parts[:i]) / "manifest.json").exists()
               for i in range(1, len(rel.parts))):
            continue                                  # a corpus output folder inside INPUT
        out.append(p)
    return out


def _line_cuts(path: Path, every: int, *, csv: bool) -> list[tuple[int, int, int]]:
    """(byte start, byte stop, first row) ranges of ``every`` records each.

    Records end at a line break; in CSV only where the quotes seen so far are balanced
    (quoted fields may hold line breaks; an escaped quote is doubled, so parity holds).
    A CSV's first record is its header and is not counted.
    """
    cuts = []
    offset, rows, start, first_row, quotes = 0, 0, 0, 1, 0
    header = csv
    with open(path, "rb") as f:
        for line in f:
            offset += len(line)
            if csv:
                quotes += line.count(b'"')
                if quotes % 2:
                    continue
            if header:
                header, start = False, offset
                continue
            rows += 1
            if rows - first_row + 1 == every:
                cuts.append((start, offset, first_row))
                start, first_row = offset, rows + 1
    if offset > start:
        cuts.append((start, offset, first_row))
    return cuts


def plan(path, *, partition_size: int = 200) -> list[Part]:
    """Cut the corpus at ``path`` (a folder or one file) into parts of about
    ``partition_size`` articles. Raises :class:`CorpusInputError` for a missing or empty INPUT."""
    if partition_size < 1:
        raise CorpusInputError(f"partition_size={partition_size}: give a positive number of articles.")
    root = Path(path).resolve()            # workers may run in another folder
    if not root.exists():
        raise CorpusInputError(f"{path}: no such file or folder; give a folder of articles "
                               "or a .jsonl/.json/.csv/.parquet file.")
    files = _corpus_files(root)
    if root.is_file() and root.suffix.lower() not in SUFFIXES:
        raise CorpusInputError(f"{path}: not a corpus file; use .txt, .jsonl, .json, .csv or .parquet.")
    if not files:
        raise CorpusInputError(f"{path}: no articles in it (.txt, .jsonl, .json, .csv or .parquet files).")
    base = root.parent if root.is_file() else root
    parts: list[Part] = []
    seq = 0
    txt = [f for f in files if f.suffix.lower() == ".txt"]
    for i in range(0, len(txt), partition_size):
        chunk = [f.relative_to(base).as_posix() for f in txt[i:i + partition_size]]
        parts.append(Part(len(parts), "txt", path=str(base), files=chunk, first_seq=seq))
        seq += len(chunk)
    for f in files:
        kind = f.suffix.lower().lstrip(".")
        label = f.relative_to(base).as_posix()
        if kind in ("jsonl", "csv"):
            for start, stop, first_row in _line_cuts(f, partition_size, csv=kind == "csv"):
                parts.append(Part(len(parts), kind, path=str(f), label=label, start=start,
                                  stop=stop, first_row=first_row, first_seq=seq))
                seq += partition_size
        elif kind == "json":
            parts.append(Part(len(parts), kind, path=str(f), label=label, first_seq=seq))
            seq += 10**6                             # a JSON list is read whole
        elif kind == "parquet":
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(f).metadata
            row = 1
            for rg in range(meta.num_row_groups):
                n = meta.row_group(rg).num_rows
                for s in range(0, n, partition_size):
                    parts.append(Part(len(parts), kind, path=str(f), label=label, row_group=rg,
                                      start=s, stop=min(n, s + partition_size),
                                      first_row=row + s, first_seq=seq))
                    seq += partition_size
                row += n
    return parts


# --------------------------------------------------------------------------- load


def _decode(raw: bytes, where: str) -> tuple[str | None, str | None]:
    if b"\x00" in raw[:8192]:
        return None, f"{where}: binary data (NUL bytes), not UTF-8 text"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"{where}: not valid UTF-8 (byte {exc.start}: {exc.reason})"
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _clean(v):
    """None for missing values (NaN, NA, empty strings)."""
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return None
    except ImportError:
        pass
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _article(fields: dict, default_id: str, seq: int) -> dict:
    rec = {"id": default_id, "seq": seq, "text": None, "date": None, "title": None,
           "url": None, "error": None}
    if not isinstance(fields, dict):
        rec["error"] = f"a record must be an object with a text field, not {type(fields).__name__}"
        return rec
    rid = _clean(fields.get("id"))
    if rid is not None:
        rec["id"] = str(rid)
    text = _clean(fields.get("text"))
    for key in ("title", "url"):
        v = _clean(fields.get(key))
        rec[key] = None if v is None else str(v)
    if text is None:
        rec["error"] = "no text (the text field is missing or empty)"
    elif not isinstance(text, str):
        rec["error"] = f"text must be a string, not {type(text).__name__}"
    else:
        rec["text"] = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_date = _clean(fields.get("date"))
    rec["date"] = parse_date(raw_date)
    if rec["date"] is None and rec["text"]:
        rec["date"] = metadata(rec["text"])[0]
    return rec


def load_part(part: Part) -> list[dict]:
    """The article records of one part (runs on a worker; never raises for a bad record)."""
    out = []
    seq = part.first_seq
    if part.kind == "txt":
        base = Path(part.path)
        for rel in part.files:
            rec = {"id": rel, "seq": seq, "text": None, "date": None, "title": None,
                   "url": None, "error": None}
            seq += 1
            try:
                text, err = _decode((base / rel).read_bytes(), rel)
            except OSError as exc:
                text, err = None, f"{rel}: cannot read ({exc.strerror or exc})"
            if err:
                rec["error"] = err
            else:
                rec["text"] = text
                d, t = metadata(text)
                rec["date"] = d or date_from_filename(rel)
                rec["title"] = t
            out.append(rec)
        return out
    if part.kind in ("jsonl", "csv"):
        with open(part.path, "rb") as f:
            header = f.readline() if part.kind == "csv" else b""
            f.seek(part.start)
            raw = f.read(part.stop - part.start)
        if part.kind == "jsonl":
            for i, line in enumerate(raw.split(b"\n")):
                row = part.first_row + i
                if not line.strip():
                    continue
                rid = f"{part.label}:{row}"
                text, err = _decode(line, rid)
                if err is None:
                    try:
                        out.append(_article(json.loads(text), rid, seq + i))
                        continue
                    except json.JSONDecodeError as exc:
                        err = f"{rid}: not valid JSON ({exc.msg} at column {exc.colno})"
                out.append(dict(_article({}, rid, seq + i), error=err))
            return out
        import csv
        import io

        text, err = _decode(header + raw, part.label)
        if err:
            return [dict(_article({}, f"{part.label}:{part.first_row}", seq), error=err)]
        reader = csv.DictReader(io.StringIO(text, newline=""))
        for i, row in enumerate(reader):
            out.append(_article(row, f"{part.label}:{part.first_row + i}", seq + i))
        return out
    if part.kind == "json":
        text, err = _decode(Path(part.path).read_bytes(), part.label)
        data = None
        if err is None:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                err = f"{part.label}: not valid JSON ({exc.msg} at line {exc.lineno})"
        if err:
            return [dict(_article({}, part.label, seq), error=err)]
        if isinstance(data, dict):
            return [_article(data, part.label, seq)]
        if not isinstance(data, list):
            return [dict(_article({}, part.label, seq),
                         error=f"{part.label}: expected an object or a list of objects")]
        return [_article(d, f"{part.label}:{i + 1}", seq + i) for i, d in enumerate(data)]
    if part.kind == "parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(part.path).read_row_group(part.row_group)
        table = table.slice(part.start, part.stop - part.start)
        if "text" not in table.column_names:
            return [dict(_article({}, f"{part.label}:{part.first_row + i}", seq + i),
                         error=f"{part.label}: no text column") for i in range(table.num_rows)]
        for i, row in enumerate(table.to_pylist()):
            out.append(_article(row, f"{part.label}:{part.first_row + i}", seq + i))
        return out
    raise ValueError(f"unknown part kind {part.kind!r}")


def read(path, *, partition_size: int = 200):
    """The articles of a corpus as a lazy Dask bag of dicts (one partition per :class:`Part`).

    Parameters
    ----------
    path : path-like
        A folder of ``.txt`` (date from the dateline, else a file name starting
        ``YYYY-MM-DD`` or ``YYYYMMDD``), ``.jsonl``/``.json``, ``.csv`` or ``.parquet`` files
        (fields ``text`` required, ``date``, ``title``, ``url``, ``id``), or one such file.
        ``SOURCES*``/``README*`` files and hidden folders are not articles.
    partition_size : int
        Articles per partition.

    Returns
    -------
    dask.bag.Bag
        Records ``{"id", "seq", "text", "date", "title", "url", "error"}``; ``date`` is an
        ISO date or None.

    Examples
    --------
    >>> bag = read("data/corpus")            # doctest: +SKIP
    >>> bag.pluck("date").compute()[:2]      # doctest: +SKIP
    ['2019-04-10', '2020-02-27']
    """
    import dask
    import dask.bag as db

    parts = plan(path, partition_size=partition_size)
    return db.from_delayed([dask.delayed(load_part)(p) for p in parts])


# --------------------------------------------------------------------------- duplicates


def normalised(text: str) -> str:
    """The text syndicated copies share: the dateline dropped, case, accents of form
    (NFKC), punctuation and spacing ignored."""
    lines = text.lstrip().split("\n", 1)
    if lines and parse_dateline(lines[0]):
        text = lines[1] if len(lines) > 1 else ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))
