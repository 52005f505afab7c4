"""Route mentions from resolved place mentions: mode, ordered stops, status, the phrase.

Rules, each on one sentence at a time:

* chains joined by dashes followed by a mode word ("Kyrgyzstan–Bandar Abbas railway");
* "<mode> between X and Y";
* "<mode> ... from X (through/via A, B and C) to Y" (also "fly/sail/shipped from X to Y");
* "<mode> ... connect/link X with/to/and Y";
* named corridors of ``data/corridors.yaml`` by name or alias.

A clause that restates a route already found ("the line aims to link Kyrgyzstan with West
Asia") belongs to that route. Two places in one sentence without a mode word are no route.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from geo._data import data_path

MODES = ("rail", "air", "road", "sea", "pipeline", "corridor")
STATUSES = ("proposed", "planned", "under_construction", "test_run", "operational", "suspended")

_MODE_WORDS = [
    ("pipeline", r"(?:gas |oil )?pipelines?|gas link|interconnector"),
    ("rail", r"railways?|railroads?|rail (?:line|link|route|corridor|service|connection)s?|"
             r"rail|trains?|freight trains?|container trains?|train services?|tracks?"),
    ("air", r"flights?|air (?:link|service|route|connection|traffic)s?|airlines? routes?|"
            r"fl(?:y|ies|ew|ying)|nonstop|non-stop"),
    ("sea", r"ferry|ferries|ro-ro|shipping (?:line|route|service)s?|shipped|ships?|sailing|"
            r"sailed|sails?|vessels?|sea (?:route|link|lane)s?|container ships?|cargo ships?"),
    ("road", r"highways?|motorways?|expressways?|roads?|trucks?|lorr(?:y|ies)|truck route|"
             r"bus (?:service|route)s?|tunnel"),
    ("corridor", r"corridors?|transport routes?|trade routes?|transit routes?"),
]
# All modes in one pass: the group name says which mode matched.
_ANY_MODE = re.compile("|".join(rf"(?P<{mode}>\b(?:{pat})\b)" for mode, pat in _MODE_WORDS), re.I)
# "line" alone: the mode of the article so far (rail when nothing else is known).
_LINE_RE = re.compile(r"\b(?:line|link|route|service|connection|strand)s?\b", re.I)
_RUN_VERBS = re.compile(r"\b(?:run|runs|ran|running|stretch(?:es)?|extends?|go(?:es)?|travel(?:s|led)?|"
                        r"carr(?:y|ies)|moving|move|moved)\b", re.I)

_STATUS_CUES = [
    ("test_run", r"test[- ]runs?|trial[- ]runs?|test operations?|trial operations?|test trains?|"
                 r"pilot (?:run|train|shipment)s?|trial|test shipments?|first test"),
    ("under_construction", r"under construction|being built|construction (?:is |was )?(?:under ?way|began|begun|started|work)|"
                           r"laying (?:of )?track|track[- ]laying|is building|are building|builders?|contractors?|"
                           r"reconstruct(?:ion|ed|ing)|half (?:complete|finished|built)|widening"),
    ("suspended", r"suspend(?:ed|s)?|suspension|halt(?:ed|s)?|shut(?: down)?|closed|closure|"
                  r"stopped|cancel+ed|frozen|froze|paused|interrupted|grounded"),
    ("operational", r"opened|inaugurat(?:ed|ion)|launched|operational|in operation|"
                    r"(?:is|are|were|was) running|resum(?:ed|es|ption)|began (?:operating|running|service)|"
                    r"started (?:operating|running)|commissioned|operates|operating|"
                    r"now (?:runs|links|connects)|reopened|delivered|handled|carried|"
                    r"has been operational|record|serves?|already"),
    ("planned", r"planned|plans? to (?:build|launch|open|start)|plans?|will (?:build|launch|open|start|begin|run|connect|link)|"
                r"feasibility stud(?:y|ies)|financ(?:ed|ing)|funding|approved|decided|"
                r"to be built|scheduled|is set to|are set to|framework agreement|contract"),
    ("proposed", r"propos(?:ed|al|es|ing)|agreed (?:in principle|to establish)|should (?:establish|be|open|launch|reopen)|"
                 r"discuss(?:ed|ing)?|consider(?:ed|ing)?|mooted|suggest(?:ed|s)|called for|"
                 r"establishing|idea"),
]
_STATUS_RE = [(status, re.compile(rf"\b(?:{pat})\b", re.I)) for status, pat in _STATUS_CUES]

_LINE_AFTER = re.compile(r"\s+(line|link|route)s?\b", re.I)
_DASH_GAP = re.compile(r"^\s*[-\u2010-\u2015\u2212/]\s*$")
_ANAPHOR = re.compile(r"\b(?:the|this|that|its|such a|it|which)\s+(?:\w+\s+)?$", re.I)


@dataclass
class Route:
    """A route stated in the text."""

    mode: str
    stops: list[str]                       # place ids, in order of travel
    status: str | None = None
    name: str | None = None
    sentence: str = ""
    start: int = 0
    end: int = 0
    corridor_id: str | None = None
    legs: list[dict] = field(default_factory=list)
    mention_indices: list[int] = field(default_factory=list)


@dataclass
class _M:
    """A resolved mention inside a sentence (index into the extraction's mention list)."""

    idx: int
    start: int
    end: int
    place_id: str
    kind: str


@lru_cache(maxsize=1)
def named_corridors() -> list[dict]:
    """The named corridors of ``data/corridors.yaml`` (empty list when the file is absent)."""
    path = data_path("corridors.yaml")
    if not path.exists():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [r for r in rows if isinstance(r, dict) and r.get("id") and r.get("name")]


def _dash_fold(s: str) -> str:
    return re.sub(r"[\u2010-\u2015\u2212-]", "-", s)


@lru_cache(maxsize=1)
def _corridor_patterns():
    out = []
    for row in named_corridors():
        names = [row["name"], *(row.get("aliases") or [])]
        alts = sorted({_dash_fold(n) for n in names if n}, key=len, reverse=True)
        parts = []
        for a in alts:
            esc = re.escape(a).replace(r"\-", "[-\u2010-\u2015\u2212\\s]?")
            # Acronyms must match in capitals; names in any case.
            parts.append(esc if a.isupper() else f"(?i:{esc})")
        out.append((row, "(?:" + "|".join(parts) + ")"))
    if not out:
        return [], None
    big = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in enumerate(out))
                     + r")(?![\w-])")
    return [row for row, _ in out], big


