"""Airlines named in a text and their hubs, from our table ``data/airlines.csv``.

"Air Astana will launch flights to Riga" names no origin: the airline's hub is it. The
table lists each airline's usual name, the spellings news uses and its main hub (an IATA
airport code); every row names its source.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from geo._data import data_path

# "the airline", "the national carrier": the airline named last before.
_ANAPHORA = re.compile(r"\b(?:the|national|flag|state|low-cost|budget)\s+(?:airline|carrier|air ?carrier)\b", re.I)


@lru_cache(maxsize=1)
def airlines() -> list[dict]:
    """Rows of ``data/airlines.csv`` (empty when the file is absent)."""
    path = data_path("airlines.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("name") and r.get("hub")]


@lru_cache(maxsize=1)
def _pattern():
    rows = airlines()
    names = {}
    for i, r in enumerate(rows):
        for n in [r["name"], *(r.get("aliases") or "").split("|")]:
            n = n.strip()
            if len(n) >= 3:
                names.setdefault(n, i)
    if not names:
        return None, {}
    parts = []
    for n in sorted(names, key=len, reverse=True):
        esc = re.escape(n)
        # Acronyms and one-word names match as written; longer names in any case.
        parts.append(esc if (n.isupper() or " " not in n) else f"(?i:{esc})")
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
    lower = {n.lower(): i for n, i in names.items()}
    return rx, lower


def airline_mentions(text: str) -> list[tuple[int, int, dict]]:
    """``(start, end, row)`` for every airline named in ``text``, in order."""
    rx, lower = _pattern()
    if rx is None:
        return []
    rows = airlines()
    return [(m.start(), m.end(), rows[lower[m.group(0).lower()]]) for m in rx.finditer(text)]


def hub_finder(text: str, hub_id):
    """A function ``pos -> place id`` of the hub of the airline named nearest before ``pos``
    (the first one named in the text when none is before); None when the text names none.

    ``hub_id(iata)`` turns an airport code into a place id (None when unknown).
    """
    found = airline_mentions(text)
    if not found:
        return None
    ids = [(s, hub_id(row["hub"])) for s, _, row in found]
    ids = [(s, pid) for s, pid in ids if pid]
    if not ids:
        return None

    def at(pos: int):
        before = [pid for s, pid in ids if s <= pos]
        return before[-1] if before else ids[0][1]

    return at
