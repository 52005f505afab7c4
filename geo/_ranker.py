"""The fitted sense ranker: which place a name of an article means, and how sure that is.

Every sense of a recognised name (every gazetteer record of its key) gets a feature row;
a logistic model turns the row into the probability that this sense is the article's
place. Its weights are fitted on the dev halves of two public news gold sets by
``bench/train_ranker.py`` and shipped as ``data/ranker/weights.json``; no weight here is
set by hand.

Two models run one after the other:

``prior``
    The name alone: match type (primary or alternate name, demonym), kind, population
    (log10, and its gap to the name's most populous sense), how many names the index
    holds for the place, capital, curated row, a major airport's short name, and how
    ambiguous the name is (log of its number of senses). It picks each name's
    provisional sense.
``context``
    The prior features plus what the article's *other* names say, taken from their
    provisional senses weighted by the prior's probability (times their mentions):
    whether a country name of the article names the candidate's country, and that
    country's share of the article's names (its focus); the same two for the
    candidate's first-level region (a state named, the state most names lie in); and
    how close the candidate lies to the other places at two distance scales
    (:data:`LOCAL_KM`, :data:`REGIONAL_KM`), or that no other place anchors it.

The confidence of a resolved place is the context model's probability of its sense.
A user's own place (``extra_places``) is its name's only sense; codes ("Sen.") are no
sense in running text.

Features are built with NumPy for all senses of all names of an article at once.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import numpy as np

from geo._budget import check as check_budget
from geo._data import data_path
from geo._sphere import unit_vector
from geo.gazetteer import ALTERNATE, CODE, CURATED_AIRPORT_SOURCE, DEMONYM, OVERRIDE, PRIMARY, Gazetteer, Record

#: Kinds with their own indicator feature (``city`` is the reference kind).
KIND_FEATURES = ("country", "admin1", "region", "water", "pass", "station", "airport", "port")

#: Features of the name alone, in column order.
PRIOR_FEATURES = ("alternate", "demonym", *(f"kind_{k}" for k in KIND_FEATURES), "log_pop",
                  "log_pop_gap", "log_names", "capital", "curated", "curated_airport", "log_senses")
#: Features of the article's other names, appended after the prior ones.
CONTEXT_FEATURES = ("country_named", "country_share", "admin1_named", "admin1_share", "near_local",
                    "near_regional", "no_anchor", "other_names_place")
FEATURES = PRIOR_FEATURES + CONTEXT_FEATURES

#: Distance scales of the two nearness features: the 161 km (100 miles) within which the
#: gold sets count a point right, and a region (a state, a small country) around it.
LOCAL_KM = 161.0
REGIONAL_KM = 1000.0
#: Closer than this to another name's provisional sense is that same place.
SAME_PLACE_KM = 1.0
#: Kinds whose point stands for an area, not a spot: they are no distance anchor.
AREAL_KINDS = frozenset({"country", "region", "water"})
#: At most this many provisional senses (the likeliest) anchor the distances: a bound on
#: the work for list-like texts with thousands of names; news articles name far fewer.
MAX_ANCHORS = 200
#: Senses per block of the distance computation: bounds the memory of list-like texts
#: (a block's matrices hold at most this many times MAX_ANCHORS numbers, about 13 MB).
CHUNK_ROWS = 8192
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
        return _sigmoid(x[:, :len(self.features)] @ self.coef + self.intercept)

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
_LOG_POP = _COL["log_pop"]  # (log_pop_gap follows it; log_senses is the last prior column)


_KIND_INDEX = {k: i + 1 for i, k in enumerate(KIND_FEATURES)}   # 0: a city (no column)
_KIND_ONE_HOT = np.vstack([np.zeros(len(KIND_FEATURES)), np.eye(len(KIND_FEATURES))])


_KIND_ROW = {k: tuple(float(k == j) for j in KIND_FEATURES) for k in (*KIND_FEATURES, "city")}
_NO_KIND = (0.0,) * len(KIND_FEATURES)


def _prior_values(rec: Record, q: int) -> tuple:
    """One sense's prior features in column order, the gap and senses columns left 0."""
    pop = rec.population or 0
    return (float(q == ALTERNATE), float(q == DEMONYM), *_KIND_ROW.get(rec.kind, _NO_KIND),
            math.log10(pop + 1) if pop > 0 else 0.0, 0.0, math.log1p(rec.names), float(rec.capital),
            float(rec.id.startswith(CURATED_PREFIXES)),
            # a major airport by the short name we list for it ("Heathrow")
            float(rec.source == CURATED_AIRPORT_SOURCE and q == PRIMARY), 0.0)


