"""News text -> places and routes: :func:`extract` and the :class:`Extraction` it returns."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from geo._sentences import metadata, sentence_spans
from geo._text import repair_text
from geo.gazetteer import CODE, DEMONYM, Gazetteer, Record, default_gazetteer
from geo._budget import check as check_budget
from geo._cue_words import shipping_line_spans
from geo._ranker import context_place, rank_article
from geo.geocoding import Place, _haversine_km
from geo.recognition import Candidate, recognise
from geo.routes import Route, _M, absorb_restatements, bounded_spans, find_routes, named_corridors

SCHEMA_VERSION = 1


@dataclass(eq=False)
class Mention:
    """One mention of a place: character offsets into the text, surface text, sentence.

    The sentence is kept as offsets into the article (``sentence_start``,
    ``sentence_end``) beside one shared reference to its text, never as a copy: a long
    list that names a place 100,000 times holds one text, not 100,000 sentences.
    """

    start: int
    end: int
    text: str
    sentence_start: int = 0
    sentence_end: int = 0
    source_text: str = field(default="", repr=False)
    #: the place is named inside an organisation's name ("the Jamaica Cancer Society",
    #: "Bank of Georgia"): it counts as a mention, but no route is read from it
    in_name: bool = False

    @property
    def sentence(self) -> str:
        """The sentence (or bounded piece of an overlong one) that holds the mention."""
        return self.source_text[self.sentence_start:self.sentence_end]

    def __eq__(self, other) -> bool:
        if not isinstance(other, Mention):
            return NotImplemented
        return (self.start, self.end, self.text, self.sentence) == (other.start, other.end, other.text,
                                                                   other.sentence)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "sentence": self.sentence,
                "in_name": self.in_name}


@dataclass
class PlaceMention:
    """A resolved place with all its mentions."""

    place: Place
    confidence: float
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        p = self.place
        return {"id": p.id, "name": p.name, "kind": p.kind, "country": p.country,
                "geonames_id": p.geonames_id, "lat": round(p.lat, 5), "lon": round(p.lon, 5),
                "confidence": round(self.confidence, 3),
                "mentions": [m.to_dict() for m in self.mentions]}


@dataclass
class Extraction:
    """What one article says: its places, its routes and its metadata.

    Attributes
    ----------
    text : str
    places : list of PlaceMention
        Ordered by first mention.
    routes : list of Route
        Ordered by position; stops are place ids.
    date, title : str or None
        From a dateline / headline at the top of the text.
    source : str
        Where the text came from (a file name, ``<stdin>``, ``<text>``).
    """

    text: str
    places: list[PlaceMention] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    date: str | None = None
    title: str | None = None
    source: str = "<text>"
    _places_by_id: dict = field(default_factory=dict, repr=False)

    def place(self, place_id: str) -> Place | None:
        """The :class:`Place` of an id that occurs in this extraction (stops included)."""
        return self._places_by_id.get(place_id)

    def _repr_html_(self) -> str:
        """Jupyter: the text with its place mentions marked, then the routes (escaped)."""
        from geo._extraction_html import extraction_html

        return extraction_html(self)

    def places_frame(self):
        """Places as a GeoDataFrame (EPSG:4326), one row per place, with its mention count."""
        import geopandas as gpd
        from shapely.geometry import Point

        rows = []
        for pm in self.places:
            d = pm.to_dict()
            d["mentions"] = len(pm.mentions)
            d["first_sentence"] = pm.mentions[0].sentence if pm.mentions else None
            d["source"] = self.source
            rows.append(d)
        cols = ["id", "name", "kind", "country", "lat", "lon", "confidence", "mentions",
                "first_sentence", "source"]
        geoms = [Point(r["lon"], r["lat"]) for r in rows]
        return gpd.GeoDataFrame(rows, columns=cols, geometry=geoms, crs="EPSG:4326")

    def routes_frame(self):
        """Routes as a GeoDataFrame (EPSG:4326), with geometry by mode (see geo.corridors)."""
        from geo.corridors import corridors_from_routes

        return corridors_from_routes(self)

    def to_dict(self) -> dict:
        """The extraction's own record (schema version 1): places, and routes as the text
        states them, with their drawn fields (``geometry``, ``length_km``,
        ``via_countries``, ``geometry_source``, ``reason``, ``note``) empty and ``legs``
        as stated (mode and stops).

        ``avoid`` lists the places the text rules out ("avoiding Russia", "rather than
        through the Suez Canal") and ``passages`` the seas and straits it goes by ("around
        the Cape of Good Hope"), each a place like a stop; ``corridor_id`` is the
        ``data/corridors.yaml`` row of a named corridor. All are nullable: a record without
        them reads as a route with none.

        ``stated_length_km`` is the length the route's sentence states. The record with
        every route drawn is :func:`geo.serialise.extraction_record` (what
        ``corridors extract`` prints): extraction does not know the later stages.
        """
        from geo.lengths import stated_length_km

        def rows(ids):
            out = []
            for pid in ids or ():
                p = self.place(pid)
                if p is not None:
                    out.append({"id": p.id, "name": p.name, "kind": p.kind, "country": p.country,
                                "lat": round(p.lat, 5), "lon": round(p.lon, 5)})
            return out

        routes = []
        for r in self.routes:
            routes.append({
                "mode": r.mode, "name": r.name, "status": r.status, "rule": r.rule,
                "sentence": r.sentence,
                "start": r.start, "end": r.end, "stops": rows(r.stops),
                "corridor_id": r.corridor_id,
                "avoid": rows(r.avoid), "passages": rows(r.passages),
                "via_countries": [], "length_km": None,
                "stated_length_km": stated_length_km(r.sentence),
                "geometry": None, "geometry_source": None, "reason": None, "note": None,
                # the legs as stated (mode and stops); a drawn record has them drawn
                "legs": [{"mode": leg.get("mode"), "stops": rows(leg.get("stops"))}
                         for leg in r.legs],
            })
        return {"schema_version": SCHEMA_VERSION, "source": self.source, "date": self.date,
                "title": self.title, "places": [p.to_dict() for p in self.places],
                "routes": routes}


#: A provisional or final sense at least this probable is more likely right than wrong:
#: it anchors the stray-word test below and lends its country to the article.
_CONFIDENT = 0.5
#: Kinds whose point stands for an area (no anchor for the stray-word distances).
_AREAL = ("country", "region", "water")


#: "the" and at most two ordinary words before a name: "in the tropical Atlantic".
_THE_BEFORE = re.compile(r"\bthe (?:(?!of |city |town |village |county )[a-z]+ ){0,2}$")


def _after_the(text: str, cands: list[Candidate]) -> set:
    """Keys most mentions of which follow a lower-case "the" ("across the Pacific", "in
    the tropical Atlantic"): towns are not named so, seas and regions are."""
    votes: dict[str, int] = {}
    for c in cands:
        lo = max(0, c.start - 30)
        after = "the " in text[lo:c.start] and _THE_BEFORE.search(text, lo, c.start) is not None
        votes[c.key] = votes.get(c.key, 0) + (1 if after else -1)
    return {k for k, v in votes.items() if v > 0}


def _resolve(cands: list[Candidate], gaz: Gazetteer, text: str = "", airlines=()):
    """One sense per article: each distinct name key gets one place, ranked in the
    article's context by the fitted ranker (:mod:`geo._ranker`); its probability is the
    place's confidence. Names that read as stray words are left out.

    An airline the article names (``airlines``, from :func:`mentions_of`) puts its home
    country in that context, as the country's name would ("Qantas' Melbourne – Dallas"
    is the Melbourne in Australia).

    Returns
    -------
    resolved : dict
        Name key -> (Place, confidence).
    ranked : dict
        Name key -> :class:`geo._ranker.Ranked`, every sense in order (for the qualifiers).
    """
    ranked = rank_article(dict(Counter(c.key for c in cands)), gaz, context=_airline_countries(airlines, gaz))
    named = {r.best.country for r in ranked.values() if r.best.kind == "country"}
    confident = {k: r.best.country for k, r in ranked.items()
                 if r.best.kind in ("admin1", "city") and r.confidence >= _CONFIDENT and r.best.country}
    countries = named | set(confident.values())
    countries.discard(None)
    votes = Counter(confident.values())
    anchors = [(r.best.lat, r.best.lon) for r in ranked.values()
               if r.best.kind not in _AREAL and r.confidence >= _CONFIDENT]
    after_the = _after_the(text, cands) if text else set()
    # the places that some name of the article names by their own name, and the countries
    # it names or names a state of
    own_places = {r.best.id for r in ranked.values() if not r.by_alternate}
    named_or_state = named | {r.best.country for r in ranked.values()
                              if r.best.kind == "admin1" and r.confidence >= _CONFIDENT}
    out = {}
    for k, r in ranked.items():
        check_budget()
        rec, conf = _country_for_capital(r, gaz), r.confidence
        if rec is r.best and r.by_alternate:
            rec, conf = _own_name_abroad(r, named_or_state, anchors, rec.id in own_places) or (rec, conf)
        if k in after_the and rec.kind in ("city", "port"):
            # "in the Atlantic": the ocean, not a town of that name
            for alt, p in zip(r.records, r.prob):
                if alt.kind in ("water", "region"):
                    rec, conf = alt, float(p)
                    break
        best = Place.from_record(rec, conf)
        # the article's countries, as the other names tell them
        own = confident.get(k)
        others = countries if own is None or own in named or votes[own] > 1 else countries - {own}
        if _stray_word(k, best, others, anchors, by_alternate=rec is r.best and r.by_alternate):
            continue
        out[k] = (best, conf)
    return out, ranked


#: A town at least this big whose own name the text is ...
_OWN_NAME_POPULATION = 100_000
#: ... in another country, this far from the winner, ...
_OWN_NAME_KM = 161.0
#: ... and at least this share of the winner's probability is the name's place ...
_OWN_NAME_SHARE = 0.6
#: ... unless another confidently placed place of the article lies this close to the winner.
_OWN_NAME_NEAR_KM = 300.0


def _own_name_abroad(r, named: set, anchors: list, named_otherwise: bool = False):
    """A town of the name's own name abroad for a winner that answers to the name only as
    an alternate name: "Cancun" is an alternate name of Changchun, "Jayapura" of Jaipur,
    "Porto" of Bordeaux, and each the own name of a city of its own.

    The town is the most probable one of at least :data:`_OWN_NAME_POPULATION` people (of
    any size in a country the article names) in another country whose own name the text
    is, returned as ``(record, probability)``; a town in a country the article names wins.
    The alternate's city stands (None) when the article names its country or a state of
    it (``named``); else the town wins when another name of the article names that city
    by its own name (``named_otherwise``: "Porto and Bordeaux" are two cities); else the
    city stands when another of the article's confidently placed places (``anchors``)
    lies within :data:`_OWN_NAME_NEAR_KM` of it, or when the context holds it well above
    the town (below :data:`_OWN_NAME_SHARE` of its probability: "Saida" beside Tyre is
    Sidon)."""
    best = r.best
    if best.kind != "city" or best.country in named:
        return None
    for rec, p in r.own_named:
        if (rec.kind == "city" and rec.country != best.country
                and ((rec.population or 0) >= _OWN_NAME_POPULATION or rec.country in named)
                and _haversine_km(rec.lat, rec.lon, best.lat, best.lon) > _OWN_NAME_KM):
            break
    else:
        return None
    if named_otherwise or rec.country in named:
        # (the article names the town's country and not the city's: "Kenya and Uganda
        # agreed to speed up clearance at Malaba" is not Malabo)
        return rec, p
    near = any(a != (best.lat, best.lon) and _haversine_km(best.lat, best.lon, a[0], a[1]) <= _OWN_NAME_NEAR_KM
               for a in anchors)
    return None if near or p < _OWN_NAME_SHARE * r.confidence else (rec, p)


def _airline_countries(airlines, gaz: Gazetteer) -> list:
    """The home countries of the airlines named (each once), as context places."""
    out, seen = [], set()
    for _, _, row in airlines:
        code = (row.get("country") or "").upper()
        if code and code not in seen:
            seen.add(code)
            rec = gaz.get(f"country:{code}")
            if rec is not None:
                out.append(context_place(rec))
    return out


def _country_for_capital(r, gaz: Gazetteer) -> Record:
    """The record the ranker's winner stands for. A name shared by a country and its
    capital ("Singapore", "Djibouti") is the country: both lie within the gold sets'
    161 km, so the ranker does not tell them apart, and the routes read the capital from
    the country's name (place_refs)."""
    best = r.best
    if best.kind == "city" and best.capital and best.country:
        for rec in r.records:
            if rec.kind == "country" and rec.country == best.country:
                return rec
    if best.kind in ("port", "city"):
        # a waterway and the port or town named after it at its side (the Suez Canal, the
        # Dardanelles): the name means the water, as our hand-checked row has it
        for rec in r.senses:  # (unordered: no sort for the rare hit)
            if (rec.kind == "water" and rec.id.startswith("curated:") and rec.country == best.country
                    and _haversine_km(rec.lat, rec.lon, best.lat, best.lon) <= _SAME_PLACE_KM):
                return rec
    return best


#: A waterway's row and a port or town of its name this close are one place.
_SAME_PLACE_KM = 25.0


# "Al Faya Station in Abu Dhabi", "Newport, Wales": what follows says where the place is.
_QUALIFIER_GAP = re.compile(r"(?:\s+(?:[Ss]tation|[Pp]ort|[Aa]irport|[Tt]erminal|[Cc]ity|[Tt]own))?"
                            r"(?:\s+in\s+(?:the\s+)?|\s*,\s*|\s*\(\s*)")
#: A place this far from the place that qualifies it ("A in B") is the wrong sense.
_QUALIFIER_KM = 300.0
#: A place this big with no sense that fits its qualifier is kept (the qualifier is more
#: likely a list item than the place a village of our index we lack).
_QUALIFIER_KEEP_POPULATION = 1_000_000


#: Countries whose GeoNames admin1 codes are their ISO 3166-2 codes (the codes of
#: ``data/admin1.csv``): there a town qualified by a state must lie in that state.
_ISO_ADMIN1_COUNTRIES = frozenset({"US"})


def _in_states(p, states: set, gaz: Gazetteer) -> bool:
    """Whether place or record ``p`` lies in one of ``states`` (admin1 codes); True when
    there is nothing to compare (no state given, or ``p``'s admin1 code is unknown)."""
    if not states or p.country not in _ISO_ADMIN1_COUNTRIES:
        return True
    rec = p if isinstance(p, Record) else gaz.get(p.id)
    a1 = rec.admin1 if rec is not None else None
    return a1 is None or a1 in states


def _apply_qualifiers(text, cands, resolved, gaz, ranked) -> None:
    """Make "A in B" / "A, B" / "A (B)" hold: A must lie in country B, or near place B
    ("in" only). Another sense of A that does is taken; with none, A is dropped."""
    for i, (a, b) in enumerate(zip(cands, cands[1:])):
        if a.key not in resolved or b.key not in resolved or a.key == b.key:
            continue
        gap = _QUALIFIER_GAP.fullmatch(text, a.end, b.start)
        if not gap:
            continue
        pa, pb = resolved[a.key][0], resolved[b.key][0]
        if pa.kind == "country" or not pa.country:
            continue  # (a border crossing belongs to both sides)
        comma = " in" not in gap.group(0)
        nxt = cands[i + 2] if i + 2 < len(cands) else None
        if comma and nxt is not None and re.fullmatch(r"\s*(?:,|and|or|&|,\s*and)\s*", text[b.end:nxt.start]):
            continue  # "to Moscow, Kazakhstan and Uzbekistan" is a list, not a qualifier
        if pb.kind in ("country", "admin1"):
            # (any sense of B: "Lahore, Punjab" fits the Punjab of either country)
            homes = {pb.country} | {rec.country for rec, _ in gaz.candidates(b.key)
                                    if rec.kind in ("country", "admin1")}
            # "Paris, Tenn.": where the town's admin1 code is comparable, the state too
            states = {rec.admin1 for rec, _ in gaz.candidates(b.key)
                      if rec.kind == "admin1" and rec.country in _ISO_ADMIN1_COUNTRIES}
            ok = lambda p: p.country in homes and _in_states(p, states, gaz)  # noqa: E731
        elif " in" in gap.group(0) and pb.kind in ("city", "admin1", "region"):
            ok = lambda p: _haversine_km(p.lat, p.lon, pb.lat, pb.lon) <= _QUALIFIER_KM  # noqa: E731
        else:
            continue
        if ok(pa):
            continue
        better = [(rec, p) for rec, p in zip(ranked[a.key].records, ranked[a.key].prob) if ok(rec)]
        if better:
            rec, p = better[0]
            resolved[a.key] = (Place.from_record(rec, float(p)), float(p))
        elif (pa.population or 0) < _QUALIFIER_KEEP_POPULATION or pb.kind == "admin1":
            # a village elsewhere, or any town said to be in a state or province it is not
            # in: the text's place is not in our index
            del resolved[a.key]


#: A one-word name that is also this common an English word (wordfreq Zipf scale) ...
_STRAY_ZIPF = 3.3
#: ... and resolves to a town smaller than this ...
_STRAY_POPULATION = 20_000
#: ... in a country the article does not name, this far from its other places, is a
#: word ("Gateway", "Tribune", a surname), not the town.
_STRAY_KM = 500.0
#: Any small town that far from this many confidently placed places of the article is
#: the wrong namesake of a place our index lacks.
_STRAY_COHERENT_ANCHORS = 3
#: (that rule is for villages: a bigger town is more often the text's own place)
_STRAY_VILLAGE_POPULATION = 5_000
#: A town named by an alternate name only is a stray below this population, this far from
#: every other place of a coherent article.
_STRAY_ALTERNATE_POPULATION = 1_000_000
_STRAY_ALTERNATE_KM = 1_500.0


def _stray_word(key: str, place: Place, countries: set, anchors: list, by_alternate: bool = False) -> bool:
    from geo.recognition import _zipf

    if place.kind != "city" or place.country in countries:
        return False
    alternate = by_alternate and (place.population or 0) < _STRAY_ALTERNATE_POPULATION
    if not alternate and (" " in key or (place.population or 0) >= _STRAY_POPULATION):
        return False
    others = [a for a in anchors if a != (place.lat, place.lon)]
    if alternate and len(others) >= _STRAY_COHERENT_ANCHORS and all(
            _haversine_km(place.lat, place.lon, a[0], a[1]) > _STRAY_ALTERNATE_KM for a in others):
        # a town named only by another of its names, far from an article whose places hang
        # together ("the Dushanbe–Chanak highway" is no road to Çanakkale, once "Chanak");
        # a great city keeps its old names ("Bombay", "Peking")
        return True
    if " " in key or (place.population or 0) >= _STRAY_POPULATION:
        return False
    if _zipf(key) < _STRAY_ZIPF and (len(others) < _STRAY_COHERENT_ANCHORS
                                     or (place.population or 0) >= _STRAY_VILLAGE_POPULATION):
        return False
    # an English word, or a village far from an article whose places hang together
    # ("the Selja – Tootsi section" in a story about Estonia is not Selja in Sweden)
    return all(_haversine_km(place.lat, place.lon, a[0], a[1]) > _STRAY_KM for a in others)


#: Kinds of place that an organisation's name holding them always names ("Bank of
#: Georgia"); a town there counts only when the article names its country elsewhere.
_IN_NAME_KINDS = frozenset(("country", "admin1", "region", "water"))


def mentions_of(text: str, gaz: Gazetteer, *, recognizer: str = "default", date=None):
    """The name candidates of a (normalised) text that :func:`extract` resolves, and the
    airline names found on the way.

    Returns
    -------
    cands : list of Candidate
    airlines : list of (start, end, airline)
    """
    from geo.airlines import airline_mentions

    airlines = airline_mentions(text)
    cands = recognise(text, gaz, name_ends=frozenset(e for _, e, _ in airlines))
    if recognizer == "spacy":
        from geo._spacy import filter_with_spacy

        cands = filter_with_spacy(text, cands)
    elif recognizer != "default":
        raise ValueError(f"recognizer={recognizer!r}: use 'default' or 'spacy'.")
    # A dateline is not a place mention ("Dec 05, 2021").
    if date:
        first_line_end = text.find("\n") if "\n" in text else len(text)
        cands = [c for c in cands if c.start >= first_line_end]
    # "Air Astana", "Virgin Atlantic": a place word inside an airline's name is a word of
    # that name (one that starts the name, "Uzbekistan Airways", still names the country);
    # a country there is named, as inside any organisation's name ("Air France KLM"), but
    # no route runs there
    if airlines:
        kept = []
        for c in cands:
            if any(s < c.start and c.end <= e for s, e, _ in airlines):
                if not any(rec.kind == "country" and q != CODE for rec, q in gaz.candidates(c.key)):
                    continue
                c = replace(c, in_name=True)
            kept.append(c)
        cands = kept
    # "COSCO", "Hamburg Süd", "Mediterranean Shipping Company": a container line's name names
    # no place (a country in it is named, as in an airline's)
    lines = shipping_line_spans(text)
    if lines:
        kept = []
        for c in cands:
            if any(c.start < e and s < c.end for s, e in lines):
                if not any(rec.kind == "country" and q != CODE for rec, q in gaz.candidates(c.key)):
                    continue
                c = replace(c, in_name=True)
            kept.append(c)
        cands = kept
    return cands, airlines


def extract(text: str, *, gazetteer: Gazetteer | None = None, recognizer: str = "default",
            source: str = "<text>") -> Extraction:
    """Find the places and routes a news text mentions.

    Parameters
    ----------
    text : str
        The article (any length; empty text gives an empty result).
    gazetteer : Gazetteer, optional
        Defaults to the shared offline index.
    recognizer : {"default", "spacy"}
        ``spacy`` keeps only names that an installed spaCy English pipeline tags as
        places; the default needs no model.
    source : str
        A label for where the text came from.

    Returns
    -------
    Extraction

    Examples
    --------
    >>> ex = extract("Flights between Tehran and Bishkek resumed.")
    >>> [(r.mode, r.status) for r in ex.routes]
    [('air', 'operational')]
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, not {type(text).__name__}; decode bytes first.")
    # lone surrogates (no file can hold them) become U+FFFD, one for one, at the door
    text = repair_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    gaz = gazetteer or default_gazetteer()
    date, title = metadata(text)
    ex = Extraction(text=text, date=date, title=title, source=source)
    if not text.strip():
        return ex
    cands, airlines = mentions_of(text, gaz, recognizer=recognizer, date=date)
    resolved, ranked = _resolve(cands, gaz, text, airlines)
    _apply_qualifiers(text, cands, resolved, gaz, ranked)
    # overlong "sentences" (lists without full stops) are read in bounded pieces, and a
    # mention keeps its piece, never a copy of a megabyte-long line
    spans = bounded_spans(text, sentence_spans(text))
    by_id: dict[str, PlaceMention] = {}
    ms: list[_M] = []
    # a town named only inside a name ("the Odesa design bureau") counts when the article
    # names its country elsewhere; a country or region inside a name always does
    countries_named = {resolved[c.key][0].country for c in cands if not c.in_name and c.key in resolved}
    for c in cands:
        if c.key not in resolved:
            continue
        place, conf = resolved[c.key]
        if c.in_name and place.kind not in _IN_NAME_KINDS and place.country not in countries_named:
            continue
        sent = _sentence_of(spans, c.start, c.end)
        pm = by_id.get(place.id)
        if pm is None:
            pm = by_id[place.id] = PlaceMention(place, conf)
        pm.mentions.append(Mention(c.start, c.end, c.text, sent[0], sent[1], text, in_name=c.in_name))
        if c.in_name:
            continue  # "the Bank of Georgia": the place is named, but no route runs there
        # "Kazakh" is also another place's name, but read as the country it is an adjective
        demonym = c.demonym or (place.kind == "country" and any(
            q == DEMONYM and rec.id == place.id for rec, q in gaz.candidates(c.key)))
        ms.append(_M(len(ms), c.start, c.end, place.id, place.kind, place.country, demonym))
    ex.places = list(by_id.values())
    ex._places_by_id = {pid: pm.place for pid, pm in by_id.items()}

    def country_of(pid):
        p = ex.place(pid)
        return p.country if p else None

    from geo.place_refs import capital_references

    capital_id = _capital_id_fn(ex, gaz)
    ms = capital_references(text, ms, capital_id)
    ex.routes = find_routes(text, spans, ms, hubs=_hubs(text, ex, gaz, airlines),
                            place_near=_near_fn(ex), country_of=country_of,
                            capital_of=_capital_fn(ex, gaz, capital_id))
    _fill_corridor_stops(ex, gaz)

    ex.routes = absorb_restatements(ex.routes, country_of, _near_fn(ex))
    return ex


def _capital_id_fn(ex: Extraction, gaz: Gazetteer):
    """``capital_id(iso2)``: the place id of a country's capital (known to the extraction)."""

    def capital_id(code: str):
        rec = gaz.capital(code)  # (cached by the gazetteer)
        if rec is None:
            return None
        return ex._places_by_id.setdefault(rec.id, Place.from_record(rec)).id

    return capital_id


def _capital_fn(ex: Extraction, gaz: Gazetteer, capital_id):
    """``capital_of(country_id, surface)``: the capital city named like its country
    ("Kuwait", "Singapore", "Djibouti"), as a place id the extraction knows; else None."""
    from geo._text import name_key

    def capital_of(country_id: str, surface: str):
        country = ex.place(country_id)
        pid = capital_id(country.country) if country is not None and country.country else None
        if pid and any(rec.id == pid for rec, _ in gaz.candidates(name_key(surface))):
            return pid
        return None

    return capital_of


def _near_fn(ex: Extraction):
    """``near(a, b, km)``: whether two places of the extraction lie within ``km``."""

    dist: dict[tuple[str, str], float] = {}  # (long texts ask for the same pairs again and again)

    def near(a: str, b: str, km: float) -> bool:
        d = dist.get((a, b))
        if d is None:
            pa, pb = ex.place(a), ex.place(b)
            d = math.inf if pa is None or pb is None else _haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)
            dist[(a, b)] = d
        return d <= km

    return near


def _hubs(text: str, ex: Extraction, gaz: Gazetteer, airlines):
    """Hubs of the airlines the text names, as place ids the extraction knows."""
    from geo.airlines import hub_finder

    def hub_id(iata: str):
        rec = gaz.get(f"iata:{iata}")
        if rec is None:
            return None
        place = Place.from_record(rec)
        ex._places_by_id.setdefault(place.id, place)
        return place.id

    return hub_finder(text, hub_id, airlines)


def _sentence_of(spans, start, end):
    import bisect

    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= start and end <= spans[i][1]:
        return spans[i]
    return start, end


def _fill_corridor_stops(ex: Extraction, gaz: Gazetteer) -> None:
    """Named corridors take their stops (and legs) from data/corridors.yaml."""
    from geo.geocoding import geocode
    from geo._errors import PlaceNotFoundError

    rows = {r["id"]: r for r in named_corridors()}
    for r in ex.routes:
        row = rows.get(r.corridor_id) if r.corridor_id else None
        if not row or r.stops:
            continue  # unknown, or the text itself spells the stops
        legs = row.get("legs") or [{"mode": row.get("mode", "corridor"), "stops": row.get("stops") or []}]
        stop_ids, leg_out = [], []
        for leg in legs:
            ids = []
            for name in leg.get("stops") or []:
                try:
                    p = gaz.get(name) if ":" in str(name) else None
                    place = Place.from_record(p) if p else geocode(str(name), gazetteer=gaz)
                except (PlaceNotFoundError, ValueError):
                    continue
                ex._places_by_id.setdefault(place.id, place)
                ids.append(place.id)
                if not stop_ids or stop_ids[-1] != place.id:
                    stop_ids.append(place.id)
            leg_out.append({"mode": leg.get("mode"), "stops": ids})
        r.stops = stop_ids
        r.legs = leg_out if row.get("legs") else []
