"""Geoparsing benchmark: ``geo.extract`` against the regex baseline ``geotext``.

Scores both systems, in one run, on two public English news gold sets read from
``../shared/eval/`` (next to the repository; never copied into it):

* **GWN** (GeoWebNews, 200 articles). Only the toponym types listed in
  :data:`GWN_TOPONYM_TYPES` count (Literal_Expression, Non_Lit_Expression and Non_Toponym
  are not place names). Spans with negative offsets are dropped; spans without a
  latitude/longitude count for recognition but not for the accuracy denominators.
* **LGL** (Local-Global Lexicon, 588 articles). Every ``<toponym>`` is a gold span; the
  ones with a ``<gaztag>`` carry coordinates.

Each set is split by article position into a *dev* half (even index 0, 2, 4, ...) and a
*test* half (odd index); both halves are reported. Tune on dev, quote test.

Metrics, per (system, set, half)
--------------------------------
P, R, F1
    Recognition on overlapping spans. Predicted and gold spans are paired one-to-one
    (see :func:`match_spans`): a prediction is a true positive when it is paired with a
    gold span it overlaps by at least one character; each gold span is paired at most
    once, so a second prediction over the same gold span is a false positive.
acc@161 rec.
    Of the gold spans with coordinates that were paired with a prediction, the fraction
    whose predicted point lies within 161 km (100 miles) of the gold point. A prediction
    resolved to a country (``kind == 'country'``) is also right when the gold point lies
    inside that country's Natural Earth polygon. An unresolved prediction is wrong.
acc@161 e2e
    End to end: correct paired spans / all gold spans with coordinates.
F1 strict, e2e strict
    ``score_geoparse.py``'s rules (what the issue's targets are stated in): a prediction
    is right when it overlaps any gold span and a gold span is found when any prediction
    overlaps it (no one-to-one pairing); a gold span with coordinates is placed when the
    nearest of the predictions over it lies within 161 km (no country polygon).
docs/s
    Articles per second of wall-clock time over the per-article system calls only
    (single process, after one warm-up call, so loading indexes is excluded; the cold
    time of import + first call is printed separately). For ``geotext`` a call is
    ``GeoText(text)`` plus locating its names in the text and geocoding them.

The ``geotext`` baseline returns city and country names without offsets; every
occurrence of each returned name is located with a case-sensitive word-boundary regex
(longer names win over overlapping shorter ones), and each name is resolved with the
project's own :func:`geo.geocode` so the comparison isolates recognition.

Published reference points (from ``../shared/eval/README.md``)
--------------------------------------------------------------
* Mordecai 3 (spaCy transformer + GeoNames in Elasticsearch + neural ranker), from raw
  text on held-out TR-News/LGL/GWN documents: toponym recall 0.706, precision 0.782,
  end-to-end acc@161 0.625; 60-110 docs/s on a desktop GPU.
* Gritta et al. 2018, acc@161 with their NER on LGL: CamCoder 0.76, highest-population
  baseline 0.70, Edinburgh Geoparser 0.76, CLAVIN 0.71.
* Recognition F1 on LGL: Topocluster 0.71, GeoTxt 0.68, Edinburgh 0.62, CLAVIN 0.57.
* ``geotext``: recognition F1 0.47 on GWN and 0.45 on LGL.

These are indicative only: other splits, other matching rules and (for Mordecai 3) a mix
of corpora.

Usage
-----
::

    .venv/bin/python bench/geoparse.py                      # both sets, full run
    .venv/bin/python bench/geoparse.py --set lgl --limit 40 # quick look
    .venv/bin/python bench/geoparse.py --errors 20 --json /tmp/geoparse.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # (imported from another folder too)

from _timing import code_version, load_line, peak_rss_mb, print_table, timed  # noqa: E402
EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"
SET_FILES = {"gwn": "GWN.xml", "lgl": "lgl.xml"}
SYSTEMS = ("geo.extract", "geotext")
HALVES = ("dev", "test")
THRESHOLD_KM = 161.0
EARTH_RADIUS_KM = 6371.0088

#: GeoWebNews annotation types that are toponyms (the README's list).
GWN_TOPONYM_TYPES = frozenset({
    "Literal", "Literal_Modifier", "Embedded_Literal", "Coercion", "Mixed", "Metonymic",
    "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym", "Homonym", "Language",
})

WARMUP_TEXT = ("Flights between Tehran and Bishkek resumed on Monday, and freight trains from "
               "Almaty to Tashkent now cross Kazakhstan and Uzbekistan daily.")


# --------------------------------------------------------------------------- data model

@dataclass
class GoldSpan:
    """One gold toponym: character offsets into the article text, and its point if known."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    label: str = ""  # GWN type or LGL feature code, for error listings

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class Article:
    """A gold article: its id, its text and its gold spans."""

    id: str
    text: str
    gold: list[GoldSpan]


