"""Airlines named in a text and their hubs, from our table ``data/airlines.csv``.

"Air Astana will launch flights to Riga" names no origin: the airline's hub is it. The
table lists each airline's usual name, the spellings news uses and its main hub (an IATA
airport code); every row names its source.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo._cue_words import airline_keys, airlines  # noqa: F401
from geo._text import fold_chars, replace_beyond_ascii
from geo.route_cues import lowered


@lru_cache(maxsize=1)
def _automaton():
    """An Aho-Corasick automaton over the folded names (:func:`airline_keys`): one pass
    over a text."""
    from geo._automaton import WordScanner

    keys = airline_keys()
    return WordScanner(keys) if keys else None


def folded(text: str) -> str:
    """``fold_chars(text)`` without a look-up per character: the few distinct characters
    beyond ASCII are folded and replaced (:func:`geo._text.replace_beyond_ascii`), then
    the text lower-cased. (``fold_chars`` walks a translation table character by
    character once a text leaves ASCII, about 20x the cost of this.)"""
    if text.isascii():
        low = lowered(text)  # (the route scan's lower-case copy of the same text)
        return low.replace("`", "'") if "`" in low else low
    # a folded character that lower-casing or a second fold would change again: the plain way
    out = replace_beyond_ascii(text, fold_chars,
                               lambda c, f: f != "`" and f.lower() == f and fold_chars(f) == f)
    if out is None:
        return fold_chars(text)
    out = out.lower()
    if len(out) != len(text):
        return fold_chars(text)
    return out.replace("`", "'") if "`" in out else out


def airline_mentions(text: str, *, shared: bool = True) -> list[tuple[int, int, dict]]:
    """``(start, end, row)`` for every airline named in ``text`` as whole words, in order
    (the longest name wins where two overlap).

    ``shared``: for a text in ASCII without a backtick (its folded form is its lower-case
    form), the names come from the route scan's automaton pass over that lower-case copy
    (:func:`geo.route_cues.cue_hits`); else, and for any other text, from a pass of their own.
    """
    auto = _automaton()
    if auto is None:
        return []
    rows = airlines()
    found = []
    hits = None
    if shared and text.isascii() and "`" not in text:
        from geo.route_cues import airline_hits

        hits = airline_hits(lowered(text))
    for end_idx, (i, length, exact) in (hits if hits is not None else auto.iter(folded(text))):
        end = end_idx + 1
        start = end - length
        if exact and text[start:end] != exact and (
                exact.isupper() or text[start:end] != exact[:1].upper() + exact[1:]):
            continue  # as written, or capitalised at a sentence start ("Flydubai")
        if (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_")) or (
                end < len(text) and (text[end].isalnum() or text[end] in "-_")):
            continue
        found.append((start, end, rows[i]))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out, last = [], -1
    for s, e, row in found:
        if s >= last:
            out.append((s, e, row))
            last = e
    return out


#: With airlines of several hubs in a text, a flight takes the hub of one named this close
#: before it (about two sentences), or none.
NEAR_AIRLINE_CHARS = 250


class Hubs:
    """The airlines a text names, with their hubs as place ids.

    ``at(pos)``: the hub of the airline named nearest before ``pos`` (the only one when
    the text names one hub); ``named_at(lo, hi)``: the hub of an airline named inside
    ``text[lo:hi]`` ("Rhodes and Chania (British Airways)"); ``ends_near(pos)``: whether an
    airline name ends just before ``pos`` ("Qantas' Melbourne – Dallas").
    """

    def __init__(self, text: str, spans: list[tuple[int, int, str]]):
        self.text = text
        self.spans = spans

    def at(self, pos: int, *, window: int = NEAR_AIRLINE_CHARS):
        """The hub of the airline named nearest before ``pos``. When the text names
        airlines of several hubs, only one named within ``window`` characters counts."""
        if len({pid for _, _, pid in self.spans}) == 1:
            return self.spans[0][2]
        before = [pid for s, _, pid in self.spans if s <= pos and pos - s <= window]
        return before[-1] if before else None

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