def _fill_group_columns(x: np.ndarray) -> None:
    """Set the columns that depend on the whole name: population gap, number of senses."""
    lp = x[:, _COL["log_pop"]]
    x[:, _COL["log_pop_gap"]] = lp - lp.max()
    x[:, _COL["log_senses"]] = math.log(len(x))


def prior_rows(cands: list[tuple[Record, int]]) -> np.ndarray:
    """The name-alone feature rows of one name's senses (``PRIOR_FEATURES`` columns)."""
    if not cands:
        return np.zeros((0, len(PRIOR_FEATURES)))
    x = np.array([_prior_values(rec, q) for rec, q in cands])
    _fill_group_columns(x)
    return x


#: Country and first-level region codes as small integers (array indices for vector
#: look-ups; 0 is none).
_COUNTRY_CODE: dict[str, int] = {"": 0}
_ADMIN1_CODE: dict[str, int] = {"": 0}


_CODE_LOCK = threading.Lock()


def _code(table: dict[str, int], c: str | None) -> int:
    code = table.get(c or "")
    if code is None:
        with _CODE_LOCK:  # (two threads must not hand out one number for two codes)
            code = table.setdefault(c or "", len(table))
    return code


#: Kind classes of a sense: a point place, an area (no distance anchor), a country, a
#: first-level region (an anchor, and it names its admin1 code).
_POINT, _AREA, _COUNTRY, _ADMIN1 = 0, 1, 2, 3


def _kind_class(kind: str) -> int:
    if kind == "country":
        return _COUNTRY
    if kind == "admin1":
        return _ADMIN1
    return _AREA if kind in AREAL_KINDS else _POINT


# Columns after the prior features in a Senses matrix.
_NP = len(PRIOR_FEATURES)
_LAT, _LON, _CTRY, _ADM1, _KIND, _IDRANK, _X, _Y, _Z = range(_NP, _NP + 9)


class Senses:
    """All senses of one name of an article: their records and one matrix with their
    prior features, then lat, lon, country code, admin1 code, kind class, the rank of
    the record's id among the senses (the tie-break) and the point as a unit vector."""

    __slots__ = ("key", "records", "m", "_logits", "_choice", "codes")

    def __init__(self, key: str, records: list[Record], m: np.ndarray, codes: np.ndarray | None = None):
        self.key, self.records, self.m = key, records, m
        self._logits: dict[int, np.ndarray] = {}
        self._choice: dict[int, tuple] = {}
        #: country, admin1 and kind class of each sense as integers
        self.codes = m[:, _CTRY:_IDRANK].astype(np.int64) if codes is None else codes

    def logits(self, model: "Model") -> np.ndarray:
        """The prior features' part of a model's logit, per sense (cached per model)."""
        z = self._logits.get(id(model))
        if z is None:
            z = self._logits[id(model)] = self.m[:, :_NP] @ model.coef[:_NP] + model.intercept
        return z

    def choice(self, prior: "Model") -> tuple:
        """The prior's sense of this name alone (cached per model): ``(row, probability,
        country code, admin1 code, kind class)``; ties go to the smaller record id, as in
        :meth:`Stack.best`."""
        c = self._choice.get(id(prior))
        if c is None:
            p = _sigmoid(self.logits(prior))
            b = int(np.lexsort((self.id_rank, -p))[0]) if len(p) > 1 else 0
            c = self._choice[id(prior)] = (b, p[b], *self.codes[b].tolist())
        return c

    @property
    def prior_x(self) -> np.ndarray:
        return self.m[:, :_NP]

    @property
    def id_rank(self) -> np.ndarray:
        return self.m[:, _IDRANK]


def senses_of(key: str, gaz: Gazetteer) -> Senses | None:
    """The senses of a name key (codes left out: "Sen." is not Senegal); a user's own
    place for the name is its only sense (``extra_places`` win). None when unknown."""
    cands = gaz.candidates(key)
    cache = gaz.__dict__.setdefault("_senses_cache", {})
    hit = cache.get(key)
    if hit is not None and hit[0] is cands:  # (the gazetteer's answer is the same object)
        return hit[1]
    if len(cache) > 100_000:
        cache.clear()
    kept = [(rec, q) for rec, q in cands if q != CODE]
    kept = [(rec, q) for rec, q in kept if q == OVERRIDE] or kept
    out = _senses(key, kept) if kept else None
    cache[key] = (cands, out)
    return out


