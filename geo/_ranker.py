"""The fitted sense ranker: which place a name of an article means, and how sure that is.

Every sense of a recognised name (every gazetteer record of its key) gets a feature row;
a logistic model turns the row into the probability that this sense is the article's
place. Its weights are fitted on the dev halves of two public news gold sets by
``bench/train_ranker.py`` and shipped as ``data/ranker/weights.json``; no weight here is
set by hand.

Two models run one after the other:

``prior``
    The name alone: match type, kind, population, capital, curated row, how ambiguous the
    name is. It picks each name's provisional sense.
``context``
    The prior features plus what the article's *other* names say, taken from their
    provisional senses weighted by the prior's probability: whether the candidate's
    country is named, the share of the article's places in that country (its focus), and
    how close the candidate lies to the other places (two distance scales).

Features are built with NumPy for all senses of all names of an article at once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from geo._data import data_path
from geo.gazetteer import ALTERNATE, CODE, CURATED_AIRPORT_SOURCE, DEMONYM, OVERRIDE, PRIMARY, Gazetteer, Record

#: Kinds with their own indicator feature (``city`` is the reference kind).
KIND_FEATURES = ("country", "admin1", "region", "water", "pass", "station", "airport", "port")

#: Features of the name alone, in column order.
PRIOR_FEATURES = ("alternate", "demonym", *(f"kind_{k}" for k in KIND_FEATURES), "log_pop",
                  "log_pop_gap", "capital", "curated", "curated_airport", "log_senses")
#: Features of the article's other names, appended after the prior ones.
CONTEXT_FEATURES = ("country_named", "country_share", "near_local", "near_regional", "no_anchor")
FEATURES = PRIOR_FEATURES + CONTEXT_FEATURES

#: Distance scales of the two nearness features: the 161 km (100 miles) within which the
#: gold sets count a point right, and a region (a state, a small country) around it.
LOCAL_KM = 161.0
REGIONAL_KM = 1000.0
#: Kinds whose point stands for an area, not a spot: they are no distance anchor.
AREAL_KINDS = frozenset({"country", "region", "water"})
#: At most this many provisional senses (the likeliest) anchor the distances: a bound on
#: the work for list-like texts with thousands of names; news articles name far fewer.
MAX_ANCHORS = 200
#: Record ids of rows we curated on purpose (regions, border posts, states).
CURATED_PREFIXES = ("curated:", "admin1:")

_EARTH_KM = 6371.0088
_KIND_COLUMN = {k: i for i, k in enumerate(KIND_FEATURES)}


@dataclass(frozen=True)
class Model:
    """A logistic model over named features."""

    features: tuple[str, ...]
    coef: np.ndarray
    intercept: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(sense is right) for each row of ``x`` (columns in :attr:`features` order)."""
        z = x[:, :len(self.features)] @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    @classmethod
    def from_dict(cls, d: dict, features: tuple[str, ...]) -> "Model":
        missing = [f for f in features if f not in d["coef"]]
        if missing:
            raise ValueError(f"ranker weights lack feature(s) {missing}; retrain with bench/train_ranker.py")
        return cls(features, np.array([d["coef"][f] for f in features], dtype=float), float(d["intercept"]))


@dataclass(frozen=True)
class Weights:
    prior: Model
    context: Model


def weights_path():
    """Where the fitted weights live (``data/ranker/weights.json``)."""
    return data_path("ranker", "weights.json")


@lru_cache(maxsize=1)
def load_weights(path=None) -> Weights:
    """The fitted prior and context models (cached)."""
    d = json.loads((path or weights_path()).read_text(encoding="utf-8"))
    return Weights(Model.from_dict(d["prior"], PRIOR_FEATURES), Model.from_dict(d["context"], FEATURES))


# --------------------------------------------------------------------------- features

_COL = {f: i for i, f in enumerate(PRIOR_FEATURES)}


def prior_rows(cands: list[tuple[Record, int]]) -> np.ndarray:
    """The name-alone feature rows of one name's senses (``PRIOR_FEATURES`` columns)."""
    n = len(cands)
    x = np.zeros((n, len(PRIOR_FEATURES)))
    for i, (rec, q) in enumerate(cands):
        x[i, _COL["alternate"]] = q == ALTERNATE
        x[i, _COL["demonym"]] = q == DEMONYM
        if rec.kind in _KIND_COLUMN:
            x[i, _COL[f"kind_{rec.kind}"]] = 1.0
        pop = rec.population or 0
        x[i, _COL["log_pop"]] = math.log10(pop + 1) if pop > 0 else 0.0
        x[i, _COL["capital"]] = rec.capital
        x[i, _COL["curated"]] = rec.id.startswith(CURATED_PREFIXES)
        # a major airport by the short name we list for it ("Heathrow")
        x[i, _COL["curated_airport"]] = rec.source == CURATED_AIRPORT_SOURCE and q == PRIMARY
    if n:
        x[:, _COL["log_pop_gap"]] = x[:, _COL["log_pop"]] - x[:, _COL["log_pop"]].max()
        x[:, _COL["log_senses"]] = math.log(n)
    return x


@dataclass
class Senses:
    """All senses of one name of an article."""

    key: str
    records: list[Record]
    prior_x: np.ndarray
    lat: np.ndarray
    lon: np.ndarray


def senses_of(key: str, gaz: Gazetteer) -> Senses | None:
    """The senses of a name key (codes left out: "Sen." is not Senegal); a user's own
    place for the name is its only sense (``extra_places`` win). None when unknown."""
    cache = gaz.__dict__.setdefault("_senses_cache", {})
    hit = cache.get(key, False)
    if hit is not False:
        return hit
    if len(cache) > 100_000:
        cache.clear()
    cands = [(rec, q) for rec, q in gaz.candidates(key) if q != CODE]
    own = [(rec, q) for rec, q in cands if q == OVERRIDE]
    cands = own or cands
    out = None
    if cands:
        recs = [rec for rec, _ in cands]
        out = Senses(key, recs, prior_rows(cands), np.array([r.lat for r in recs]),
                     np.array([r.lon for r in recs]))
    cache[key] = out
    return out


