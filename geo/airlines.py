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


class Hubs:
    """The airlines a text names, with their hubs as place ids.

    ``at(pos)``: the hub of the airline named nearest before ``pos`` (the first one named
    when none is before); ``named_at(lo, hi)``: the hub of an airline named inside
    ``text[lo:hi]`` ("Rhodes and Chania (British Airways)"); ``ends_near(pos)``: whether an
    airline name ends just before ``pos`` ("Qantas' Melbourne – Dallas").
    """

    def __init__(self, text: str, spans: list[tuple[int, int, str]]):
        self.text = text
        self.spans = spans

    def at(self, pos: int):
        before = [pid for s, _, pid in self.spans if s <= pos]
        return before[-1] if before else self.spans[0][2]

    def named_at(self, lo: int, hi: int):
        inside = [pid for s, e, pid in self.spans if lo <= s and e <= hi]
        return inside[0] if inside else None

    def covers(self, lo: int, hi: int) -> bool:
        """Whether ``text[lo:hi]`` lies inside an airline's name ("Qatar" of "Qatar Airways")."""
        return any(s <= lo and hi <= e for s, e, _ in self.spans)

    def in_parentheses_after(self, pos: int, window: int = 60):
        """The hub of the airline in the first parentheses after ``pos`` ("Rhodes and Chania
        (British Airways)"), when no other parentheses come first."""
        open_ = self.text.find("(", pos, pos + window)
        if open_ < 0:
            return None
        close = self.text.find(")", open_)
        return self.named_at(open_, close + 1) if close > 0 else None

    def ends_near(self, pos: int, window: int = 12) -> bool:
        return any(0 <= pos - e <= window and not re.search(r"[.;:!?]", self.text[e:pos])
                   for _, e, _ in self.spans)


def hub_finder(text: str, hub_id, found=None) -> Hubs | None:
    """The :class:`Hubs` of a text; None when it names no airline we know.

    ``hub_id(iata)`` turns an airport code into a place id (None when unknown);
    ``found`` is :func:`airline_mentions` of the text when the caller has it already.
    """
    if found is None:
        found = airline_mentions(text)
    spans = [(s, e, hub_id(row["hub"])) for s, e, row in found]
    spans = [x for x in spans if x[2]]
    return Hubs(text, spans) if spans else None
