"""Writing the curated CSV files of ``data/`` from the ``bench/make_*.py`` scripts: whole or
not at all (a temporary file beside the target, renamed over it once complete)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo._atomic import atomic_path  # noqa: E402


def write_rows(path, rows: list[dict], fieldnames: list[str] | None = None) -> Path:
    """Write ``rows`` (dicts of one shape) to the CSV file ``path`` atomically, header first.

    ``fieldnames`` defaults to the keys of the first row; with no rows and no field names
    there is nothing to write a header from, which is an error.
    """
    fields = fieldnames or (list(rows[0]) if rows else None)
    if not fields:
        raise ValueError(f"{path}: no rows and no field names: nothing to write")
    with atomic_path(path) as tmp:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return Path(path)