@dataclass
class PredSpan:
    """One predicted mention and the place it was resolved to (``None`` if unresolved)."""

    start: int
    end: int
    text: str
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class DataNotes:
    """What parsing changed or found odd in one gold file."""

    articles: int = 0
    spans: int = 0
    spans_with_point: int = 0
    dropped_negative: int = 0
    dropped_type: int = 0
    text_mismatch: int = 0
    articles_with_cr: int = 0


# --------------------------------------------------------------------------- gold parsing

def _float_or_none(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _child_text(elem: ET.Element, tag: str) -> str:
    child = elem.find(tag)
    return (child.text or "") if child is not None else ""


def parse_gwn(path: Path, limit: int | None = None) -> tuple[list[Article], DataNotes]:
    """Parse GeoWebNews: toponym types only, negative-offset spans dropped.

    Parameters
    ----------
    path : Path
        ``GWN.xml``.
    limit : int, optional
        Stop after this many articles.

    Returns
    -------
    articles : list of Article
        In file order.
    notes : DataNotes
    """
    notes = DataNotes()
    articles = []
    for art in ET.parse(path).getroot().iter("article"):
        if limit is not None and len(articles) >= limit:
            break
        text = _child_text(art, "text")
        gold = []
        for top in art.iter("toponym"):
            start, end = int(_child_text(top, "start")), int(_child_text(top, "end"))
            if start < 0 or end < 0:
                notes.dropped_negative += 1
                continue
            kind = _child_text(top, "type").strip()
            if kind not in GWN_TOPONYM_TYPES:
                notes.dropped_type += 1
                continue
            gold.append(GoldSpan(start, end, _child_text(top, "extractedName"),
                                 _float_or_none(_child_text(top, "latitude")),
                                 _float_or_none(_child_text(top, "longitude")), kind))
        articles.append(Article(art.get("file", str(len(articles))), text, gold))
    return articles, notes


def parse_lgl(path: Path, limit: int | None = None) -> tuple[list[Article], DataNotes]:
    """Parse LGL: every toponym is gold; those with a ``<gaztag>`` have a point.

    Parameters
    ----------
    path : Path
        ``lgl.xml``.
    limit : int, optional
        Stop after this many articles.

    Returns
    -------
    articles : list of Article
    notes : DataNotes
    """
    notes = DataNotes()
    articles = []
    for art in ET.parse(path).getroot().iter("article"):
        if limit is not None and len(articles) >= limit:
            break
        text = _child_text(art, "text")
        gold = []
        for top in art.iter("toponym"):
            start, end = int(_child_text(top, "start")), int(_child_text(top, "end"))
            if start < 0 or end < 0:
                notes.dropped_negative += 1
                continue
            tag = top.find("gaztag")
            lat = lon = None
            label = ""
            if tag is not None:
                lat, lon = _float_or_none(_child_text(tag, "lat")), _float_or_none(_child_text(tag, "lon"))
                label = _child_text(tag, "fcode")
            gold.append(GoldSpan(start, end, _child_text(top, "phrase"), lat, lon, label))
        articles.append(Article(art.get("docid", str(len(articles))), text, gold))
    return articles, notes


def normalise_newlines(article: Article) -> Article:
    """Apply ``geo.extract``'s newline normalisation ("\\r\\n"/"\\r" -> "\\n") to the gold.

    Offsets are shifted so they index the normalised text. Articles without "\\r" are
    returned unchanged.
    """
    if "\r" not in article.text:
        return article
    new_index, out, i, text = [], [], 0, article.text
    while i < len(text):
        new_index.append(len(out))
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            new_index.append(len(out))  # the "\n" of a "\r\n" maps onto the same character
            out.append("\n")
            i += 2
            continue
        out.append("\n" if text[i] == "\r" else text[i])
        i += 1
    new_index.append(len(out))  # end offset == len(text)
    gold = [GoldSpan(new_index[g.start], new_index[min(g.end, len(text))], g.text, g.lat, g.lon,
                     g.label) for g in article.gold]
    return Article(article.id, "".join(out), gold)


def load_set(name: str, path: Path, limit: int | None) -> tuple[list[Article], DataNotes]:
    """Parse one gold set, normalise newlines, apply ``--limit`` and fill the notes."""
    parse = parse_gwn if name == "gwn" else parse_lgl
    articles, notes = parse(path, limit)
    notes.articles_with_cr = sum("\r" in a.text for a in articles)
    articles = [normalise_newlines(a) for a in articles]
    notes.articles = len(articles)
    notes.spans = sum(len(a.gold) for a in articles)
    notes.spans_with_point = sum(g.has_point for a in articles for g in a.gold)
    notes.text_mismatch = sum(a.text[g.start:g.end] != g.text for a in articles for g in a.gold)
    return articles, notes


def eval_texts(eval_dir: Path = EVAL_DIR) -> list[str]:
    """The texts of every GWN and LGL article, in file order (for speed benches)."""
    texts = []
    for name, file in SET_FILES.items():
        texts += [a.text for a in load_set(name, eval_dir / file, None)[0]]
    return texts


def split_halves(articles: list[Article]) -> dict[str, list[Article]]:
    """Dev = even article positions (0, 2, 4, ...), test = odd positions."""
    return {"dev": articles[0::2], "test": articles[1::2]}


# --------------------------------------------------------------------------- systems

class GeoExtractSystem:
    """The project's extractor: every mention of every resolved place is a prediction."""

    name = "geo.extract"

    def load(self) -> float:
        """Import and warm up; return the cold time (import + first call) in seconds."""
        t0 = time.perf_counter()
        from geo import extract

        from geo._warm import warm

        self._extract = extract
        warm()  # everything extraction loads lazily (shapes, networks, word frequencies)
        self._extract(WARMUP_TEXT)
        return time.perf_counter() - t0

    def predict(self, text: str) -> list[PredSpan]:
        """Run ``geo.extract`` on one article."""
        ex = self._extract(text)
        preds = []
        for pm in ex.places:
            p = pm.place
            for m in pm.mentions:
                preds.append(PredSpan(m.start, m.end, m.text, p.name, p.kind, p.country, p.lat, p.lon))
        preds.sort(key=lambda s: (s.start, s.end))
        return preds


def locate_names(text: str, names) -> list[tuple[int, int, str]]:
    """All word-bounded, case-sensitive occurrences of ``names`` in ``text``.

    Overlaps are settled in favour of the longer name ("New York" over "York"), then the
    earlier one.

    Returns
    -------
    list of (start, end, name)
        Non-overlapping, sorted by start.
    """
    hits = []
    for name in set(names):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            hits.append((m.start(), m.end(), name))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if all(h[1] <= k[0] or k[1] <= h[0] for k in kept):
            kept.append(h)
    return sorted(kept)


class GeoTextSystem:
    """The regex baseline ``geotext``: its cities and countries, geocoded by ``geo.geocode``."""

    name = "geotext"

    def load(self) -> float:
        """Import and warm up; return the cold time (import + first call) in seconds."""
        t0 = time.perf_counter()
        from geotext import GeoText

        from geo import geocode
        from geo._errors import GeoError

        self._geotext, self._geocode, self._geo_error = GeoText, geocode, GeoError
        self.predict(WARMUP_TEXT)
        return time.perf_counter() - t0

    def _resolve(self, name: str) -> PredSpan:
        try:
            p = self._geocode(name)
        except (self._geo_error, ValueError):
            return PredSpan(0, 0, name)
        return PredSpan(0, 0, name, p.name, p.kind, p.country, p.lat, p.lon)

    def predict(self, text: str) -> list[PredSpan]:
        """Run ``GeoText`` on one article, locate its names and geocode each distinct one."""
        found = self._geotext(text)
        spans = locate_names(text, list(found.cities) + list(found.countries))
        places = {name: self._resolve(name) for name in {s[2] for s in spans}}
        out = []
        for start, end, name in spans:
            p = places[name]
            out.append(PredSpan(start, end, text[start:end], p.name, p.kind, p.country, p.lat, p.lon))
        return out


def run_system(system, articles: list[Article]) -> tuple[list[list[PredSpan]], float]:
    """Predict every article; return the predictions and the summed call time (s)."""
    preds, total = [], 0.0
    for art in articles:
        out, dt = timed(system.predict, art.text)
        preds.append(out)
        total += dt
    return preds, total


# --------------------------------------------------------------------------- scoring

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of the mean Earth radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class CountryShapes:
    """Point-in-country tests on prepared Natural Earth polygons (``geo.countries``)."""

    def __init__(self):
        import shapely
        from geo.countries import country_polygons

        self._shapely = shapely
        frame = country_polygons()
        self._geoms = {}
        for iso2, geom in zip(frame.index, frame.geometry):
            if geom is not None and not geom.is_empty:
                shapely.prepare(geom)
                self._geoms[iso2] = geom

    def contains(self, iso2: str | None, lat: float, lon: float) -> bool | None:
        """True/False if the country is known, None if it has no polygon."""
        geom = self._geoms.get(iso2 or "")
        if geom is None:
            return None
        return bool(self._shapely.intersects_xy(geom, lon, lat))  # boundary points count


def is_correct(pred: PredSpan, gold: GoldSpan, shapes: CountryShapes) -> tuple[bool, float | None]:
    """Whether a paired prediction resolves the gold toponym correctly.

    Right if the predicted point is within :data:`THRESHOLD_KM` of the gold point, or the
    prediction is a country whose polygon contains the gold point.

    Returns
    -------
    correct : bool
    distance_km : float or None
        None when the prediction is unresolved.
    """
    if pred.lat is None or pred.lon is None:
        return False, None
    dist = haversine_km(pred.lat, pred.lon, gold.lat, gold.lon)
    if dist <= THRESHOLD_KM:
        return True, dist
    if pred.kind == "country" and shapes.contains(pred.country, gold.lat, gold.lon):
        return True, dist
    return False, dist


def match_spans(preds: list[PredSpan], gold: list[GoldSpan]) -> list[tuple[int, int]]:
    """Pair predictions with gold spans one-to-one on character overlap.

    Matching rule: every (prediction, gold) pair that shares at least one character is a
    candidate; candidates are taken greedily by largest overlap (ties: earlier gold span,
    then earlier prediction), and a pair is kept only if neither side is paired yet. So each
    gold span is matched at most once and each prediction at most once; unpaired
    predictions are false positives, unpaired gold spans false negatives.

    Returns
    -------
    list of (pred_index, gold_index)
    """
    cands = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            overlap = min(p.end, g.end) - max(p.start, g.start)
            if overlap > 0:
                cands.append((-overlap, g.start, p.start, i, j))
    cands.sort()
    used_p, used_g, pairs = set(), set(), []
    for _, _, _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Tally:
    """Counts for one (system, set, half), plus the examples behind them."""

    docs: int = 0
    seconds: float = 0.0
    pred: int = 0
    gold: int = 0
    tp: int = 0
    gold_with_point: int = 0
    matched_with_point: int = 0
    correct: int = 0
    strict_pred_tp: int = 0
    strict_gold_tp: int = 0
    strict_correct: int = 0
    false_pos: list = field(default_factory=list)
    false_neg: list = field(default_factory=list)
    wrong_res: list = field(default_factory=list)

    def metrics(self) -> dict:
        """P, R, F1, acc@161 (recognised and end-to-end), docs/s, and the raw counts."""
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc_rec = self.correct / self.matched_with_point if self.matched_with_point else 0.0
        acc_e2e = self.correct / self.gold_with_point if self.gold_with_point else 0.0
        sp = self.strict_pred_tp / self.pred if self.pred else 0.0
        sr = self.strict_gold_tp / self.gold if self.gold else 0.0
        sf1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
        return {"precision": p, "recall": r, "f1": f1, "acc161_recognised": acc_rec,
                "acc161_end_to_end": acc_e2e, "f1_strict": sf1,
                "acc161_end_to_end_strict": (self.strict_correct / self.gold_with_point
                                             if self.gold_with_point else 0.0),
                "docs_per_s": self.docs / self.seconds if self.seconds else None,
                "docs": self.docs, "seconds": self.seconds, "pred_spans": self.pred,
                "gold_spans": self.gold, "true_positives": self.tp,
                "gold_with_point": self.gold_with_point,
                "matched_with_point": self.matched_with_point, "correct_161": self.correct}


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}[[{text[start:end]}]]{right}..."