@lru_cache(maxsize=1)
def _corridor_tokens() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A cheap pre-check before the corridor regex: the longest word of every corridor
    name and alias (lower case), and the acronyms as written ("INSTC", "TAPI")."""
    words, acronyms = set(), set()
    for row in named_corridors():
        for n in [row["name"], *(row.get("aliases") or [])]:
            n = _dash_fold(n).strip()
            if n.isupper() and " " not in n:
                acronyms.add(n)
                continue
            parts = [w for w in re.split(r"[\s\-]", n) if w]
            if parts:
                words.add(max(parts, key=len).lower())
    return tuple(sorted(words)), tuple(sorted(acronyms))


def _may_name_corridor(text: str) -> bool:
    words, acronyms = _corridor_tokens()
    if any(a in text for a in acronyms):
        return True
    low = text.lower()
    return any(w in low for w in words)


def mode_at(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """All mode words in text[lo:hi] as (start, end, mode)."""
    out = [(m.start(), m.end(), m.lastgroup) for m in _ANY_MODE.finditer(text, lo, hi)]
    # A longer phrase starting at the same place wins ("rail line" over "line").
    return out


def status_near(text: str, lo: int, hi: int, anchor: int) -> str | None:
    """The status cue in text[lo:hi] closest to ``anchor``; None when there is none."""
    best = None
    for status, rx in _STATUS_RE:
        for m in rx.finditer(text, lo, hi):
            d = min(abs(m.start() - anchor), abs(m.end() - anchor))
            rank = (d, STATUSES.index(status))
            if best is None or rank < best[0]:
                best = (rank, status)
    return best[1] if best else None


def _chains(text, ms: list[_M]) -> list[list[_M]]:
    """Runs of mentions joined only by dashes."""
    chains, cur = [], [ms[0]] if ms else []
    for a, b in zip(ms, ms[1:]):
        if _DASH_GAP.match(text[a.end:b.start]):
            cur.append(b)
        else:
            if len(cur) >= 2:
                chains.append(cur)
            cur = [b]
    if len(cur) >= 2:
        chains.append(cur)
    return chains


def _mode_after(text: str, pos: int, limit: int, window: int = 30):
    """A mode word right after a chain ("… railway", "… gas pipeline", "… rail line")."""
    seg_end = min(limit, pos + window)
    found = [m for m in mode_at(text, pos, seg_end)]
    if not found:
        return None
    s, e, mode = found[0]
    between = text[pos:s]
    if re.search(r"[.;:!?]", between) or len(between.split()) > 3:
        return None
    return s, e, mode


def _default_mode(text, lo, hi, article_mode):
    words = mode_at(text, lo, hi)
    if words:
        return words[0][2], words[0]
    if _LINE_RE.search(text, lo, hi) and article_mode:
        return article_mode, None
    return None, None


def find_routes(text: str, sentences: list[tuple[int, int]], mentions: list[_M]) -> list[Route]:
    """Routes stated in the text, in order of position."""
    import bisect

    routes: list[Route] = []
    article_mode = None
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    # Named corridors and mode words, found once over the whole text.
    rows, big = _corridor_patterns()
    maybe = big is not None and _may_name_corridor(text)
    corridor_hits = [(m.start(), m.end(), rows[int(m.lastgroup[1:])])
                     for m in big.finditer(text)] if maybe else []
    for s_lo, s_hi in sentences:
        lo_i, hi_i = bisect.bisect_left(starts, s_lo), bisect.bisect_left(starts, s_hi)
        ms = [m for m in mentions[lo_i:hi_i] if m.end <= s_hi]
        hits = [h for h in corridor_hits if s_lo <= h[0] < s_hi]
        if not hits and len(ms) < 2:
            continue
        if not hits and not article_mode and not _ANY_MODE.search(text, s_lo, s_hi):
            continue
        sentence = text[s_lo:s_hi]
        found: list[tuple[Route, bool]] = []  # (route, is_restatement_candidate)
        used: set[int] = set()

        # 1. Named corridors.
        for m_start, m_end, row in hits:
            covered = [x for x in ms if m_start <= x.start and x.end <= m_end]
            used.update(x.idx for x in covered)
            data_mode = row.get("mode")
            # Multimodal rows and anything named a corridor ("China–Pakistan Economic
            # Corridor") are corridors; a named railway or pipeline keeps its mode.
            if row.get("legs") or not data_mode or "corridor" in row["name"].lower():
                mode = "corridor"
            else:
                mode = data_mode
            stops = [x.place_id for x in covered] if len(covered) >= 2 else []
            r = Route(mode, stops, None, row["name"], sentence, m_start, m_end,
                      corridor_id=row["id"], mention_indices=[x.idx for x in covered])
            r.status = status_near(text, s_lo, s_hi, m_start)
            found.append((r, False))

        # 2. Dash chains with a mode word.
        for chain in _chains(text, ms):
            if any(x.idx in used for x in chain):
                continue
            after = _mode_after(text, chain[-1].end, s_hi)
            if after is None:
                line = _LINE_AFTER.match(text, chain[-1].end)
                if not line:
                    continue
                after = (line.start(1), line.end(1), article_mode or "rail")
            _, e, mode = after
            r = Route(mode, [x.place_id for x in chain], None, text[chain[0].start:e], sentence,
                      chain[0].start, e, mention_indices=[x.idx for x in chain])
            r.status = status_near(text, s_lo, s_hi, chain[0].start)
            used.update(x.idx for x in chain)
            found.append((r, False))

        # 3. between X and Y / from X (through A, B) to Y / connect X with Y.
        free = [m for m in ms if m.idx not in used]
        for r, restate in _phrase_routes(text, s_lo, s_hi, free, article_mode):
            found.append((r, restate))

        nxt = _next_sentence(sentences, s_hi)
        for r, _ in found:
            if r.status is None and nxt and _CONTINUES.match(text, nxt[0]):
                r.status = status_near(text, nxt[0], nxt[1], nxt[0])
        for r, restate in found:
            if r.mode != "corridor" or r.corridor_id:
                article_mode = r.mode if r.mode != "corridor" else article_mode
            if _merge_into_existing(routes, r, restate):
                continue
            routes.append(r)
        if article_mode is None:
            words = mode_at(text, s_lo, s_hi)
            if words:
                article_mode = words[0][2] if words[0][2] != "corridor" else None
    routes.sort(key=lambda r: r.start)
    return routes


_CONTINUES = re.compile(r"(?:The|This|That|It|Its)\b")


def _next_sentence(sentences, end):
    for s in sentences:
        if s[0] >= end:
            return s
    return None


# "through the Torkham crossing to": words that name what kind of place the stop is.
_SUFFIX_GAP = re.compile(r"^\s*(?:crossing|border(?: crossing| post)?|pass|port|bridge|terminal|"
                         r"station|junction|dry port|checkpoint|gateway)\b", re.I)
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)
_FROM = re.compile(r"\bfrom\s*$", re.I)
_CONNECT = re.compile(r"\b(?:connect(?:s|ed|ing)?|link(?:s|ed|ing)?|join(?:s|ed|ing)?)\s*$", re.I)


def _phrase_routes(text, s_lo, s_hi, ms: list[_M], article_mode):
    out = []
    i = 0
    while i < len(ms):
        m = ms[i]
        before = text[max(s_lo, m.start - 40):m.start]
        kind = None
        if _BETWEEN.search(before):
            kind = "between"
        elif _FROM.search(before):
            kind = "from"
        elif _CONNECT.search(before):
            kind = "connect"
        if kind is None:
            i += 1
            continue
        stops = [m]
        j = i + 1
        end = m.end
        if kind == "between":
            if j < len(ms) and re.fullmatch(r",?\s+and\s+", text[m.end:ms[j].start], re.I):
                stops.append(ms[j])
                end = ms[j].end
                j += 1
        else:
            # waypoints: through/via A, B and C ... to Y
            k = j
            while k < len(ms):
                gap = text[stops[-1].end:ms[k].start]
                gap = _SUFFIX_GAP.sub(" ", gap)
                if re.fullmatch(r"\s*(?:,|and|,\s*and|(?:through|via|across|past)(?:\s+the)?|"
                                r",\s*(?:through|via)(?:\s+the)?|"
                                r"through\s+(?:the\s+)?\w+\s+(?:of|in)|then|and then|"
                                r"to|with|and on to|onwards? to|all the way to)\s*", gap, re.I) \
                        or re.fullmatch(r"\s*(?:through|via|across)\b[^.;]{0,60}?(?:to|and)\s*", gap, re.I):
                    stops.append(ms[k])
                    end = ms[k].end
                    k += 1
                    continue
                break
            j = k
            # the destination is introduced by "to" (from ... to) or "with/to/and" (connect)
            final = r"\b(?:to)\s*$" if kind == "from" else r"\b(?:to|with|and)\s*$"
            while len(stops) >= 2 and not re.search(
                    final, _SUFFIX_GAP.sub(" ", text[stops[-2].end:stops[-1].start]), re.I):
                stops = stops[:-1]
        if len(stops) < 2:
            i += 1
            continue
        mode, word = _clause_mode(text, s_lo, s_hi, stops[0].start, end, article_mode, kind)
        if mode is None:
            i = j
            continue
        lo = min(word[0] if word else stops[0].start, stops[0].start)
        hi = max(word[1] if word else end, end)
        r = Route(mode, [x.place_id for x in stops], None, None, text[s_lo:s_hi], lo, hi,
                  mention_indices=[x.idx for x in stops])
        r.status = status_near(text, s_lo, s_hi, word[0] if word else stops[0].start)
        restate = kind == "connect" or bool(word and _ANAPHOR.search(text[s_lo:word[0]][-20:]))
        out.append((r, restate))
        i = j
    return out


def _clause_mode(text, s_lo, s_hi, first, last, article_mode, kind):
    """The mode word that governs a from/between/connect phrase: nearest before it, else after."""
    before = [w for w in mode_at(text, s_lo, first)]
    if kind == "between":
        # "flights between", "a ferry service between": the mode word stands right before.
        if before and first - before[-1][1] <= 30:
            return before[-1][2], before[-1]
        return None, None
    if before:
        w = before[-1]
        return w[2], w
    after = mode_at(text, last, s_hi)
    if after and kind != "connect":
        w = after[0]
        return w[2], w
    if after:
        w = after[0]
        return w[2], w
    if article_mode and (_LINE_RE.search(text, s_lo, first) or _RUN_VERBS.search(text, s_lo, first)):
        return article_mode, None
    return None, None


def _merge_into_existing(routes: list[Route], new: Route, restate: bool) -> bool:
    for r in routes:
        if r.mode != new.mode:
            continue
        if new.corridor_id and r.corridor_id == new.corridor_id:
            if r.status is None:
                r.status = new.status
            if not r.stops and new.stops:
                r.stops = list(new.stops)  # a later sentence spells the stops out
            return True
        if set(new.stops) and set(new.stops) == set(r.stops):
            if r.status is None:
                r.status = new.status
            return True
        if restate and set(new.stops) & set(r.stops):
            return True
    return False


def absorb_restatements(routes: list[Route], country_of) -> list[Route]:
    """Drop unnamed routes that restate a named corridor found in the same text.

    A route whose every stop lies on the corridor (the same place, or a country that one
    of the corridor's stops is in) is the corridor told another way; the corridor keeps the
    stops the text states, when it has no legs of its own.
    """
    named = [r for r in routes if r.corridor_id]
    out = []
    for r in routes:
        host = None
        if not r.corridor_id and r.stops:
            for n in named:
                if n.mode != r.mode or not n.stops:
                    continue
                n_countries = {country_of(s) for s in n.stops}
                if all(s in n.stops or (s.startswith("country:") and country_of(s) in n_countries)
                       for s in r.stops):
                    host = n
                    break
        if host is None:
            out.append(r)
            continue
        if not host.legs and len(r.stops) >= 2 and not all(s.startswith("country:") for s in r.stops):
            host.stops = list(r.stops)
        if host.status is None:
            host.status = r.status
    return out
