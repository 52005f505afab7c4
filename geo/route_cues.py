"""The route lexicon: mode words, status cues and the small regexes the route stages share.

Pure data and tiny helpers; no knowledge of places. ``geo.routes`` (named corridors, dash
chains) and ``geo.route_roles`` (origin / destination / via roles) both read it.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from geo._automaton import WordScanner, word_automaton
from geo._cue_words import shipping_line_spans

MODES = ("rail", "air", "road", "sea", "pipeline", "corridor")
STATUSES = ("proposed", "planned", "under_construction", "test_run", "operational", "suspended")

_MODE_WORDS = [
    ("pipeline", r"(?:gas |oil )?pipelines?|gas link|interconnector|pumped|pumping"),
    ("rail", r"railways?|railroads?|rail (?:line|link|route|corridor|service|connection)s?|by rail|"
             r"rail|trains?|freight trains?|container trains?|train services?|tracks?|"
             r"high-speed rail|metro|tram(?:way)?s?|wagons?|locomotives?|"
             r"(?-i:Express)|main ?lines?|(?:standard|metre|meter|broad|narrow|dual)[- ]gauge"),
    ("air", r"flights?|air (?:link|service|route|connection|traffic)s?|airlines? routes?|"
            r"fl(?:y|ies|ew|ying|own)|nonstop|non-stop|airlines?|air ?carriers?|aircraft|"
            r"planes?|jets?|airliners?|by air|air (?:freight|cargo)|airlift(?:ed)?|"
            r"(?:flag |national |low-cost |budget )?carriers?"),
    ("sea", r"ferry|ferries|ro-ro|ropax|shipping (?:line|route|service)s?|shipped|ships?|sailings?|"
            r"sailed|sails?|set sail|vessels?|sea (?:route|link|lane)s?|container ships?|"
            r"cargo ships?|tankers?|bulk carriers?|port calls?|by sea|boats?|barge convoys?|barges?|"
            r"(?:feeder|liner) services?|container lines?"),
    ("road", r"highways?|motorways?|expressways?|roads?|truck(?:s|ed|ing)?|lorr(?:y|ies)|truck route|by road|"
             r"bus(?:es)?|minibus(?:es)?|marshrutkas?|bus (?:service|route)s?|convoys?|trucking|truckers?|hauliers?|haulage|TIR|coach(?:es)?"),
    ("corridor", r"corridors?|transport routes?|trade routes?|transit routes?"),
]
#: All modes in one pass: the group name says which mode matched. The word boundary is
#: tested once, before the alternatives, not inside each (2.4x faster on news text).
ANY_MODE = re.compile(r"\b(?=\w)(?:" + "|".join(rf"(?P<{mode}>(?:{pat})\b)" for mode, pat in _MODE_WORDS)
                      + ")", re.I)


def _first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can start with; None when that is not plain
    (a pattern that may match empty text, or holds other than literals and groups)."""
    try:
        from re import _parser as sre  # (the regex parser of Python 3.11+)
    except ImportError:  # pragma: no cover
        return None
    out: set[str] = set()

    def first(items) -> bool:
        """Add the first characters of ``items``; True when they cannot match empty."""
        for op, av in items:
            if op == sre.LITERAL:
                out.add(chr(av))
                return True
            if op == sre.IN and all(o == sre.LITERAL for o, _ in av):
                out.update(chr(a) for _, a in av)
                return True
            if op == sre.SUBPATTERN:
                if first(av[-1]):
                    return True
            elif op == sre.BRANCH:
                if all([first(b) for b in av[1]]):
                    return True
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                if first(av[2]) and av[0] > 0:
                    return True
            else:
                raise ValueError(op)  # not plain: no gate
        return False

    try:
        return out if first(list(sre.parse(pattern))) else None
    except Exception:  # an op we do not follow, or a parser of another shape: no gate
        return None


def _lower_pattern(pat: str) -> str:
    assert "\\" not in pat, "mode words are plain text and groups"
    return pat.replace("(?-i:Express)", "express").lower()


def _gated(pat: str) -> str:
    chars = _first_chars(pat)
    return f"(?=[{re.escape(''.join(sorted(chars)))}])" if chars else ""