def score_article(tally: Tally, art: Article, preds: list[PredSpan], shapes: CountryShapes) -> None:
    """Add one article's counts (and error examples) to ``tally``."""
    pairs = match_spans(preds, art.gold)
    paired_p = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    tally.pred += len(preds)
    tally.gold += len(art.gold)
    tally.tp += len(pairs)
    tally.gold_with_point += sum(g.has_point for g in art.gold)
    for i, j in pairs:
        g = art.gold[j]
        if not g.has_point:
            continue
        tally.matched_with_point += 1
        ok, dist = is_correct(preds[i], g, shapes)
        tally.correct += ok
        if not ok:
            tally.wrong_res.append((art.id, g, preds[i], dist))
    _score_strict(tally, art, preds)
    for i, p in enumerate(preds):
        if i not in paired_p:
            tally.false_pos.append((art.id, p, _context(art.text, p.start, p.end)))
    for j, g in enumerate(art.gold):
        if j not in paired_g:
            tally.false_neg.append((art.id, g, _context(art.text, g.start, g.end)))


def _score_strict(tally: Tally, art: Article, preds: list[PredSpan]) -> None:
    """``score_geoparse.py``'s counts: any overlap, nearest overlapping prediction."""
    def over(p, g):
        return p.start < g.end and g.start < p.end

    tally.strict_pred_tp += sum(any(over(p, g) for g in art.gold) for p in preds)
    for g in art.gold:
        hits = [p for p in preds if over(p, g)]
        tally.strict_gold_tp += bool(hits)
        if g.has_point and any(p.lat is not None and haversine_km(p.lat, p.lon, g.lat, g.lon) <= THRESHOLD_KM
                               for p in hits):
            tally.strict_correct += 1