def _senses(key: str, kept: list[tuple[Record, int]]) -> Senses:
    # Every row whole in plain Python, then one array: most names have a few senses, and
    # there NumPy's per-call cost, not the arithmetic, is what a column at a time costs.
    # (The numbers are those of :func:`prior_rows` and :func:`_fill_group_columns`.)
    recs = [rec for rec, _ in kept]
    prior = [_prior_values(r, q) for r, q in kept]
    top = max(v[_LOG_POP] for v in prior)
    log_senses = math.log(len(prior))
    rank = [0.0] * len(recs)
    if len(recs) > 1:
        for j, i in enumerate(sorted(range(len(recs)), key=lambda i: recs[i].id)):
            rank[i] = float(j)
    codes = [(_code(_COUNTRY_CODE, r.country), _code(_ADMIN1_CODE, r.admin1), _kind_class(r.kind))
             for r in recs]
    flat = [x for v, r, c, rk in zip(prior, recs, codes, rank)
            for x in (*v[:_LOG_POP + 1], v[_LOG_POP] - top, *v[_LOG_POP + 2:-1], log_senses,
                      r.lat, r.lon, *c, rk, *unit_vector(r.lon, r.lat))]
    m = np.array(flat, dtype=float).reshape(len(recs), -1)
    return Senses(key, recs, m, np.array(codes, dtype=np.int64))


def context_place(rec: Record) -> Senses:
    """A place the article points to without naming it (the home country of an airline
    it names) as a name of one sense, to stand in the article's context in
    :func:`rank_article`."""
    return _senses(f"context:{rec.id}", [(rec, PRIMARY)])


class Stack:
    """The senses of all names of an article stacked into one matrix."""

    def __init__(self, groups: list[Senses]):
        self.groups = groups
        sizes = [len(g.records) for g in groups]
        self.sizes = sizes
        self.starts = np.array([0, *accumulate(sizes[:-1])])
        self.group_of = np.repeat(np.arange(len(groups)), sizes)
        if len(groups) > 1:
            m = self.m = np.concatenate([g.m for g in groups])
            codes = np.concatenate([g.codes for g in groups])
        else:
            m = self.m = groups[0].m
            codes = groups[0].codes
        self.prior_x = m[:, :_NP]
        self.lat, self.lon, self.id_rank = m[:, _LAT], m[:, _LON], m[:, _IDRANK]
        self.xyz = m[:, _X:_Z + 1]
        self.country, self.admin1, self.kind = codes[:, 0], codes[:, 1], codes[:, 2]
        self.codes2 = codes[:, :2]

    def logits(self, model: "Model") -> np.ndarray:
        """Every sense's prior part of a model's logit (see :meth:`Senses.logits`)."""
        if len(self.groups) == 1:
            return self.groups[0].logits(model)
        return np.concatenate([g.logits(model) for g in self.groups])

    def best(self, p: np.ndarray) -> np.ndarray:
        """Row of each group's most probable sense; ties go to the smaller record id, so
        the choice does not depend on the index's row order."""
        return np.lexsort((self.id_rank, -p, self.group_of))[self.starts]


@dataclass
class Provisional:
    """Each name's provisional sense (the prior's choice) and how sure the prior is."""

    stack: Stack
    rows: np.ndarray     # row of each name's provisional sense in the stack
    prob: np.ndarray
    weight: np.ndarray
    #: country code, admin1 code and kind class of each name's provisional sense
    won: np.ndarray | None = None

    @property
    def groups(self) -> list[Senses]:
        return self.stack.groups

    @property
    def starts(self) -> np.ndarray:
        return self.stack.starts


def provisional(groups: list[Senses], counts: list[int], prior: Model) -> Provisional:
    """The prior's best sense of each name, its probability, and its vote weight
    (probability times the name's number of mentions)."""
    st = Stack(groups)
    # each name's choice depends on its own senses alone: cached per name (Senses.choice)
    choices = [g.choice(prior) for g in groups]
    rows = st.starts + np.array([c[0] for c in choices])
    prob = np.array([c[1] for c in choices])
    prov = Provisional(st, rows, prob, prob * np.asarray(counts, dtype=float))
    prov.won = np.array([c[2:] for c in choices], dtype=np.int64)
    return prov


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # (np.minimum/np.maximum: np.clip's result, without its Python-level dispatch)
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -30.0), 30.0)))


def context_matrix(prov: Provisional) -> np.ndarray:
    """Full feature rows (prior + context) of every sense of every name, stacked in group
    order, given the other names' provisional senses; a name never votes for itself."""
    return np.hstack([prov.stack.prior_x, context_features(prov)])