#: The same words for text already lower-cased, without re.I, each mode's group and the
#: whole pattern behind a look-ahead of the letters they can start with (4x faster on news
#: text); "Express" is then checked for its capital in the original text.
_LOWER_WORDS = [(mode, _lower_pattern(pat)) for mode, pat in _MODE_WORDS]
_ANY_MODE_LOWER = re.compile(
    r"\b" + (_gated("|".join(p for _, p in _LOWER_WORDS)) or r"(?=\w)") + "(?:"
    + "|".join(rf"(?P<{mode}>{_gated(pat)}(?:{pat})\b)" for mode, pat in _LOWER_WORDS) + ")")
#: Route nouns that name no mode: they take the mode the article is about.
_GENERIC_WORDS = (r"lines?|links?|routes?|services?|connections?|destinations?|directions?|sections?|"
                  r"stretch(?:es)?|legs?|segments?|journeys?|voyages?|trips?|shipments?|cargo|consignments?|"
                  r"frequenc(?:y|ies)|departures?|arrivals?|operations?")
GENERIC_ROUTE = re.compile(rf"\b(?:{_GENERIC_WORDS})\b", re.I)
_GENERIC_LOWER = re.compile(rf"\b{_gated(_GENERIC_WORDS)}(?:{_GENERIC_WORDS})\b")