def evaluate(system, articles: list[Article], shapes: CountryShapes) -> Tally:
    """Run one system over one half and score it."""
    preds, seconds = run_system(system, articles)
    tally = Tally(docs=len(articles), seconds=seconds)
    for art, p in zip(articles, preds):
        score_article(tally, art, p, shapes)
    return tally


# --------------------------------------------------------------------------- reporting

TABLE_HEADERS = ["system", "set", "half", "docs", "P", "R", "F1", "acc161rec", "acc161e2e",
                 "F1strict", "e2estrict", "docs/s"]


def table_rows(rows: list[dict]) -> list[list[str]]:
    """The results as the cells of :data:`TABLE_HEADERS` (``print_table`` prints them)."""
    out = []
    for r in rows:
        m = r["metrics"]
        out.append([r["system"], r["set"], r["half"], str(m["docs"]),
                    *(f"{m[k]:.3f}" for k in ("precision", "recall", "f1", "acc161_recognised",
                                              "acc161_end_to_end", "f1_strict",
                                              "acc161_end_to_end_strict")),
                    f"{m['docs_per_s']:.1f}" if m["docs_per_s"] else "-"])
    return out


def _place_label(p: PredSpan) -> str:
    if p.name is None:
        return "unresolved"
    return f"{p.name} ({p.kind}, {p.country}, {p.lat:.2f},{p.lon:.2f})"