def context_features(prov: Provisional) -> np.ndarray:
    """The ``CONTEXT_FEATURES`` columns of :func:`context_matrix`.

    The same numbers as :func:`context_features_plain`, with fewer NumPy calls (most
    articles have a few dozen senses: the calls, not the arithmetic, are the cost): the
    country and admin1 columns in one pass (admin1 codes offset past the country codes in
    one ``bincount``), both nearness scales in one ``exp``.
    """
    st, rows, w = prov.stack, prov.rows, prov.weight
    g = st.group_of
    n = len(g)
    ctx = np.zeros((n, len(CONTEXT_FEATURES)))
    rest = w.sum() - w[g]
    won = prov.won if prov.won is not None else np.stack([st.country[rows], st.admin1[rows], st.kind[rows]], 1)
    kind = won[:, 2]
    # columns 0-1 (country) and 2-3 (admin1); admin1 codes go to bins after the countries'
    codes = st.codes2
    n_country = int(st.country.max()) + 1
    off = np.array([0, n_country])
    bins = codes + off
    win = won[:, :2] + off
    names_it = (kind[:, None] == _NAMING).astype(float)   # the name names a country / a state
    n_bins = n_country + int(st.admin1.max()) + 1
    share = np.bincount(win.ravel(), weights=np.repeat(w, 2), minlength=n_bins)
    named = np.bincount(win.ravel(), weights=names_it.ravel(), minlength=n_bins)
    own = (win[g] == bins) & (codes > 0)           # the sense shares its own name's vote
    regional = ctx[:, :4].reshape(n, 2, 2)
    regional[:, :, 0] = (named[bins] - own * names_it[g]) > 0
    regional[:, :, 1] = (share[bins] - own * w[g][:, None]) / np.where(rest > 0, rest, np.inf)[:, None]
    regional[codes == 0] = 0.0
    ctx[:, :4] = regional.reshape(n, 4)
    point = _anchors(prov, kind)
    if len(point):
        anchor = rows[point]
        a_xyz, a_prob = st.xyz[anchor].T, prov.prob[point][None, :]
        for r0 in range(0, n, CHUNK_ROWS):
            sl = slice(r0, r0 + CHUNK_ROWS)
            weight = np.where(g[sl, None] == point[None, :], 0.0, a_prob)  # not its own name
            # great-circle km from the unit vectors' angle
            d = _EARTH_KM * np.arccos(np.minimum(np.maximum(st.xyz[sl] @ a_xyz, -1.0), 1.0))
            # a sense at another name's very point is most often that place itself (a
            # district's seat under the district's name): no nearness, its own feature
            same = d < SAME_PLACE_KM
            ctx[sl, 7] = _max(weight * same, axis=1)
            weight = np.where(same, 0.0, weight)
            ctx[sl, 4:6] = _max(weight[:, :, None] * np.exp(d[:, :, None] * _DECAY), axis=1)
            ctx[sl, 6] = ~_any(weight > 0, axis=1)
            if r0:
                check_budget()
    else:
        ctx[:, 6] = 1.0
    return ctx


def _anchors(prov: Provisional, kind: np.ndarray) -> np.ndarray:
    """Stack rows of the names whose provisional sense is a point or a state: the
    distance anchors, at most :data:`MAX_ANCHORS` (the likeliest)."""
    point = np.flatnonzero((kind == _POINT) | (kind == _ADMIN1))
    if len(point) > MAX_ANCHORS:
        point = point[np.argsort(-prov.prob[point], kind="stable")[:MAX_ANCHORS]]
    return point


#: The kind class that names a country, a first-level region (context columns 0 and 2).
_NAMING = np.array([_COUNTRY, _ADMIN1])
#: Per-km decay of the two nearness features.
_DECAY = np.array([-1.0 / LOCAL_KM, -1.0 / REGIONAL_KM])
_max, _any = np.maximum.reduce, np.logical_or.reduce