def generic_route_in(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a route noun that names no mode (:data:`GENERIC_ROUTE`).

    Read from the route nouns of the whole lower-cased text, found once in the automaton
    pass of :func:`cue_hits` (:func:`generic_route_in_plain`: a search of the window)."""
    low = lowered(text)
    if low is None:
        return GENERIC_ROUTE.search(text, lo, hi) is not None
    nouns = _route_nouns(low)
    if nouns is None:
        return _GENERIC_LOWER.search(low, lo, hi) is not None
    starts, ends, closed = nouns
    i = bisect.bisect_left(starts, lo)
    while i < len(starts) and starts[i] < hi:
        # a word boundary after the noun: a non-word character, or the window's end
        if ends[i] <= hi and (closed[i] or ends[i] == hi):
            return True
        i += 1
    return False


def generic_route_in_plain(text: str, lo: int, hi: int) -> bool:
    """:func:`generic_route_in` by a regex search of the window (its reference)."""
    low = lowered(text)
    if low is None:
        return GENERIC_ROUTE.search(text, lo, hi) is not None
    return _GENERIC_LOWER.search(low, lo, hi) is not None


_LAST_NOUNS: tuple = (None, None)  # (lower-case text, its route nouns) of the last call


def _route_nouns(low: str):
    """The route nouns of ``low`` that start a word: their starts (sorted), ends, and
    whether a non-word character (or the text's end) follows; None without an automaton."""
    global _LAST_NOUNS
    last = _LAST_NOUNS  # one read, as in mode_at
    if last[0] is low:
        return last[1]
    hits = cue_hits(low)
    out = None
    if hits is not None:
        found = sorted((end - cue_length(v) + 1, end + 1) for end, v in hits if v & ROUTE_NOUN)
        found = [(s, e) for s, e in found if not (s > 0 and _is_word_char(low[s - 1]))]
        out = ([s for s, _ in found], [e for _, e in found],
               [e == len(low) or not _is_word_char(low[e]) for _, e in found])
    _LAST_NOUNS = (low, out)
    return out


def _is_word_char(c: str) -> bool:
    """Whether ``c`` is a regex word character (``\\w``)."""
    return c.isalnum() or c == "_"

_STATUS_CUES = [
    ("test_run", r"test[- ]runs?|trial[- ]runs?|test operations?|trial operations?|test trains?|"
                 r"pilot (?:run|train|shipment)s?|trial|test shipments?|first test"),
    ("under_construction", r"under construction|being built|construction (?:is |was )?(?:under ?way|began|begun|started|work)|"
                           r"laying (?:of )?track|track[- ]laying|is building|are building|builders?|contractors?|"
                           r"reconstruct(?:ion|ed|ing)|half (?:complete|finished|built)|widening|breakthrough|"
                           r"(?:began|begun|begins|started|starts) (?:laying|building|construction)|laying (?:the|of)|"
                           r"broke ground|groundbreaking|due to be (?:completed|finished)|nearing completion|to be completed (?:by|in)|"
                           # "construction of the A–B section is under way", "the road is being rebuilt",
                           # "expected to be completed next year"
                           r"construction (?:work )?(?:of|on) [^.;]{0,60}?(?:(?:is|are|was|were) (?:now |well |already )?under ?way|"
                           r"began|(?:has|had|have) (?:begun|started)|started)|"
                           r"being rebuilt|rebuilding|"
                           r"(?:expected|scheduled|set|due) to be (?:completed|finished)"),
    ("suspended", r"suspend(?:ed|s)?|suspension|halt(?:ed|s)?|shut(?: down)?|closed|closure|"
                  r"stopped|cancel+ed|frozen|froze|paused|interrupted|grounded|shelved|mothballed|abandoned"),
    ("operational", r"opened|inaugurat(?:ed|ion)|launched|operational|in operation|"
                    r"(?:is|are|were|was) running|resum(?:ed|es|ption)|began (?:operating|running|service)|"
                    r"started (?:operating|running)|commissioned|operates|operating|"
                    r"now (?:runs|links|connects)|reopened|relaunched|delivered|handled|carried|"
                    r"has been operational|record|serves?|already|left|departed|arrived|reached|sailed|docked|"
                    # "the extension was completed in 2019", "the line is operated by ..."
                    r"(?:was|were|has been|have been|had been) (?:fully |finally |officially )?completed|"
                    r"(?:is|are|was|were) (?:now )?operated|(?:began|started) (?:in|on)|"
                    r"(?:began|begun|begins|started|starts) (?:flowing|pumping|carrying|delivering|shipping)|first (?:gas|oil)"),
    ("planned", r"planned|plans? to (?:build|launch|open|start)|plans?|"
                r"(?:will|would)(?: also| soon| now| again| then| eventually| later| finally| initially| first)? "
                r"(?:build|launch|open|start|begin|run|connect|link|restart|resume|reopen|introduce|add|operate|fly|serve|"
                r"dispatch|send|carry|call|extend|be (?:extended|connected|linked|joined|built|opened|launched))|to be extended|(?:due|expected|set) to (?:open|start|begin|launch|be (?:opened|launched|commissioned))|"
                r"(?:is|are) (?:adding|launching|introducing|planning)|"
                r"(?:is|are) to (?:launch|open|start|begin|build|resume|introduce|run|operate|fly|link|connect)|"
                r"feasibility (?:stud(?:y|ies)|reports?|stage|phase)|financ(?:ed|ing)|funding|approved|decided|"
                r"to be built|scheduled|is set to|are set to|framework agreement|contract"),
    ("proposed", r"propos(?:ed|al|es|ing)|agreed (?:in principle|to establish)|should (?:establish|be|open|launch|reopen)|"
                 r"discuss(?:ed|ing)?|consider(?:ed|ing)?|mooted|suggest(?:ed|s)|called for|"
                 r"establishing|idea|under (?:study|consideration)|being studied"),
]
#: Cues that count only when a sentence has no other: "began in May" (a service began;
#: "construction began in May" says more).
_WEAK = frozenset(("already", "record", "began in", "began on", "started in", "started on"))
_STATUS_RE = [(status, re.compile(rf"\b(?:{pat})\b", re.I)) for status, pat in _STATUS_CUES]


def mode_at(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """All mode words in ``text[lo:hi]`` as ``(start, end, mode)``."""
    global _LAST_MODES
    last = _LAST_MODES  # one read: a tuple another thread may replace, never change
    if last[0] is text and last[1] == (lo, hi):  # asked once per frame of a sentence
        return last[2]
    words, starts = _all_modes(text)
    i = bisect.bisect_left(starts, lo)
    out = []
    while i < len(words) and words[i][0] < hi:
        if words[i][1] <= hi:
            out.append(words[i])
        else:  # a word the window cuts: what the window holds of it ("rail" of "railways")
            out += _scan(text, words[i][0], hi)
        i += 1
    _LAST_MODES = (text, (lo, hi), out)
    return out


#: A mode word that is part of the name of something else: "fly ash" (a power station's
#: waste, carried by barge or truck) says nothing of flying.
_NOT_MODE = re.compile(r"fly[- ]ash\b", re.I)


def _scan(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    low = lowered(text)
    if low is None:  # lower-casing changed the length (rare letters): the slow pattern
        return [(m.start(), m.end(), m.lastgroup) for m in ANY_MODE.finditer(text, lo, hi)
                if (text[m.start()] != "E" or m.lastgroup != "rail" or _named_train(text, m.start()))
                and not (m.lastgroup == "air" and _NOT_MODE.match(text, m.start()))]
    found = _lower_matches(low) if (lo, hi) == (0, len(text)) else _ANY_MODE_LOWER.finditer(low, lo, hi)
    return [(m.start(), m.end(), m.lastgroup) for m in found
            if (m.lastgroup != "rail" or not low.startswith("express", m.start())
                or (text[m.start()] == "E" and _named_train(text, m.start())))
            and not (m.lastgroup == "air" and _NOT_MODE.match(low, m.start()))]


def _lower_matches(low: str):
    """The matches of ``_ANY_MODE_LOWER.finditer(low)``, the pattern tried only where one
    of the words it can match begins a word and ends at a word's end (found in the one
    automaton pass of :func:`cue_hits`; the regex engine would try every position)."""
    hits = cue_hits(low)
    if hits is None:
        yield from _ANY_MODE_LOWER.finditer(low)
        return
    starts = sorted({end - cue_length(v) + 1 for end, v in hits
                     if v & MODE_WORD and _whole_word(low, end - cue_length(v) + 1, end + 1)})
    last_end = 0
    for at in starts:
        if at < last_end:
            continue  # inside the previous match, as finditer would skip it
        m = _ANY_MODE_LOWER.match(low, at)
        if m:
            last_end = m.end()
            yield m


def _whole_word(low: str, start: int, end: int) -> bool:
    """Whether ``low[start:end]`` neither follows nor precedes a word character (``\\w``:
    what ``str.isalnum`` says, and the underscore)."""
    return not ((start > 0 and _is_word_char(low[start - 1])) or (end < len(low) and _is_word_char(low[end])))


@lru_cache(maxsize=1)
def _mode_word_automaton():
    """Every text the lower-case mode words can match (they are finite: literals,
    alternatives and optional parts) in one automaton; values are the texts' lengths.
    None when a pattern is not of that plain shape (the regex then scans alone)."""
    words = _mode_texts()
    return word_automaton(words) if words is not None else None


@lru_cache(maxsize=1)
def _mode_texts() -> frozenset[str] | None:
    """The texts of :func:`_mode_word_automaton` (None when a pattern is not plain)."""
    words: set[str] = set()
    for _, pat in _LOWER_WORDS:
        texts = _finite_texts(pat)
        if texts is None:
            return None
        words |= texts
    return frozenset(words)


#: What a word of :func:`cue_hits` is (bits of its value; the length is above them): a
#: mode word's text, the rarest word of a named corridor, a corridor acronym (lower case;
#: the caller checks its capitals in the text), a route noun that names no mode.
MODE_WORD, CORRIDOR_WORD, CORRIDOR_ACRONYM, ROUTE_NOUN, AIRLINE = 1, 2, 4, 8, 16
_FLAG_BITS = 5
#: Above the flags, 8 bits of length; above those, the airline's number (1-based) in
#: ``geo.airlines.airline_keys`` (0: no airline).
_LENGTH_MASK = 0xFF
_AIRLINE_SHIFT = _FLAG_BITS + 8


def cue_length(v: int) -> int:
    """The length of the word of a :func:`cue_hits` value."""
    return (v >> _FLAG_BITS) & _LENGTH_MASK


@lru_cache(maxsize=1)
def _cue_automaton():
    """The mode words' texts, the named corridors' cue words (``geo.routes``) and the route
    nouns (:data:`GENERIC_ROUTE`) in one automaton over lower-case text; values are ``length << 3 | kind bits``. None when the
    mode words are not finite texts (each scan then runs on its own)."""
    from geo._cue_words import corridor_tokens as _corridor_tokens

    modes, nouns = _mode_texts(), _finite_texts(_GENERIC_WORDS)
    if modes is None or nouns is None:
        return None
    flags: dict[str, int] = dict.fromkeys(modes, MODE_WORD)
    words, acronyms = _corridor_tokens()
    for w, bit in [*((w, CORRIDOR_WORD) for w in words), *((a.lower(), CORRIDOR_ACRONYM) for a in acronyms),
                   *((w, ROUTE_NOUN) for w in nouns)]:
        flags[w] = flags.get(w, 0) | bit
    airline_no: dict[str, int] = {}
    if len(_airline_entries()[0]) >= 1 << (31 - _AIRLINE_SHIFT):
        return None  # (the numbers would not fit the automaton's 32-bit values)
    for k, key in enumerate(_airline_entries()[0]):
        if key.isascii():  # (a text in ASCII holds no other)
            flags[key] = flags.get(key, 0) | AIRLINE
            airline_no[key] = k + 1
    if any(len(w) > _LENGTH_MASK for w in flags):
        return None  # (no cue word is that long)
    return WordScanner({w: airline_no.get(w, 0) << _AIRLINE_SHIFT | len(w) << _FLAG_BITS | f
                        for w, f in flags.items()})


@lru_cache(maxsize=1)
def _airline_entries() -> tuple[list[str], list[tuple]]:
    """The airlines' folded names and their values (``geo.airlines.airline_keys``)."""
    from geo._cue_words import airline_keys

    keys = airline_keys()
    return list(keys), list(keys.values())


def airline_hits(low: str) -> list[tuple[int, tuple]] | None:
    """``(end index, airline value)`` of every airline name in ``low`` (the lower-cased text
    of a text in ASCII without a backtick, which is its folded form), from the pass of
    :func:`cue_hits`; None without that automaton."""
    hits = cue_hits(low)
    if hits is None:
        return None
    values = _airline_entries()[1]
    return [(end, values[(v >> _AIRLINE_SHIFT) - 1]) for end, v in hits if v & AIRLINE]


_LAST_HITS: tuple = (None, None)  # (lower-case text, its cue hits) of the last call


def cue_hits(low: str) -> list[tuple[int, int]] | None:
    """``(end index, value)`` of every word of :func:`_cue_automaton` in the lower-case text
    ``low`` (overlaps included): one pass serves the mode words and the corridor cues.
    None when there is no such automaton."""
    global _LAST_HITS
    last = _LAST_HITS  # one read, as in mode_at
    if last[0] is low:
        return last[1]
    auto = _cue_automaton()
    hits = list(auto.iter(low)) if auto is not None else None
    _LAST_HITS = (low, hits)
    return hits


def _finite_texts(pattern: str, limit: int = 20_000) -> set[str] | None:
    """All texts a plain pattern (literals, character sets of literals, groups,
    alternatives, bounded repeats) matches; None for any other pattern or too many texts."""
    from re import _parser as sre

    def seq(items) -> list[str]:
        out = [""]
        for op, av in items:
            if op == sre.LITERAL:
                alts = [chr(av)]
            elif op == sre.IN and all(o == sre.LITERAL for o, _ in av):
                alts = [chr(a) for _, a in av]
            elif op == sre.SUBPATTERN:
                alts = seq(av[-1])
            elif op == sre.BRANCH:
                alts = [t for b in av[1] for t in seq(b)]
            elif op == sre.MAX_REPEAT and av[1] <= 4:
                one = seq(av[2])
                alts, level = [], [""]
                for k in range(av[1] + 1):
                    if k >= av[0]:
                        alts += level
                    level = [a + b for a in level for b in one]
            else:
                raise ValueError(op)
            out = [a + b for a in out for b in alts]
            if len(out) > limit:
                raise ValueError("too many")
        return out

    try:
        return set(seq(list(sre.parse(pattern))))
    except Exception:  # an op we do not follow, or a parser of another shape
        return None


_LAST_ALL: tuple = (None, None, None)  # (text, its mode words, their starts)


def _all_modes(text: str):
    """The mode words of the whole text (one scan per text; windows are slices of it)."""
    global _LAST_ALL
    last = _LAST_ALL  # one read, as in mode_at
    if last[0] is text:
        return last[1], last[2]
    words = _scan(text, 0, len(text))
    lines = shipping_line_spans(text)
    if lines:  # "Maersk launched a service linking A and B": a container line says ships
        words = sorted([*words, *((s, e, "sea") for s, e in lines)])
    _LAST_ALL = (text, words, [w[0] for w in words])
    return words, _LAST_ALL[2]


_LAST_MODES: tuple = (None, None, None)  # (text, (lo, hi), words) of the last call
_LAST_LOWER: tuple = (None, None)  # (text, its lower-case form or None) of the last call


def lowered(text: str) -> str | None:
    """``text.lower()`` when that keeps every offset, else None (memo of the last text)."""
    global _LAST_LOWER
    last = _LAST_LOWER  # one read, as in mode_at
    if last[0] is text:
        return last[1]
    low = text.lower()
    if len(low) != len(text):
        low = None
    _LAST_LOWER = (text, low)
    return low


_TRAIN_NAME = re.compile(r"(?<![\w'])(?!The\b)[A-Z][a-z]+ $")


def _named_train(text: str, pos: int) -> bool:
    """"Express" is a train when a name comes before it ("the Sagar Express"), and
    nothing else ("The Express Tribune", "express delivery" are matched case-sensitively)."""
    return text.startswith("Express", pos) and bool(_TRAIN_NAME.search(text, max(0, pos - 30), pos))


def status_near(text: str, lo: int, hi: int, anchor: int, inside: tuple[int, int] | None = None) -> str | None:
    """The status cue in ``text[lo:hi]`` (a sentence) closest to ``anchor``; None when
    there is none. ``inside=(a, b)``: only the cues that lie within ``text[a:b]`` (a
    clause of the sentence; the sentence is scanned once for all its questions).

    A weak cue ("already", "record", "began in") counts only when no other cue is in the span.
    """
    global _LAST_STATUS
    last = _LAST_STATUS  # one read, as in mode_at
    if last[0] is text and last[1] == (lo, hi):
        cues = last[2]
    else:  # one scan per sentence, however many routes it states
        low = lowered(text)
        if low is None:  # (lower-casing moved the offsets: the case-blind patterns)
            cues = [(m.start(), m.end(), status, m.group(0).lower() in _WEAK)
                    for status, rx in _STATUS_RE for m in rx.finditer(text, lo, hi)]
        else:
            cues = [(m.start(), m.end(), status, m.group(0) in _WEAK)
                    for status, rx in _STATUS_LOWER for m in rx.finditer(low, lo, hi)]
        # "discussed expanding the corridor", "plans to upgrade the line": what is planned
        # is more of a route that runs, no route yet to be built (an extension is new track)
        cues = [c for c in cues if not (c[2] in ("planned", "proposed") and _MORE_OF.match(text, c[1]))]
        _LAST_STATUS = (text, (lo, hi), cues)
    if inside is not None:
        cues = [c for c in cues if inside[0] <= c[0] and c[1] <= inside[1]]
    best = None
    for start, end, status, weak in cues:
        d = min(abs(start - anchor), abs(end - anchor))
        rank = (weak, d, STATUSES.index(status))
        if best is None or rank < best[0]:
            best = (rank, status)
    return best[1] if best else None


#: After a cue of plans: words that plan more of what exists (capacity, speed, frequency).
_MORE_OF = re.compile(r"\s+(?:to\s+)?(?:further\s+)?(?:expan(?:d|ds|ded|ding|sion)|upgrad(?:e|es|ed|ing)|"
                      r"moderni[sz](?:e|es|ed|ing|ation)|doubl(?:e|es|ed|ing)|boost(?:s|ed|ing)?|"
                      r"increas(?:e|es|ed|ing)|widen(?:s|ed|ing)?|electrif(?:y|ies|ied|ying|ication))\b", re.I)
#: The status cues for lower-cased text, gated like the mode words (3x faster).
_STATUS_LOWER = [(status, re.compile(rf"\b{_gated(_lower_pattern(p))}(?:{_lower_pattern(p)})\b"))
                 for status, p in _STATUS_CUES]
_LAST_STATUS: tuple = (None, None, None)  # (text, (lo, hi), cues) of the last call


#: Where a sentence's clauses part: a comma and a conjunction before a new subject ("...,
#: while the branch to B is still under construction"), a semicolon, a dash between
#: spaces. A contrast ("but", "while", ...; a semicolon, a dash): its clauses never share a cue.
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*(?:and\s+|(?P<c>but|while|whereas|although|though|yet)\s+)"
    r"|\s+(?P<c2>but|whereas)\s+)"
    r"(?=(?:the|a|an|its|their|this|that|these|those|it|they|there|work|construction|services?|"
    r"flights?|trains?|ferr(?:y|ies)|buses|trucks)\b|(?-i:[A-Z]))"
    r"|(?P<s>;\s|\s[\u2013\u2014]\s)", re.I)
#: A sentence opened by a clause of contrast ("While the line to A opened, ..."): its first
#: comma ends that clause.
_LEADING_CONTRAST = re.compile(r"\s*(?:While|Whereas|Although|Though)\b[^,;.]*,")


def _clause_breaks(text: str, s_lo: int, s_hi: int) -> list[tuple[int, bool]]:
    """``(offset, contrast)`` of every clause break of ``text[s_lo:s_hi]``, in order."""
    out = []
    lead = _LEADING_CONTRAST.match(text, s_lo, s_hi)
    if lead:
        out.append((lead.end(), True))
    for m in _CLAUSE_BREAK.finditer(text, lead.end() if lead else s_lo, s_hi):
        out.append((m.start(), bool(m.group("c") or m.group("c2") or m.group("s"))))
    return out


#: "were suspended in 2020 but resumed in 2023": within one clause, what follows "but" is
#: the news (not "but never opened", "but has not been built").
_BUT_THEN = re.compile(r"\b(?:but|only to be|before being)\s+(?!(?:never|not|no|has not|have not|had not|was not|were not|is not|are not)\b)", re.I)


def status_in_clause(text: str, s_lo: int, s_hi: int, anchor: int, pos: int | None = None) -> str | None:
    """The status of a route stated at ``pos`` (default ``anchor``) of the sentence
    ``text[s_lo:s_hi]``: the cue nearest ``anchor`` in the route's own clause ("The line to
    A opened in 2019, while the branch to B is still under construction"); else in the
    sentence, leaving out the clauses a contrast ("but", "while") sets apart."""
    pos = anchor if pos is None else pos
    breaks = _clause_breaks(text, s_lo, s_hi)
    if not breaks:
        return _clause_status(text, s_lo, s_hi, anchor, pos, s_lo, s_hi, breaks)
    a = max([b for b, _ in breaks if b <= pos], default=s_lo)
    b = min([b for b, _ in breaks if b > pos], default=s_hi)
    return _clause_status(text, s_lo, s_hi, anchor, pos, a, b, breaks)


def _clause_status(text, s_lo, s_hi, anchor, pos, a, b, breaks) -> str | None:
    """:func:`status_in_clause` for the clause ``text[a:b]`` of the route at ``pos``."""
    but = _BUT_THEN.search(text, max(a, pos), b)
    if but is not None:
        later = status_near(text, s_lo, s_hi, but.end(), inside=(but.end(), b))
        if later is not None:
            return later
    own = status_near(text, s_lo, s_hi, anchor, inside=(a, b))
    if own is not None:
        return own
    ca = max([b for b, c in breaks if c and b <= pos], default=s_lo)
    cb = min([b for b, c in breaks if c and b > pos], default=s_hi)
    if (ca, cb) == (a, b):
        return None
    return status_near(text, s_lo, s_hi, anchor, inside=(ca, cb))