def print_errors(tally: Tally, set_name: str, system: str, n: int, seed: int = 0) -> None:
    """Print ``n`` sampled false positives, false negatives and wrong resolutions, and the
    most frequent surface forms of each, for one dev half."""
    rng = random.Random(seed)
    title = f"== {system} / {set_name} / dev: errors =="
    print(f"\n{title}")

    def sample(items):
        return rng.sample(items, min(n, len(items)))

    print(f"-- false positives ({len(tally.false_pos)}), most frequent:")
    print("   " + ", ".join(f"{t}x{c}" for t, c in
                            Counter(p.text for _, p, _ in tally.false_pos).most_common(n)))
    for doc, p, ctx in sample(tally.false_pos):
        print(f"   [{doc}] {p.text!r} -> {_place_label(p)}  {ctx}")
    print(f"-- false negatives ({len(tally.false_neg)}), most frequent:")
    print("   " + ", ".join(f"{t}x{c}" for t, c in
                            Counter(g.text for _, g, _ in tally.false_neg).most_common(n)))
    for doc, g, ctx in sample(tally.false_neg):
        print(f"   [{doc}] {g.text!r} ({g.label})  {ctx}")
    print(f"-- wrong resolutions ({len(tally.wrong_res)}), most frequent:")
    print("   " + ", ".join(f"{t}->{nm}x{c}" for (t, nm), c in
                            Counter((g.text, p.name) for _, g, p, _ in tally.wrong_res).most_common(n)))
    for doc, g, p, dist in sample(tally.wrong_res):
        d = f"{dist:.0f} km" if dist is not None else "-"
        gold_pt = f"{g.lat:.2f},{g.lon:.2f}"
        print(f"   [{doc}] {g.text!r} gold {gold_pt} ({g.label}) -> {_place_label(p)}  off {d}")


