"""The words the route scan looks for, read from the data files: the named corridors
(``data/corridors.yaml``) with their rarest words and acronyms, and the airlines' names
(``data/airlines.csv``).

A module of its own, below ``geo.route_cues``, ``geo.routes`` and ``geo.airlines``: the
route scan's one automaton pass (``geo.route_cues.cue_hits``) needs both word lists, and
the two modules that use the pass read its results; with the lists here the imports run
one way.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import yaml

from geo._data import data_path
from geo._text import fold_chars


@lru_cache(maxsize=1)
def named_corridors() -> list[dict]:
    """The named corridors of ``data/corridors.yaml`` (empty list when the file is absent)."""
    path = data_path("corridors.yaml")
    if not path.exists():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [r for r in rows if isinstance(r, dict) and r.get("id") and r.get("name")]


def dash_fold(s: str) -> str:
    """Every kind of dash as a hyphen."""
    return re.sub(r"[\u2010-\u2015\u2212-]", "-", s)


@lru_cache(maxsize=1)
def corridor_tokens() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A cheap pre-check before the corridor regex: the rarest word of every corridor
    name and alias (lower case; "lazuli", not "corridor"), and the acronyms as written
    ("INSTC", "TAPI")."""
    from wordfreq import zipf_frequency

    words, acronyms = set(), set()
    for row in named_corridors():
        for n in [row["name"], *(row.get("aliases") or [])]:
            n = dash_fold(n).strip()
            if n.isupper() and " " not in n:
                acronyms.add(n)
                continue
            parts = [w for w in re.split(r"[\s\-]", n) if w]
            if parts:
                words.add(min((p.lower() for p in parts), key=lambda w: (zipf_frequency(w, "en"), -len(w))))
    return tuple(sorted(words)), tuple(sorted(acronyms))


@lru_cache(maxsize=1)
def airlines() -> list[dict]:
    """Rows of ``data/airlines.csv`` (empty when the file is absent)."""
    path = data_path("airlines.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("name") and r.get("hub")]


@lru_cache(maxsize=1)
def airline_keys() -> dict[str, tuple[int, int, str | None]]:
    """The folded names (``fold_chars``: one character for one, so offsets in the folded
    text are offsets in the text) -> ``(row index, length, name as it must be written or
    None)``; the first row to name a key keeps it."""
    keys: dict[str, tuple[int, int, str | None]] = {}
    for i, r in enumerate(airlines()):
        for n in [r["name"], *(r.get("aliases") or "").split("|")]:
            n = n.strip()
            key = fold_chars(n)
            if len(n) >= 3 and key not in keys:
                # Acronyms and one-word names must match as written; longer names in any case.
                keys[key] = (i, len(key), n if (n.isupper() or " " not in n) else None)
    return keys


@lru_cache(maxsize=1)
def shipping_lines() -> list[dict]:
    """Rows of ``data/shipping_lines.csv``: the container lines news names ("Maersk",
    "CMA CGM", "ONE"), with the spellings it uses (empty when the file is absent)."""
    path = data_path("shipping_lines.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("name")]


@lru_cache(maxsize=1)
def _shipping_scanner():
    """Every shipping line's name and alias as written (case counts: "ONE" is the line,
    "one" a number), in one :class:`geo._automaton.WordScanner`; None when there are none."""
    from geo._automaton import word_automaton

    return word_automaton(n.strip() for r in shipping_lines()
                          for n in [r["name"], *(r.get("aliases") or "").split("|")]
                          if len(n.strip()) >= 3)


def _whole_word(text: str, start: int, end: int) -> bool:
    """Neither a word character nor a hyphen touches ``text[start:end]`` on either side."""
    return ((start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-"))
            and (end == len(text) or not (text[end].isalnum() or text[end] in "_-")))


#: A capitalised word right before a line's name makes it another name ("Kathy Cosco"),
#: one right after makes it a place's or a ship's ("Evergreen Lake", "Maersk Kinloss"); so do
#: words in capitals (a headline: "ONE DEAD").
_NAME_BEFORE = re.compile(r"(?<![\w'\u2019])(?!(?:The|A|An|And|But|While|As|At|In|On|By|For|With|From|To)\b)"
                          r"[A-Z][A-Za-z]+ $")
_NAME_AFTER = re.compile(r" (?!(?:Lines?|LINES?|Group|GROUP|Shipping|SHIPPING|Holdings?|Container|Marine|Co|Corp|Corporation|"
                         r"Ltd|Limited|Logistics|Line|Navigation|Transport)\b)[A-Z][A-Za-z]")


_LAST_LINES: tuple = (None, [])  # (text, its shipping line spans)


def shipping_line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every shipping line named in ``text`` (:func:`shipping_lines`),
    in order; a name inside a longer capitalised name is none. (The last text's answer is
    kept: extraction and the route scan both ask; do not change the list returned.)"""
    global _LAST_LINES
    last = _LAST_LINES
    if last[0] is text:
        return last[1]
    out = _line_spans(text)
    _LAST_LINES = (text, out)
    return out


def _line_spans(text: str) -> list[tuple[int, int]]:
    scanner = _shipping_scanner()
    if scanner is None:
        return []
    # Whole-word occurrences, then left to right the longest at each start, none overlapping.
    found = sorted((end + 1 - n, -n) for end, n in scanner.iter(text)
                   if _whole_word(text, end + 1 - n, end + 1))
    out, reach = [], 0
    for start, neg in found:
        end = start - neg
        if start < reach:
            continue
        reach = end
        if _NAME_BEFORE.search(text, max(0, start - 20), start) or _NAME_AFTER.match(text, end):
            continue
        out.append((start, end))
    return out