def _haversine(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle km between every point 1 (rows) and every point 2 (columns)."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dl = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class Provisional:
    """Each name's provisional sense (the prior's choice) and how sure the prior is."""

    groups: list[Senses]
    best: list[int]
    prob: np.ndarray
    weight: np.ndarray


def provisional(groups: list[Senses], counts: list[int], prior: Model) -> Provisional:
    """The prior's best sense of each name, its probability, and its vote weight
    (probability times the name's number of mentions)."""
    best, prob = [], []
    for g in groups:
        p = prior.probability(g.prior_x)
        i = _argbest(p, g.records)
        best.append(i)
        prob.append(p[i])
    prob = np.array(prob)
    return Provisional(groups, best, prob, prob * np.array(counts, dtype=float))


def _argbest(p: np.ndarray, records: list[Record]) -> int:
    """The most probable sense; ties go to the smaller id (stable across runs)."""
    top = p.max()
    tied = np.flatnonzero(p >= top - 1e-12)
    if len(tied) == 1:
        return int(tied[0])
    return int(min(tied, key=lambda i: records[i].id))


def context_rows(prov: Provisional) -> list[np.ndarray]:
    """Full feature rows (prior + context) of every name's senses, given the others'
    provisional senses; a name never votes for itself."""
    groups = prov.groups
    wins = [g.records[i] for g, i in zip(groups, prov.best)]
    w = prov.weight
    countries = np.array([r.country or "" for r in wins], dtype=object)
    is_country = np.array([r.kind == "country" for r in wins])
    point = np.flatnonzero([r.kind not in AREAL_KINDS for r in wins])
    if len(point) > MAX_ANCHORS:
        point = point[np.argsort(-prov.prob[point], kind="stable")[:MAX_ANCHORS]]
    a_lat = np.array([wins[j].lat for j in point])
    a_lon = np.array([wins[j].lon for j in point])
    a_prob = prov.prob[point]
    total = w.sum()
    # weight of each country among all names, and which countries a country name names
    share: dict[str, float] = {}
    named: dict[str, int] = {}
    for j, c in enumerate(countries):
        if c:
            share[c] = share.get(c, 0.0) + w[j]
            if is_country[j]:
                named[c] = named.get(c, 0) + 1
    all_lat = np.concatenate([g.lat for g in groups]) if groups else np.zeros(0)
    all_lon = np.concatenate([g.lon for g in groups]) if groups else np.zeros(0)
    dist = _haversine(all_lat, all_lon, a_lat, a_lon) if len(point) else np.zeros((len(all_lat), 0))
    out, row0 = [], 0
    for gi, g in enumerate(groups):
        n = len(g.records)
        ctx = np.zeros((n, len(CONTEXT_FEATURES)))
        own_c, own_w = countries[gi], w[gi]
        rest = total - own_w
        own_named = 1 if is_country[gi] else 0
        for i, rec in enumerate(g.records):
            c = rec.country or ""
            if not c:
                continue
            others_named = named.get(c, 0) - (own_named if c == own_c else 0)
            ctx[i, 0] = others_named > 0
            if rest > 0:
                ctx[i, 1] = (share.get(c, 0.0) - (own_w if c == own_c else 0.0)) / rest
        d = dist[row0:row0 + n]
        keep = point != gi
        if keep.any():
            d, ap = d[:, keep], a_prob[keep]
            ctx[:, 2] = (ap[None, :] * np.exp(-d / LOCAL_KM)).max(axis=1)
            ctx[:, 3] = (ap[None, :] * np.exp(-d / REGIONAL_KM)).max(axis=1)
        else:
            ctx[:, 4] = 1.0
        out.append(np.hstack([g.prior_x, ctx]))
        row0 += n
    return out


# --------------------------------------------------------------------------- resolving

@dataclass
class Ranked:
    """One name's senses, most probable first, with their probabilities."""

    records: list[Record]
    prob: np.ndarray

    @property
    def best(self) -> Record:
        return self.records[0]

    @property
    def confidence(self) -> float:
        return float(self.prob[0])


def article_groups(keys: dict[str, int], gaz: Gazetteer) -> tuple[list[str], list[Senses], list[int]]:
    """The known names of an article (``key -> number of mentions``) and their senses."""
    names, groups, counts = [], [], []
    for k, n in keys.items():
        s = senses_of(k, gaz)
        if s is not None:
            names.append(k)
            groups.append(s)
            counts.append(n)
    return names, groups, counts


def rank_article(keys: dict[str, int], gaz: Gazetteer, weights: Weights | None = None) -> dict[str, Ranked]:
    """Every known name of an article with its senses ranked in the article's context.

    Parameters
    ----------
    keys : dict
        Name key -> number of mentions in the article (text order is kept).
    gaz : Gazetteer
    weights : Weights, optional
        Defaults to the shipped fitted weights.

    Returns
    -------
    dict
        Name key -> :class:`Ranked`, for the names the gazetteer knows.
    """
    wts = weights or load_weights()
    names, groups, counts = article_groups(keys, gaz)
    if not groups:
        return {}
    prov = provisional(groups, counts, wts.prior)
    out = {}
    for k, g, x in zip(names, groups, context_rows(prov)):
        p = wts.context.probability(x)
        order = sorted(range(len(p)), key=lambda i: (-p[i], g.records[i].id))
        out[k] = Ranked([g.records[i] for i in order], p[order])
    return out
