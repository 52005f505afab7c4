"""Sentence spans and article metadata (dateline, headline) of news text."""

from __future__ import annotations

import re
from datetime import datetime

_ABBREV = frozenset("mr mrs ms dr st gen sen rep prof no vs etc inc ltd co corp jr sr u.s u.k e.g i.e"
                    " jan feb mar apr jun jul aug sep sept oct nov dec".split())
# (one character class first, its alternatives after: the engine scans for the class in C)
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
                       r"|(?<=\n)\s*\n|(?<=\n)(?=\s*[•*\-–]))")
#: A word longer than this before a full stop is no abbreviation of :data:`_ABBREV`.
_ABBREV_LEN = max(map(len, _ABBREV))
_WORD_BEFORE_DOT = re.compile(r"[\w.]+$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; a line of its own is a sentence."""
    cuts = []
    for m in _BOUNDARY.finditer(text):
        at = m.start()
        if text[at] == "." and not (at > _ABBREV_LEN and text[at - _ABBREV_LEN - 1:at].isalnum()):
            # "Mr. Smith", "U.S. officials": no sentence end
            word = _WORD_BEFORE_DOT.search(text, max(0, at - 12), at + 1)
            if word and word.group(0).rstrip(".").lower() in _ABBREV:
                continue
        cuts.append(m.end())
    # Short lines without final punctuation (datelines, headlines) stand alone.
    at = text.find("\n")
    while at >= 0:
        cuts.append(at + 1)
        at = text.find("\n", at + 1)
    out = []
    start = 0
    for cut in sorted(set(cuts)) + [len(text)]:
        if cut > start:
            seg = text[start:cut]
            lead = len(seg) - len(seg.lstrip())
            end = len(seg.rstrip())
            if end > lead:
                out.append((start + lead, start + end))
            start = cut
    return out


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_DATE_PATTERNS = [
    (re.compile(r"^\s*([A-Z][a-z]{2,8})\.? (\d{1,2}),? (\d{4})"), "mdy"),
    (re.compile(r"^\s*(\d{1,2}) ([A-Z][a-z]{2,8})\.? (\d{4})"), "dmy"),
    (re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})"), "iso"),
]


def _month(name: str) -> int | None:
    key = name[:3].lower()
    return _MONTHS.index(key) + 1 if key in _MONTHS else None


def parse_dateline(line: str) -> str | None:
    """ISO date of a dateline such as ``Dec 05, 2021 12:11 UTC``; None if it is not one."""
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        try:
            if order == "iso":
                y, mo, d = int(m[1]), int(m[2]), int(m[3])
            elif order == "mdy":
                mo, d, y = _month(m[1]), int(m[2]), int(m[3])
            else:
                d, mo, y = int(m[1]), _month(m[2]), int(m[3])
            if mo is None:
                continue
            return datetime(y, mo, d).date().isoformat()
        except ValueError:
            continue
    return None


def metadata(text: str) -> tuple[str | None, str | None]:
    """(ISO date, title) from the top of an article, None where the text shows none."""
    nonempty = []
    for ln in text.splitlines():  # (the first three lines with text: no need to split all)
        ln = ln.strip()
        if ln:
            nonempty.append(ln)
            if len(nonempty) == 3:
                break
    date = None
    title = None
    if nonempty:
        date = parse_dateline(nonempty[0])
        rest = nonempty[1:] if date else nonempty
        if rest:
            cand = rest[0].lstrip("•*-– ").strip()
            words = cand.split()
            if (3 <= len(words) <= 20 and len(cand) <= 160 and not cand.endswith((".", ":", ";"))
                    and cand[:1].isupper()):
                title = cand
    return date, title
