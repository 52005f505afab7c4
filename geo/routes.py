"""Route mentions from resolved place mentions: mode, ordered stops, status, the phrase.

Three stages, each on one sentence at a time:

1. named corridors of ``data/corridors.yaml`` by name or alias (a numbered variant such
   as "Northern Link 2" is another corridor and is not matched);
2. chains joined by dashes followed by a mode word or a route noun ("the Ruse–Varna
   section", "Kyrgyzstan–Bandar Abbas railway");
3. origin / destination / via roles around route triggers (``geo.route_roles``, whose
   docstring holds the table of phrase families).

Every route carries the ``rule`` (phrase family) that stated it. A clause that restates a
route already found belongs to that route. Two places in one sentence without a trigger
are no route.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from geo._automaton import word_automaton, word_starts
from geo._budget import check as check_budget
from geo._cue_words import corridor_tokens as _corridor_tokens, dash_fold as _dash_fold, named_corridors  # noqa: F401
from geo.route_cues import GENERIC_ROUTE, MODES, STATUSES, generic_route_in, lowered, mode_at, status_near  # noqa: F401
from geo.route_cues import status_in_clause
from geo.route_cues import CORRIDOR_ACRONYM, CORRIDOR_WORD, cue_hits, cue_length
from geo import _mode_groups, route_roles as roles

# Route nouns after a dash chain: "the Ruse–Varna section", "the 120-km Ufa–Orsk line".
_CHAIN_NOUN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(line|link|route|section|stretch|leg|segment|"
                         r"service|connection|corridor|branch|direction|journey|trip|voyage|crossing|sailing)s?\b", re.I)
#: Route nouns that say the route is by water ("the Jakarta–Batam voyage").
_SEA_NOUNS = ("voyage", "sailing")
# "Ruse–Varna", "Delhi-to-Tashkent", "the Tehran to Mashhad route" (a chain counts only
# with a mode word or route noun after it)
_DASH_GAP = re.compile(r"^(?:\s*(?:[-\u2010-\u2015\u2212/]|-to-)\s*|\s+to\s+)$")


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
    rule: str | None = None                # the phrase family that stated it (route_roles)
    avoid: list[str] = field(default_factory=list)  # places the text rules out ("avoiding Suez")
    passages: list[str] = field(default_factory=list)  # seas and straits it goes by ("around the Cape")


@dataclass
class _M:
    """A resolved mention inside a sentence (index into the extraction's mention list)."""

    idx: int
    start: int
    end: int
    place_id: str
    kind: str
    country: str | None = None
    demonym: bool = False                  # "Indian visitors": an adjective, never a stop


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
    # a look-ahead of the letters the names start with lets the scan skip most positions
    firsts = {c for row, _ in out for n in [row["name"], *(row.get("aliases") or [])] if n
              for c in (_dash_fold(n)[:1].lower(), _dash_fold(n)[:1].upper())}
    gate = f"(?=[{re.escape(''.join(sorted(firsts)))}])" if firsts else ""
    # a name followed by a number is a numbered variant, another corridor ("Power of Siberia
    # 2" is not "Power of Siberia"): the scan goes on to the row that has it, if any
    big = re.compile(r"(?<![\w-])" + gate + "(?:" + "|".join(rf"(?P<c{i}>{p})(?![\w-])(?!{_VARIANT.pattern})"
                                                         for i, (_, p) in enumerate(out)) + ")")
    return [row for row, _ in out], big


@lru_cache(maxsize=2)
def _corridor_token_automaton(acronyms: bool = False):
    """The words (or the acronyms) of :func:`_corridor_tokens` in one automaton (one pass
    over a text finds them all); None when there are none."""
    return word_automaton(_corridor_tokens()[1 if acronyms else 0])


@lru_cache(maxsize=1)
def _longest_corridor_name() -> int:
    return max((len(_dash_fold(n)) for row in named_corridors()
                for n in [row["name"], *(row.get("aliases") or [])] if n), default=0)


def _corridor_cue_starts(text: str, low: str, *, shared: bool = True) -> list[int]:
    """Where a corridor name's rarest word (in ``low``, the text lower-cased) or an acronym
    (as written in ``text``) begins, sorted. ``shared``: read them from the mode scan's
    automaton pass (:func:`geo.route_cues.cue_hits`), else from two passes of their own."""
    cues = cue_hits(low) if shared else None
    if cues is None:
        return sorted(word_starts(_corridor_token_automaton(), low)
                      + word_starts(_corridor_token_automaton(True), text))
    acronyms = set(_corridor_tokens()[1])
    return sorted([end - cue_length(v) + 1 for end, v in cues if v & CORRIDOR_WORD]
                  + [end - cue_length(v) + 1 for end, v in cues if v & CORRIDOR_ACRONYM
                     and text[end - cue_length(v) + 1:end + 1] in acronyms])


def _corridor_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that may hold a corridor name: around each occurrence of a
    name's rarest word (one automaton pass), as far as the longest name reaches
    (merged, never ending inside a word)."""
    words, acronyms = _corridor_tokens()
    longest = _longest_corridor_name()
    low = lowered(text)  # (the mode scan's lower-case copy of the same text)
    if low is None:  # lower-casing moved the offsets (rare letters): one window
        low = text.lower()
        return [(0, len(text))] if any(w in low for w in words) or any(a in text for a in acronyms) else []
    hits = _corridor_cue_starts(text, low)
    out: list[list[int]] = []
    for pos in hits:
        lo, hi = max(0, pos - longest - 1), min(len(text), pos + longest + 1)
        while hi < len(text) and (text[hi].isalnum() or text[hi] in "-_"):
            hi += 1  # never a window end inside a word
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _chains(text, items: list) -> list[list]:
    """Runs of items joined only by dashes ("Ruse–Varna", "Naryn (Kyrgyzstan) – Kashi")."""
    chains, cur = [], [items[0]] if items else []
    for a, b in zip(items, items[1:]):
        if _DASH_GAP.match(text[a.end:b.start]):
            cur.append(b)
        else:
            if len(cur) >= 2:
                chains.append(cur)
            cur = [b]
    if len(cur) >= 2:
        chains.append(cur)
    return chains


def _mode_after(text: str, pos: int, limit: int, window: int = 40):
    """A mode word right after a chain ("… railway", "… gas pipeline", "… rail line")."""
    found = mode_at(text, pos, min(limit, pos + window))
    if not found:
        return None
    s, e, mode = found[0]
    if mode == "corridor":  # "the Kisumu–Kampala corridor highway": the concrete mode wins
        concrete = [w for w in found[1:] if w[2] != "corridor" and w[0] - e <= 12]
        if concrete:
            s, e, mode = concrete[0][0], concrete[0][1], concrete[0][2]
    between = text[pos:s]
    if re.search(r"[.;:!?,]", between) or len(between.split()) > 3:
        return None
    return s, e, mode


def _chain_route(text, chain, s_lo, s_hi, sentence, article_mode, hubs=None, items=None):
    """A dash chain followed by a mode word or a route noun, or named right after an
    airline ("Qantas' Melbourne – Dallas"), is a route; a round trip ("A-B-A") is A-B."""
    after = _mode_after(text, chain[-1].end, s_hi)
    if after is None and hubs is not None and hubs.ends_near(chain[0].start):
        after = (chain[0].start, chain[-1].end, "air")
    if after is None:  # "will fly Doha–Almaty", "trains Lviv–Przemysl"
        before = [w for w in mode_at(text, max(s_lo, chain[0].start - 20), chain[0].start)
                  if _WORD_THEN_CHAIN.fullmatch(text[w[1]:chain[0].start]) and w[2] != "corridor"]
        if before:
            after = before[-1]
    if (after is None and hubs is not None and hubs.named_at(s_lo, chain[0].start) is not None
            and _SERVE_BEFORE.search(text, max(s_lo, chain[0].start - 24), chain[0].start)):
        after = (chain[0].start, chain[-1].end, "air")  # "Air Astana will serve Almaty–Seoul"
    if after is None and _HEADLINE_COLON.match(text, chain[-1].end) and not text[s_lo:chain[0].start].strip():
        # a headline "A–B: flights resume", "A to B: new night train": the word after the colon
        colon = _HEADLINE_COLON.match(text, chain[-1].end)
        after = next((w for w in mode_at(text, colon.end(), min(s_hi, colon.end() + 30))
                      if w[2] != "corridor" and not re.search(r"[.;:!?,]", text[colon.end():w[0]])), None)
        if after is not None:
            return _chain_stops(text, chain, after, s_lo, s_hi, sentence, items)
    if after is None:
        noun = _CHAIN_NOUN.match(text, chain[-1].end)
        if not noun or re.search(r"[.;:!?,]", text[chain[-1].end:noun.start(1)]):
            return None
        # The mode of the sentence, else of the article (rail when nothing is known).
        words = [w for w in mode_at(text, s_lo, s_hi) if w[2] != "corridor"]
        if not words and hubs is not None and hubs.named_at(s_lo, chain[0].start) is not None:
            words = [(chain[0].start, chain[0].start, "air")]  # "Uzbekistan Airways resumed its A–B service"
        mode = words[0][2] if words else ("sea" if noun.group(1).lower() in _SEA_NOUNS else article_mode or "rail")
        after = (noun.start(1), noun.end(1), mode)
        if not words:  # the mode is only the article's: a route stated before says more
            r = _chain_stops(text, chain, after, s_lo, s_hi, sentence, items)
            if r is not None:
                r._mode_guessed = True
            return r
    worded = any(re.fullmatch(r"\s+to\s+", text[a.end:b.start]) for a, b in zip(chain, chain[1:]))
    if worded and (after[0] < chain[-1].end or not re.fullmatch(r"\s*(?:[\w-]+\s+)?", text[chain[-1].end:after[0]])
                   or re.search(r"\b(?:from|connect(?:s|ed|ing)?|link(?:s|ed|ing)?|join(?:s|ed|ing)?)\s+(?:the\s+)?$",
                                text[max(s_lo, chain[0].start - 16):chain[0].start], re.I)):
        return None  # "A to B" is a chain only as a name: "the A to B route", not "from A to B, by truck"
    return _chain_stops(text, chain, after, s_lo, s_hi, sentence, items)


def _chain_vias(text, chain, r, items, s_hi) -> list:
    """The places a dash chain's line is said to pass right after its mode word ("the
    Yiwu–Madrid train, which first ran in 2014, covers 13,000 km through A, B and C"): added
    to the route's stops before its end, and returned. A country of one of its stops adds none."""
    after = [it for it in items if it.start >= r.end and it.start < s_hi]
    if not after:
        return []
    gap = text[r.end:after[0].start]
    if roles.role_before(gap) != "via" or re.search(r"[;:.!?()]|,(?!\d)", re.sub(r",\s+(?:which|that)\b[^,]*,", " ", gap)):
        return []
    vias = [after[0]]
    for it in after[1:]:
        if not roles.list_gap(text[vias[-1].end:it.start]):
            break
        vias.append(it)
    ends = {it.m.country for it in chain}
    vias = [v for v in vias if not roles.areal(v.m) and v.m.place_id not in r.stops
            and not (v.m.kind == "country" and v.m.country in ends)]
    if vias:
        r.stops[-1:-1] = [v.m.place_id for v in vias]
        r.mention_indices.extend(v.m.idx for v in vias)
    return vias


#: "will be extended to", "plans to extend the A–B line to": how far a chain's extension
#: cue and its "to" may lie from the chain.
_EXTENSION_REACH = 60


def _chain_extension(text, chain, r, items, s_lo, s_hi, sentence):
    """``(routes, items)`` of the extension a sentence states for a dash chain's line ("the
    Kunming–Vientiane railway will be extended to Bangkok", "plans to extend the A–B line to
    C and D"): from the chain's last stop to each place after "to"; the chain keeps only a
    status cue right before its name (the sentence's plans are the extension's). None when
    there is no such extension."""
    lo, hi = max(s_lo, chain[0].start - _EXTENSION_REACH), min(s_hi, r.end + _EXTENSION_REACH)
    ext = roles.EXTEND.search(text, lo, hi)
    if ext is None or (ext.start() < chain[0].start and re.search(r"[.;:!?]", text[ext.end():chain[0].start])):
        return None
    after = [it for it in items if it.start >= max(r.end, ext.end()) and it.start < hi]
    if not after or roles.role_before(text[max(r.end, ext.end()):after[0].start]) != "to":
        return None
    dests = [after[0]]
    for it in after[1:]:
        if not roles.list_gap(text[dests[-1].end:it.start]):
            break
        dests.append(it)
    dests = [d for d in dests if not roles.areal(d.m) and d.m.place_id != chain[-1].m.place_id]
    if not dests:
        return None
    origin = chain[-1].m
    # the extension's cue is at its word ("will be extended", "plans to extend"); the line's
    # own comes before that ("the A–B line, which opened in 2019, will be extended to C")
    status = status_near(text, s_lo, s_hi, ext.start(), inside=(max(s_lo, ext.start() - 20), s_hi))
    out = [Route(r.mode, [origin.place_id, d.m.place_id], status, None, sentence, ext.start(), d.end,
                 mention_indices=[origin.idx, d.m.idx], rule="extension") for d in dests]
    # (a cue that ends before the extension's word begins is none of the extension's)
    r.status = status_near(text, s_lo, s_hi, chain[0].start,
                           inside=(s_lo, ext.start()) if ext.start() > chain[0].start else (ext.end(), chain[0].start))
    return out, dests


#: Between a mode word and a bare dash chain it governs: nothing, or "the route" ("will
#: fly the route Doha–Almaty", "trains on the line Lviv–Przemysl").
_WORD_THEN_CHAIN = re.compile(r"\s?|\s+(?:on\s+)?(?:the|its|a|new)\s+(?:new\s+)?(?:route|line|sector|service)\s+", re.I)
#: An airline's verb right before a bare dash chain ("will serve A–B", "operates A–B").
_SERVE_VERB = re.compile(r"\b(?:serve[sd]?|serving|operate[sd]?|operating|launch(?:es|ed|ing)?|"
                         r"open(?:s|ed|ing)?|resume[sd]?|resuming|add(?:s|ed|ing)?)\b", re.I)
_SERVE_BEFORE = re.compile(_SERVE_VERB.pattern + r"\s+$", re.I)
_HEADLINE_COLON = re.compile(r"\s*:\s*")


def _chain_stops(text, chain, after, s_lo, s_hi, sentence, items):
    """The route of a dash chain whose mode word ``after`` is known."""
    _, e, mode = after
    stops = [it.m for it in chain]
    if roles.areal(stops[0]):
        return None
    if roles.areal(stops[-1]):
        # "the Yiwu–Europe train ... arrived in Madrid": the last concrete place after it
        # that a destination cue introduces ("relies on the Altynkol crossing" names none)
        after_chain = [it for it in (items or []) if it.start >= chain[-1].end]
        later = [it.m for k, it in enumerate(after_chain)
                 if not roles.areal(it.m) and it.m.kind != "country"
                 and it.m.country != stops[0].country
                 and roles.role_before(text[(after_chain[k - 1].end if k else chain[-1].end):it.start]) == "to"]
        if not later:
            return None
        stops = [*stops[:-1], later[-1]]
    if len(stops) >= 3 and stops[0].place_id == stops[-1].place_id:
        stops = stops[:-1]
    if len({m.place_id for m in stops}) < 2:
        return None
    r = Route(mode, [m.place_id for m in stops], None, text[chain[0].start:e], sentence,
              chain[0].start, e, mention_indices=[m.idx for m in stops], rule="dash_chain")
    r.status = _status_of_name(text, s_lo, s_hi, chain[0].start, e)
    return r


def find_routes(text: str, sentences: list[tuple[int, int]], mentions: list[_M],
                hubs=None, place_near=None, country_of=None, capital_of=None) -> list[Route]:
    """Routes stated in the text, in order of position.

    ``hubs`` (:class:`geo.airlines.Hubs`, optional) knows the airlines the text names;
    their hubs are the origin of flights whose text names none. ``place_near(a, b, km)``
    says whether two place ids lie within ``km`` of each other; ``capital_of(country_id,
    surface)`` gives the capital of a country written with the capital's own name
    ("Kuwait", "Singapore"), for city lists.
    """
    import bisect

    routes: list[Route] = []
    sentences = bounded_spans(text, sentences)
    # Mode words, found once over the whole text: the article's mode and, per sentence,
    # whether it has a trigger at all.
    words = mode_at(text, 0, len(text))
    word_starts = [w[0] for w in words]
    article_mode = _article_mode(words, hubs)
    last_dest: list = []  # the last destination stated, for "From there ..."
    journey: dict = {}  # an origin left without destination, for the next sentences
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    kinds = {m.place_id: m.kind for m in mentions}
    kind_of = kinds.get
    rows, big = _corridor_patterns()
    # the big pattern runs only where a corridor name's rarest word occurs
    corridor_hits = [(m.start(), m.end(), rows[int(m.lastgroup[1:])])
                     for lo, hi in (_corridor_windows(text) if big is not None else [])
                     for m in big.finditer(text, lo, hi)]
    hit_starts = [h[0] for h in corridor_hits]
    said: set[tuple] = set()
    for k, (s_lo, s_hi) in enumerate(sentences):
        check_budget()
        if journey:  # a journey's arrival comes within a few sentences
            journey["age"] = journey.get("age", 0) + 1
            if journey["age"] > (_NAMED_JOURNEY_SENTENCES if journey.get("subject") else _JOURNEY_SENTENCES):
                journey.clear()
        lo_i, hi_i = bisect.bisect_left(starts, s_lo), bisect.bisect_left(starts, s_hi)
        ms = [m for m in mentions[lo_i:hi_i] if m.end <= s_hi]
        h_lo, h_hi = bisect.bisect_left(hit_starts, s_lo), bisect.bisect_left(hit_starts, s_hi)
        hits = corridor_hits[h_lo:h_hi]
        if not hits and not ms:
            continue
        w_lo = bisect.bisect_left(word_starts, s_lo)
        has_word = w_lo < len(words) and words[w_lo][0] < s_hi
        if (not hits and not has_word and not journey and not generic_route_in(text, s_lo, s_hi)
                and not (hubs is not None and hubs.named_at(s_lo, s_hi) is not None
                         and _SERVE_VERB.search(text, s_lo, s_hi))
                and not (article_mode and (_named_departs_in(text, s_lo, s_hi)
                                           or roles.LINK_VERB.search(text, s_lo, s_hi)))
                # "Turkmenistan exports gas to China via Uzbekistan": a trade route
                and not (len(ms) >= 2 and (roles.TRADE_VERB.search(text, s_lo, s_hi)
                                           or roles.GOODS_MOVE.search(text, s_lo, s_hi))
                         and roles.TRADE_GOODS.search(text, s_lo, s_hi))):
            continue
        sentence = text[s_lo:s_hi]
        found: list[tuple[Route, bool]] = []
        used: set[int] = set()

        # 1. Named corridors.
        for m_start, m_end, row in hits:
            if _elsewhere(text[m_start:m_end], row, ms):
                continue  # southern Africa's "North–South Corridor" is not the INSTC
            covered = [x for x in ms if m_start <= x.start and x.end <= m_end]
            used.update(x.idx for x in covered)
            data_mode = row.get("mode")
            if row.get("legs") or not data_mode or "corridor" in row["name"].lower():
                mode = "corridor"
            else:
                mode = data_mode
            stops = [x.place_id for x in covered] if len(covered) >= 2 else []
            r = Route(mode, stops, None, row["name"], sentence, m_start, m_end,
                      corridor_id=row["id"], mention_indices=[x.idx for x in covered],
                      rule="named")
            r.status = _status_of_name(text, s_lo, s_hi, m_start, m_end)
            found.append((r, False))

        in_airline = hubs.covers if hubs is not None else (lambda a, b: False)
        # (a demonym is no stop, except where it names whence goods come: "Kazakh grain")
        items = roles.items_of(text, [m for m in ms if m.idx not in used
                                      and (not m.demonym or roles.GOODS_AFTER_DEMONYM.match(text, m.end))
                                      and not in_airline(m.start, m.end)])
        # 2. Dash chains with a mode word or a route noun.
        chained: set[int] = set()
        for chain in _chains(text, items):
            r = _chain_route(text, chain, s_lo, s_hi, sentence, article_mode, hubs, items)
            if r is None:
                continue
            chained.update(id(it) for it in chain)
            found.append((r, False))
            chained.update(id(it) for it in _chain_vias(text, chain, r, items, s_hi))
            ext = _chain_extension(text, chain, r, items, s_lo, s_hi, sentence)
            if ext is not None:  # "the A–B railway will be extended to C": B to C, not yet built
                chained.update(id(it) for it in ext[1])
                found.extend((x, False) for x in ext[0])

        # 3. Roles around triggers: from/to, to/from, between, link, verb frames, legs.
        free = [it for it in items if id(it) not in chained]
        for r in _role_routes(text, s_lo, s_hi, free, article_mode, hubs, place_near, last_dest,
                              capital_of, journey):
            found.append((r, r.rule == "link"))

        nxt = sentences[k + 1] if k + 1 < len(sentences) else None
        for r, _ in found:
            if r.status is None and nxt and _CONTINUES.match(text, nxt[0]):
                r.status = status_near(text, nxt[0], nxt[1], nxt[0])
        for r, restate in found:
            if getattr(r, "_mode_guessed", False):
                _mode_of_earlier(r, routes)  # "... by rail from A to B. The A–B service ..."
            # the same route stated again in the same words adds nothing: it is not
            # compared with every route so far (long lists repeat themselves)
            key = (r.mode, tuple(r.stops), r.status, r.corridor_id, r.name, len(r.legs), restate)
            if key in said:
                continue
            said.add(key)
            if _merge_into_existing(routes, r, restate, country_of, place_near, kind_of):
                continue
            routes.append(r)
    routes.sort(key=lambda r: r.start)
    return routes


@lru_cache(maxsize=None)
def _corridor_countries(cid: str) -> frozenset:
    """The countries of the stops of corridor ``cid`` (``data/corridors.yaml``)."""
    from geo._stops import as_place
    from geo._errors import PlaceNotFoundError

    row = next(r for r in named_corridors() if r["id"] == cid)
    out = set()
    for stop in [*(row.get("stops") or ()), *(s for leg in row.get("legs") or () for s in leg["stops"])]:
        try:
            out.add(as_place(stop).country)
        except PlaceNotFoundError:
            continue
    return frozenset(c for c in out if c)


def _elsewhere(written: str, row: dict, ms: list[_M]) -> bool:
    """Whether a corridor named by a descriptive alias ("the North–South corridor", not its
    full name nor an acronym) is another corridor of that description: the sentence names
    places, and none of them in a country the corridor runs through."""
    if written.isupper() or _dash_fold(written).lower() == _dash_fold(row["name"]).lower():
        return False
    countries = {m.country for m in ms if m.country}
    return bool(countries) and not countries & _corridor_countries(row["id"])


def _mode_of_earlier(r: Route, routes: list[Route]) -> None:
    """A route whose mode is only the article's ("The Chongqing–Duisburg service, launched
    in 2011, ...") takes the mode of the latest route stated before between the same two
    ends, in either direction."""
    ends = {r.stops[0], r.stops[-1]} if len(r.stops) >= 2 else set()
    same = [x for x in routes if len(x.stops) >= 2 and {x.stops[0], x.stops[-1]} == ends and len(ends) == 2]
    if same:
        r.mode = same[-1].mode


#: A "sentence" longer than this (a list or table without full stops) is read in pieces
#: of about this size, cut after a comma or semicolon, so that the work per piece is bounded
#: and the whole text costs linear time.
MAX_SENTENCE_CHARS = 1200


def _status_of_name(text: str, s_lo: int, s_hi: int, start: int, end: int) -> str | None:
    """The status of a route named at ``text[start:end]`` ("the Laos–China railway"): a cue
    right before the name ("the planned ..."), else a relative clause right after it
    ("..., which has carried ... since it opened"), before any cue of the sentence's other
    clauses ("the line will connect with ..."); else the cue nearest the name."""
    before = status_near(text, s_lo, s_hi, start, inside=(start - 16, start))
    if before is not None:
        return before  # "the planned Kars–Igdir railway": the word before the name is its own
    clause = _WHICH_CLAUSE.match(text, end, s_hi)
    return ((status_near(text, s_lo, s_hi, end, inside=(end, clause.end())) if clause else None)
            or status_in_clause(text, s_lo, s_hi, start))


#: A relative clause right after a corridor's name, up to the next clause break.
_WHICH_CLAUSE = re.compile(r",?\s+(?:which|that)\b[^;:()\u2014]*?(?=,\s+(?:and|but|while)\b|[;:()\u2014]|\.\s|\.?$)")


def bounded_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans with every span longer than :data:`MAX_SENTENCE_CHARS` cut in pieces."""
    out = []
    for lo, hi in sentences:
        while hi - lo > MAX_SENTENCE_CHARS:
            cut = max(text.rfind(", ", lo, lo + MAX_SENTENCE_CHARS), text.rfind("; ", lo, lo + MAX_SENTENCE_CHARS))
            cut = cut + 2 if cut > lo + MAX_SENTENCE_CHARS // 2 else lo + MAX_SENTENCE_CHARS
            out.append((lo, cut))
            lo = cut
        out.append((lo, hi))
    return out


# "Northern Link 2", "Line D", "Phase II": a numbered variant is another corridor.
_VARIANT = re.compile(r"\s*(?:[-\u2013]\s*)?(?:\d+|[IVX]+|[A-H])\b(?!['\u2019]s)")


def _article_mode(words: list[tuple[int, int, str]], hubs=None) -> str | None:
    """The mode most of the article is about (its most frequent mode word, from
    :func:`mode_at` over the text); air for an article that names an airline and no mode
    word."""
    counts: dict[str, int] = {}
    for _, _, mode in words:
        if mode != "corridor":
            counts[mode] = counts.get(mode, 0) + 1
    if hubs is not None:
        counts["air"] = counts.get("air", 0) + len(hubs.spans)
    return max(counts, key=counts.get) if counts else None


_CARRIER_WORD = re.compile(r"air ?(?:lines?|carriers?)\b", re.I)
_SERVICE = re.compile(r"\b(?:services?|routes?|connections?|operations?|directions?)\b", re.I)


def _hub_origins(text, f, hubs, place_near) -> None:
    """Flights with no stated origin leave from the hub of the airline named with them
    (in parentheses after a destination, else the nearest before). A country or the
    hub's own city is no destination of such a flight."""
    pairs = []
    for d in f.dests:
        if d.m.kind == "country":
            continue
        hub = hubs.in_parentheses_after(d.end) or hubs.at(f.start)
        if hub is None or (place_near is not None and place_near(hub, d.m.place_id, 60)):
            continue
        pairs.append((hub, d))
    if not pairs:
        f.dests = []
        return
    hubs_used = {h for h, _ in pairs}
    if len(hubs_used) == 1:
        hub = pairs[0][0]
        f.origins = [roles.Item(f.start, f.start, _M(-1, f.start, f.start, hub, "airport"))]
        f.dests = [d for _, d in pairs]
    else:
        f.per_dest_origin = {id(d): roles.Item(f.start, f.start, _M(-1, f.start, f.start, h, "airport"))
                             for h, d in pairs}
        f.dests = [d for _, d in pairs]
        f.origins = [next(iter(f.per_dest_origin.values()))]
    f.rule = "hub"


_SENTENCE_END = re.compile(r"[.!?]\s")
#: Two routes whose ends lie this close (a city and its airport) are one route.
_SAME_END_KM = 50.0
_THERE = re.compile(r"\W*(?:(?:and\s+)?(?:from\s+)?(?:there|here|thence)\b|from (?:the|this) (?:port|city|station|terminal|hub)\b|"
                    r"(?:it|they|the\s+(?:train|ship|vessel|convoy|cargo|shipment|trucks?|tanker))\s+(?:then|later|next)\b)", re.I)


# "The train left A on Monday. It is due to arrive in B": a departure without destination
# and, in one of the next two sentences, an arrival without origin are one journey.
_DEPART = re.compile(r"\b(?:depart(?:s|ed|ing)?|left|leav(?:es|ing)|set (?:off|out|sail)|sets (?:off|out|sail)|"
                     r"sailed|pulled out|dispatched|sent off)\b[^.;!?]{0,60}$", re.I)
_ARRIVE = re.compile(r"\b(?:arriv(?:e|es|ed|ing)|reach(?:es|ed|ing)?|bound for|destined for|"
                     r"deliver(?:ed|y)? to|head(?:s|ed|ing)? (?:to|for)|due (?:in|at))\b[^.;!?]{0,60}$", re.I)
_JOURNEY_SENTENCES = 2
# "The Nordic Breeze left Constanta": a named vehicle (a ship, a train number) is followed further
# ("... the Nordic Breeze is due in Alexandria" four sentences later).
_NAMED_DEPARTS = re.compile(r"\b(?:The |the )?((?:[A-Z][\w-]+ ){0,2}[A-Z][\w-]+) (?:has |had )?"
                            r"(?:left|departed|sailed from|set sail from|set off from)\b")
_NAMED_JOURNEY_SENTENCES = 6
#: The verbs of :data:`_NAMED_DEPARTS` as literal text: one of them is in any match.
_DEPART_VERBS = ("left", "departed", "sailed from", "set sail from", "set off from")


def _named_departs_in(text: str, lo: int, hi: int) -> bool:
    """Whether :data:`_NAMED_DEPARTS` matches in ``text[lo:hi]``, the regex run only when
    one of its verbs is there (``str.find``; most sentences have none)."""
    return (any(text.find(v, lo, hi) >= 0 for v in _DEPART_VERBS)
            and _NAMED_DEPARTS.search(text, lo, hi) is not None)


def _role_routes(text, s_lo, s_hi, items, article_mode, hubs, place_near=None,
                 last_dest=None, capital_of=None, journey=None) -> list[Route]:
    out = []
    lists = roles.lists_of(text, items, s_lo)
    if capital_of is not None:
        for L in lists:  # "from London, Kuwait and Munich": a city-state's name in a city list
            if len(L.items) >= 2 and any(it.m.kind == "city" for it in L.items):
                for it in L.items:
                    if it.m.kind == "country":
                        cid = capital_of(it.m.place_id, text[it.m.start:it.m.end])
                        if cid:
                            m = it.m
                            it.m = _M(m.idx, m.start, m.end, cid, "city", m.country)
    frames = roles.frames_of(text, lists)
    sentence = text[s_lo:s_hi]
    journey_mode = None
    prev_word = None
    replaced: dict = {}  # areal ends and the concrete places that stand for them
    for f in frames:
        roles.concrete_ends(text, f, items, replaced)
        mode, word = roles.frame_mode(text, s_lo, s_hi, f, article_mode, frames)
        if mode is None and any(it.m.kind == "airport" for it in f.origins + f.dests):
            mode = "air"  # "link JFK with Dakar": an airport end says how
        if (not f.origins and f.dests and last_dest and f is frames[0]
                and _THERE.match(text, s_lo, f.start)
                # "there" is the destination of the sentence just before, not of an older one
                and len(_SENTENCE_END.findall(text, last_dest[0].end, s_lo)) <= 1):
            f.origins = [last_dest[0]]  # "There it is loaded onto tankers bound for B"
            f.rule = "leg"
            before = last_dest[1] if len(last_dest) > 1 else None
            mode = mode or (before.mode if before is not None else None)
            if (before is not None and before.mode == mode and len(f.dests) == 1
                    and last_dest[0].m.kind == "country" and f.dests[0].m.country == last_dest[0].m.country):
                # "... through A and B to enter Iran. It then travelled by rail to Bandar Abbas":
                # the run ends in the city of the country it entered
                before.stops[-1] = f.dests[0].m.place_id
                before.mention_indices.append(f.dests[0].m.idx)
                last_dest[:] = [f.dests[0], before]
                continue

        if journey is not None:
            subject = journey.get("subject")
            if (not f.origins and f.dests and journey.get("origin") is not None
                    and (f is frames[0] or (subject and subject in text[s_lo:f.start]))
                    and (_ARRIVE.search(text, max(s_lo, f.start - 80), f.start)
                                            or _THERE.match(text, s_lo, f.start))
                    and (journey.get("age", 0) <= _JOURNEY_SENTENCES
                         or (subject and subject in text[s_lo:f.start]))):
                f.origins = [journey["origin"]]
                f.rule = "journey"
                if journey["mode"] and (mode is None or word is None):
                    mode = journey["mode"]
                journey.clear()
                journey_mode = mode
            elif mode is None and journey_mode and f.rule == "leg":
                mode = journey_mode  # "..., after which it goes on to C": the journey's mode
            elif (f.origins and not f.dests and len(f.origins) == 1
                    and _DEPART.search(text, max(s_lo, f.start - 80), f.start + 1)):
                named = _NAMED_DEPARTS.search(text, max(s_lo, f.start - 80), f.start)
                subject = named.group(1) if named and not any(
                    named.start(1) <= it.start < named.end(1) for it in items) else None
                if mode is not None or (subject and article_mode):
                    journey.clear()
                    journey.update(origin=f.origins[0], mode=mode or article_mode, subject=subject, age=0)
        if mode is None:
            continue
        if (not f.origins and f.dests and mode == "air" and hubs is not None and not f.origin_unnamed
                and ((word and not _CARRIER_WORD.match(text, word[0], word[1]))
                     or _SERVICE.search(text, s_lo, s_hi))):
            _hub_origins(text, f, hubs, place_near)
        prev = out[-1] if out else None
        if (f.rule == "leg" and f.mode_hint is None and prev is not None and prev.mode == mode
                and prev_word is not None and mode != "corridor"
                and len(f.origins) == 1 and len(f.dests) == 1 and prev.stops[-1] == f.origins[0].m.place_id):
            # "the train went on to B and then to C": one run with a stop at B, not two legs
            d = f.dests[0].m
            if d.kind == "country" and d.country and d.country == f.origins[0].m.country:
                continue  # "to Budapest, before reaching Hungary": B's own country adds no stop
            prev.stops.append(d.place_id)
            prev.mention_indices.append(d.idx)
            prev.end = max(prev.end, d.end)
            if last_dest is not None:
                last_dest[:] = [f.dests[0], prev]
            continue
        modes = _mode_groups.modes_of(text, s_lo, s_hi, f.end, mode, word)
        if (mode == "pipeline" and len(modes) == 1 and len(f.origins) == 1 and len(f.dests) >= 2
                and f.rule != "between" and not (word and _PLURAL.match(text, word[0], word[1]))):
            # "the pipeline will carry gas from A to B, C and D": one line, with stops at B and C
            f.vias, f.dests = [*f.vias, *f.dests[:-1]], f.dests[-1:]
        for o, vias, d in roles.pairs(f, text):
            o = f.per_dest_origin.get(id(d), o)
            done: set[str] = set()
            for mode, word in modes:  # "by rail and road": a route per mode
                pair_mode = mode
                if ((mode in ("road", "rail") or (mode == "corridor" and word is None))
                        and _across_ocean(o.m.country, d.m.country)):
                    # no road runs from Arica to Shanghai: the word (or the article's mode) is
                    # another leg's; goods go by sea, anything else is not said
                    if not roles.GOODS.search(text, s_lo, s_hi):
                        continue
                    pair_mode = "sea"
                if pair_mode in done:
                    continue
                done.add(pair_mode)
                # a country between stops in it says nothing more ("via Russia to Kazan")
                vias = [v for v in vias if not (v.m.kind == "country" and v.m.country
                                                and v.m.country in (o.m.country, d.m.country))]
                stops = [o.m, *[v.m for v in vias], d.m]
                # "through the port of Arica ... to Arica": a stop named twice is one stop
                stops = [m for i, m in enumerate(stops)
                         if i in (0, len(stops) - 1) or m.place_id not in {o.m.place_id, d.m.place_id}]
                stops = [m for i, m in enumerate(stops) if i == 0 or m.place_id != stops[i - 1].place_id]
                lo = min(word[0] if word else o.start, o.start, d.start)
                hi = max(word[1] if word else d.end, d.end, o.end)
                r = Route(pair_mode, [m.place_id for m in stops], None, None, sentence, lo, hi,
                          mention_indices=[m.idx for m in stops if m.idx >= 0], rule=f.rule,
                          avoid=[it.m.place_id for it in f.avoid],
                          passages=[it.m.place_id for it in f.passages])
                anchor = word[0] if word else f.start
                r.status = status_in_clause(text, s_lo, s_hi, anchor, f.start)
                out.append(r)
                prev_word = word  # a vehicle word makes the next same-mode leg part of this run
                if last_dest is not None:
                    last_dest[:] = [d, r]
    return out


#: A mode word in the plural ("pipelines"): more than one line.
_PLURAL = re.compile(r".*s$", re.S)


#: A next sentence that goes on about the route ("It opened in 2019", "The line was ...",
#: "The 1,800-km pipeline carries ..."), not about something else ("The Georgian port of A").
_CONTINUES = re.compile(r"(?:This|That|It|Its)\b|(?:The|These)\s+(?:[\w,.-]+\s+){0,2}?(?:line|lines|route|routes|railway|"
                        r"railroad|pipeline|service|services|trains?|flights?|ferry|ferries|road|highway|corridor|"
                        r"project|link|section|extension|connection|bridge|tunnel|track|crossing|journey|trip)\b")

#: Land masses no road or railway leaves (ISO 3166-1 codes): the Americas, and Australia
#: with New Zealand. (Source: the UN M49 regions Americas and Australia and New Zealand.)
_AMERICAS = frozenset(
    "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GT GY HN HT "
    "JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI".split())
_AUSTRALASIA = frozenset(("AU", "NZ"))


def _across_ocean(a: str | None, b: str | None) -> bool:
    """Whether places in countries ``a`` and ``b`` lie on land masses no road links."""
    if not a or not b or a == b:
        return False
    return (a in _AMERICAS) != (b in _AMERICAS) or (a in _AUSTRALASIA) != (b in _AUSTRALASIA)


def _country_level(r: Route) -> bool:
    return len(r.stops) >= 2 and all(s.startswith("country:") for s in r.stops)


def _merge_into_existing(routes: list[Route], new: Route, restate: bool,
                         country_of=None, place_near=None, kind_of=None) -> bool:
    new_country_level = _country_level(new)
    for r in routes:
        if r.mode != new.mode:
            continue
        if (place_near is not None and len(new.stops) == 2 and len(r.stops) >= 2
                and not new.corridor_id and not r.corridor_id):
            a, b, c, d = new.stops[0], new.stops[-1], r.stops[0], r.stops[-1]
            def near(x, y):
                if x == y:
                    return True
                # a city and its airport, port or station are one end; two towns (Calais and
                # Dunkirk) or two ports close together are two
                kx, ky = (kind_of(x), kind_of(y)) if kind_of is not None else (None, None)
                if kx is not None and kx == ky:
                    return False
                return place_near(x, y, _SAME_END_KM)
            if (near(a, c) and near(b, d)) or (near(a, d) and near(b, c)):
                if r.status is None:
                    r.status = new.status
                return True  # "Almaty–Tbilisi" and the hub's "Almaty airport – Tbilisi"
        if country_of is not None and not new.corridor_id and not r.corridor_id and r.stops and new.stops:
            # "flights between Kazakhstan and Georgia" after "Almaty–Tbilisi flights":
            # the same route told by its countries
            ends = lambda x: {country_of(x.stops[0]), country_of(x.stops[-1])}  # noqa: E731
            if new_country_level and not _country_level(r) and ends(new) == ends(r):
                vias = [x for x in new.stops[1:-1] if country_of(x) not in {country_of(y) for y in r.stops}]
                if not vias:
                    return True
                if len(r.stops) == 2:  # "from A to China via X and Y" after "A–Urumqi trains"
                    if country_of(new.stops[0]) != country_of(r.stops[0]):
                        vias.reverse()
                    r.stops[1:1] = vias
                    return True
                # a transit the first route does not name makes another route
            if not new_country_level and _country_level(r) and ends(new) == ends(r):
                r.stops, r.rule, r.mention_indices = list(new.stops), new.rule, new.mention_indices
                return True
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
        if (len(new.stops) >= 2 and len(r.stops) >= 2 and not new.corridor_id and not r.corridor_id
                and {new.stops[0], new.stops[-1]} == {r.stops[0], r.stops[-1]}):
            if len(new.stops) > len(r.stops):  # the same ends: keep the stated stops
                r.stops = list(new.stops)
            if r.status is None:
                r.status = new.status
            return True
        if (restate and new.mode != "air" and r.sentence != new.sentence
                and (set(new.stops) <= set(r.stops) if not r.corridor_id else set(new.stops) & set(r.stops))):
            return True  # a line "linking" its own stops again, told in another sentence
        if (country_of is not None and len(new.stops) >= 2 and len(r.stops) >= 2
                and not new.corridor_id and not r.corridor_id):
            # "the train left A bound for Kenya" then "the railway connecting Mombasa with A":
            # one end shared, the other a country and a place in it: the same route
            ends_new, ends_r = (new.stops[0], new.stops[-1]), (r.stops[0], r.stops[-1])
            for shared in set(ends_new) & set(ends_r):
                other_new = ends_new[1] if ends_new[0] == shared else ends_new[0]
                other_r = ends_r[1] if ends_r[0] == shared else ends_r[0]
                if other_new == other_r:
                    continue
                if other_r.startswith("country:") and country_of(other_new) == country_of(other_r):
                    r.stops, r.rule, r.mention_indices = list(new.stops), new.rule, new.mention_indices
                    return True
                if other_new.startswith("country:") and country_of(other_r) == country_of(other_new):
                    return True
    return False


#: A stop this close to one of a named corridor's stops lies on the corridor (a gas field
#: and the town beside it, a port and its city).
RESTATE_KM = 30.0


def absorb_restatements(routes: list[Route], country_of, near=None) -> list[Route]:
    """Drop unnamed routes that restate a named corridor found in the same text.

    A route whose every stop lies on the corridor (the same place, a place within
    :data:`RESTATE_KM` of one of its stops when ``near(a, b, km)`` is given, or a country
    that one of the corridor's stops is in) is the corridor told another way; the corridor
    keeps the stops the text states, when it has no legs of its own.
    """
    named = [r for r in routes if r.corridor_id]

    def on(s, n, n_countries):
        return (s in n.stops or (s.startswith("country:") and country_of(s) in n_countries)
                or (near is not None and not s.startswith("country:")
                    and any(near(s, t, RESTATE_KM) for t in n.stops if not t.startswith("country:"))))

    def host_of(r):
        if r.corridor_id or not r.stops:
            return None
        for n in named:
            if n.mode != r.mode or not n.stops:
                continue
            n_countries = {country_of(s) for s in n.stops}
            if all(on(s, n, n_countries) for s in r.stops):
                return n
        return None

    def concrete(r):
        return len(r.stops) >= 2 and not all(s.startswith("country:") for s in r.stops)

    def coarser(r, host):
        """Whether ``r`` names a country where ``host`` names a place in it ("the
        Baku–Tbilisi–Kars railway to Turkey": Kars stays the end)."""
        told = {country_of(s) for s in host.stops if not s.startswith("country:")}
        return any(s.startswith("country:") and country_of(s) in told for s in r.stops)

    hosts = {id(r): host_of(r) for r in routes}
    sections: dict[int, list[Route]] = {}
    for r in routes:
        h = hosts[id(r)]
        if h is not None and concrete(r):
            sections.setdefault(id(h), []).append(r)
    out = []
    for r in routes:
        host = hosts[id(r)]
        if host is None:
            out.append(r)
            continue
        parts = sections.get(id(host), [])
        if len(parts) >= 2 and r in parts and any(coarser(p, host) for p in parts):
            continue  # sections told by country ("from China across Kazakhstan to A"): the corridor's own path
        if len(parts) >= 2 and r in parts:
            # "the corridor begins in A, continues to B, then on to C": the article spells
            # out its sections; each stays a route and the corridor runs through them all
            if r is parts[0]:
                host.stops = list(dict.fromkeys(s for p in parts for s in p.stops))
                host.legs = []
            out.append(r)
            continue
        if concrete(r) and (not host.legs or r.sentence == host.sentence) and not coarser(r, host):
            host.stops = list(r.stops)  # the article's own stops win over the stock path
            host.legs = []
        if host.status is None:
            host.status = r.status
    return out