def output_digest(articles: list[Article]) -> tuple[str, int]:
    """SHA-1 (12 hex digits) of what ``corridors extract`` would write for the articles
    (``extraction_record(extract(text), with_geometry=True)``, keys sorted), and the
    number of routes: the same digest before and after a change means the same output."""
    import hashlib

    import geo
    from geo.serialise import extraction_record

    h, n = hashlib.sha1(), 0
    for art in articles:
        rec = extraction_record(geo.extract(art.text), with_geometry=True)
        n += len(rec["routes"])
        h.update(json.dumps(rec, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()[:12], n


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("gwn", "lgl", "both"), default="both",
                    help="which gold set(s) to score (default: both)")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="use only the first N articles of each set (quick run)")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print N example errors of geo.extract on the dev half of each set")
    ap.add_argument("--json", type=Path, default=None, metavar="PATH",
                    help="also write the numbers to this JSON file")
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR,
                    help=f"where GWN.xml and lgl.xml live (default: {EVAL_DIR})")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    eval_dir = args.eval_dir
    if not eval_dir.is_dir():
        print(f"SKIP: gold sets not found at {eval_dir} (see the module docstring); nothing to score.")
        return 0
    wanted = ("gwn", "lgl") if args.set == "both" else (args.set,)
    sets, notes = {}, {}
    for name in wanted:
        path = eval_dir / SET_FILES[name]
        if not path.is_file():
            print(f"SKIP {name}: {path} is missing.")
            continue
        sets[name], notes[name] = load_set(name, path, args.limit)
        n = notes[name]
        print(f"{name}: {n.articles} articles, {n.spans} gold spans ({n.spans_with_point} with a point); "
              f"dropped {n.dropped_negative} negative-offset (any type) and {n.dropped_type} "
              f"non-toponym spans; "
              f"{n.articles_with_cr} articles had \\r (normalised); "
              f"{n.text_mismatch} spans whose text differs from the gold name")
    if not sets:
        print("SKIP: no gold set to score.")
        return 0

    shapes = CountryShapes()
    systems = [GeoExtractSystem(), GeoTextSystem()]
    cold = {}
    for system in systems:
        cold[system.name] = system.load()
        print(f"{system.name}: cold start (import + first call) {cold[system.name]:.2f} s", flush=True)

    rows, tallies = [], {}
    for system in systems:
        for set_name, articles in sets.items():
            for half, docs in split_halves(articles).items():
                print(f"  running {system.name} on {set_name}/{half} ({len(docs)} articles)...",
                      file=sys.stderr, flush=True)
                tally = evaluate(system, docs, shapes)
                tallies[system.name, set_name, half] = tally
                rows.append({"system": system.name, "set": set_name, "half": half,
                             "metrics": tally.metrics()})

    print()
    print(f"code: {code_version()}")
    print_table(table_rows(rows), TABLE_HEADERS)
    print(f"\nacc@161: predicted point within {THRESHOLD_KM:.0f} km of gold, or predicted country "
          "contains it; F1 on overlapping spans, one-to-one. F1strict/e2estrict: "
          "score_geoparse.py's rules (any overlap; nearest point within 161 km, no polygon).")
    speed = {}
    for system in systems:
        done = [t for (name, _, _), t in tallies.items() if name == system.name]
        seconds = sum(t.seconds for t in done)
        speed[system.name] = sum(t.docs for t in done) / seconds if seconds else None
    if all(speed.values()):
        print(f"speed: geo.extract {speed['geo.extract']:.1f} docs/s, geotext {speed['geotext']:.1f} docs/s, "
              f"ratio {speed['geo.extract'] / speed['geotext']:.3f} (all halves, this run)")
    arts = [a for articles in sets.values() for a in articles]
    digest, n_routes = output_digest(arts)
    print(f"output: sha1 {digest} of the {len(arts)} articles' extract records with every route drawn "
          f"({n_routes} routes); a speed change must leave it as it was")
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")
    print(load_line())
    if args.errors:
        for set_name in sets:
            print_errors(tallies["geo.extract", set_name, "dev"], set_name, "geo.extract", args.errors)

    if args.json:
        out = {"eval_dir": str(eval_dir), "limit": args.limit, "threshold_km": THRESHOLD_KM,
               "cold_start_s": cold, "data": {k: asdict(v) for k, v in notes.items()},
               "results": rows}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
