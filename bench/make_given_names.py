"""Write ``data/given_names.csv``: common English given names, for telling a person's name
from a place's ("John Bolton" is no town of Bolton).

The names are the US Census Bureau's 1990 lists of frequently occurring first names (male
and female; public domain), as shipped in the ``names`` package (0.3.0), each kept when
at least :data:`MIN_PERCENT` per cent of the people of its sex bear it. ``names`` is needed
only to run this script, never at run time: its output is committed.

Usage
-----
::

    pip install --target /some/dir names==0.3.0
    PYTHONPATH=/some/dir .venv/bin/python bench/make_given_names.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from _csvout import write_rows  # (bench/ is on sys.path when a script of it runs)

OUT = Path(__file__).resolve().parent.parent / "data" / "given_names.csv"
#: A name borne by at least this share (per cent) of one sex in the 1990 census.
MIN_PERCENT = 0.02


def main() -> int:
    import names

    folder = Path(names.__file__).parent
    seen: dict[str, list[str]] = {}
    for sex in ("male", "female"):
        for line in (folder / f"dist.{sex}.first").read_text().splitlines():
            parts = line.split()
            if len(parts) < 2 or float(parts[1]) < MIN_PERCENT:
                continue
            seen.setdefault(parts[0].title(), []).append(sex)
    write_rows(OUT, [{"name": name, "source": f"US Census Bureau 1990 frequent first names "
                                              f"({' and '.join(seen[name])}, >= {MIN_PERCENT}%), names package 0.3.0"}
                     for name in sorted(seen)], ["name", "source"])
    print(f"wrote {OUT}: {len(seen)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