def context_features_plain(prov: Provisional) -> np.ndarray:
    """:func:`context_features` in its plain form, one region column pair at a time (the
    reference of the fast path; tests compare the two)."""
    st, rows, w = prov.stack, prov.rows, prov.weight
    g = st.group_of
    ctx = np.zeros((len(g), len(CONTEXT_FEATURES)))
    rest = w.sum() - w[g]
    kind = st.kind[rows]
    for col, code, naming in ((0, st.country, _COUNTRY), (2, st.admin1, _ADMIN1)):
        # each region's vote weight over all names, and how many names name the region itself
        win = code[rows]
        names_it = (kind == naming).astype(float)
        n_codes = int(code.max()) + 1
        share = np.bincount(win, weights=w, minlength=n_codes)
        named = np.bincount(win, weights=names_it, minlength=n_codes)
        own = (win[g] == code) & (code > 0)           # the sense shares its own name's vote
        ctx[:, col] = (named[code] - own * names_it[g]) > 0
        ctx[:, col + 1] = (share[code] - own * w[g]) / np.where(rest > 0, rest, np.inf)
        ctx[code == 0, col:col + 2] = 0.0
    point = _anchors(prov, kind)
    if len(point):
        anchor = rows[point]
        a_xyz, a_prob = st.xyz[anchor].T, prov.prob[point][None, :]
        for r0 in range(0, len(g), CHUNK_ROWS):
            sl = slice(r0, r0 + CHUNK_ROWS)
            weight = np.where(g[sl, None] == point[None, :], 0.0, a_prob)  # not its own name
            # great-circle km from the unit vectors' angle
            d = _EARTH_KM * np.arccos(np.clip(st.xyz[sl] @ a_xyz, -1.0, 1.0))
            # a sense at another name's very point is most often that place itself (a
            # district's seat under the district's name): no nearness, its own feature
            same = d < SAME_PLACE_KM
            ctx[sl, 7] = (weight * same).max(axis=1)
            weight = np.where(same, 0.0, weight)
            ctx[sl, 4] = (weight * np.exp(d * (-1.0 / LOCAL_KM))).max(axis=1)
            ctx[sl, 5] = (weight * np.exp(d * (-1.0 / REGIONAL_KM))).max(axis=1)
            ctx[sl, 6] = ~(weight > 0).any(axis=1)
            if r0:
                check_budget()
    else:
        ctx[:, 6] = 1.0
    return ctx


def context_rows(prov: Provisional) -> list[np.ndarray]:
    """:func:`context_matrix` split into one block per name."""
    return np.split(context_matrix(prov), prov.starts[1:])


# --------------------------------------------------------------------------- resolving

class Ranked:
    """One name's senses in an article: the most probable one and its probability; the
    whole order (most probable first, ties by id) on demand."""

    __slots__ = ("_senses", "_prob", "_best", "_order")

    def __init__(self, senses: "Senses", prob: np.ndarray, best: int):
        self._senses, self._prob, self._best, self._order = senses, prob, best, None

    @property
    def best(self) -> Record:
        return self._senses.records[self._best]

    @property
    def confidence(self) -> float:
        return float(self._prob[self._best])

    @property
    def by_alternate(self) -> bool:
        """Whether the most probable sense answers to the name only as an alternate of its
        own ("Chanak" for Çanakkale)."""
        return bool(self._senses.m[self._best, _COL["alternate"]])

    @property
    def own_named(self) -> list[tuple[Record, float]]:
        """The senses that bear the name as their own (primary) name, not as an alternate
        name or a demonym, with their probabilities, most probable first."""
        m = self._senses.m
        return [(self._senses.records[i], float(self._prob[i])) for i in self._ordered()
                if not m[i, _COL["alternate"]] and not m[i, _COL["demonym"]]]

    def _ordered(self) -> np.ndarray:
        if self._order is None:
            self._order = np.lexsort((self._senses.id_rank, -self._prob))
        return self._order

    @property
    def records(self) -> list[Record]:
        return [self._senses.records[i] for i in self._ordered()]

    @property
    def senses(self) -> list[Record]:
        """The records in the index's order (cheaper than :attr:`records`)."""
        return self._senses.records

    @property
    def prob(self) -> np.ndarray:
        return self._prob[self._ordered()]


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


def rank_article(keys: dict[str, int], gaz: Gazetteer, weights: Weights | None = None,
                 context: list[Senses] = ()) -> dict[str, Ranked]:
    """Every known name of an article with its senses ranked in the article's context.

    Parameters
    ----------
    keys : dict
        Name key -> number of mentions in the article (text order is kept).
    gaz : Gazetteer
    weights : Weights, optional
        Defaults to the shipped fitted weights.
    context : list of Senses, optional
        Places the article points to without naming them (:func:`context_place`): each
        counts as one more name of one mention in the others' context, and is not ranked.

    Returns
    -------
    dict
        Name key -> :class:`Ranked`, for the names the gazetteer knows.
    """
    wts = weights or load_weights()
    names, groups, counts = article_groups(keys, gaz)
    if not groups:
        return {}
    if context:
        groups, counts = groups + list(context), counts + [1] * len(context)
    prov = provisional(groups, counts, wts.prior)
    p = _sigmoid(prov.stack.logits(wts.context) + context_features(prov) @ wts.context.coef[_NP:])
    best = (prov.stack.best(p) - prov.starts).tolist()
    ends = [*prov.starts[1:].tolist(), len(p)]
    return {k: Ranked(g, p[s0:e], b)
            for k, g, s0, e, b in zip(names, groups, prov.starts.tolist(), ends, best)}
