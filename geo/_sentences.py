"""Sentence spans and article metadata (dateline, headline) of news text."""

from __future__ import annotations

import re
from datetime import datetime

_ABBREV = frozenset("mr mrs ms dr st gen sen rep prof no vs etc inc ltd co corp jr sr u.s u.k e.g i.e"
                    " jan feb mar apr jun jul aug sep sept oct nov dec".split())
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[•*\-–])")
_LINE_BREAK = re.compile(r"\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; a line of its own is a sentence."""
    spans = []
    start = 0
    cuts = []
    for m in _BOUNDARY.finditer(text):
        word = re.findall(r"[\w.]+$", text[max(0, m.start() - 12):m.start() + 1])
        if m.group(0)[0] == "." and word and word[0].rstrip(".").lower() in _ABBREV:
            continue
        cuts.append(m.end())
    # Short lines without final punctuation (datelines, headlines) stand alone.
    for m in _LINE_BREAK.finditer(text):
        cuts.append(m.end())
    for cut in sorted(set(cuts)):
        if cut > start:
            spans.append((start, cut))
            start = cut
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            out.append((s + ls, s + rs))
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
    lines = [ln.strip() for ln in text.splitlines()]
    nonempty = [ln for ln in lines if ln][:3]
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
