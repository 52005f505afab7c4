"""Fit the sense ranker's weights (``data/ranker/weights.json``) on the dev halves only.

The dev half of each gold set is its articles at even positions (0, 2, 4, ...), as
``bench/geoparse.py`` splits them; the test halves (odd positions) are never read here
beyond their ids, which guard the training list (:func:`check_dev_only`).

For every dev article the script runs the extractor's own recognition
(``geo.extraction.mentions_of``) and builds the ranker's feature rows for every sense of
every recognised name (``geo._ranker``), exactly as ``geo.extract`` does at run time. A
name that overlaps a gold span with coordinates is a training group; a sense is right
(label 1) when it lies within 161 km of the gold point, or, when no sense does, when it is
a country whose polygon holds the gold point. Groups with no right sense teach no ranking
and are left out (they still vote as context for the others, as at run time).

Two L2-regularised logistic regressions are fitted by Newton's method (NumPy only): the
*prior* on the name-alone features, then the *context* model on all features, the
context taken from the prior's provisional senses. Each model's ``C`` (inverse
regularisation strength) is chosen by 5-fold cross-validation within dev, folds grouped
by article, on top-1 accuracy (ties: the smaller ``C``). Everything is deterministic:
fixed folds, no random numbers, weights rounded to 6 decimals, sorted JSON keys.

Usage
-----
::

    .venv/bin/python bench/train_ranker.py               # writes data/ranker/weights.json
    .venv/bin/python bench/train_ranker.py --out /tmp/w.json --eval-dir DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import geoparse  # noqa: E402  (bench/geoparse.py: the gold parsers and the dev/test split)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "data" / "ranker" / "weights.json"
#: Values of C tried by cross-validation (a log grid wide enough for both models).
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5
#: A sense this close to the gold point is right (the gold sets' acc@161 radius).
RIGHT_KM = geoparse.THRESHOLD_KM


# --------------------------------------------------------------------------- reading dev only

def dev_articles(eval_dir: Path, limit: int | None = None):
    """The dev halves of the gold sets found in ``eval_dir``.

    Returns
    -------
    docs : list of (set name, Article)
        Dev articles, set by set, in file order.
    test_ids : set of (set name, id)
        The test halves' ids, only to guard the list (:func:`check_dev_only`).
    """
    docs, test_ids = [], set()
    for name, fname in geoparse.SET_FILES.items():
        path = Path(eval_dir) / fname
        if not path.is_file():
            print(f"note: {path} is missing; training without {name}", file=sys.stderr)
            continue
        articles, _ = geoparse.load_set(name, path, limit)
        halves = geoparse.split_halves(articles)
        docs += [(name, a) for a in halves["dev"]]
        test_ids |= {(name, a.id) for a in halves["test"]}
    check_dev_only(docs, test_ids)
    return docs, test_ids


def check_dev_only(docs, test_ids) -> None:
    """Raise ``ValueError`` if any training article belongs to a test half."""
    leaked = sorted({(s, a.id) for s, a in docs} & set(test_ids))
    if leaked:
        raise ValueError(f"training list holds {len(leaked)} test-half article(s), e.g. {leaked[0]}; "
                         "the ranker is fitted on dev halves only")


# --------------------------------------------------------------------------- groups and labels

class ArticleGroups:
    """One article's names, their senses, and the labels of the names with a gold point."""

    def __init__(self, doc_id, groups, counts, labels):
        self.doc_id = doc_id
        self.groups = groups        # list of geo._ranker.Senses, every known name
        self.counts = counts        # mentions per name
        self.labels = labels        # per name: 0/1 array, or None (no gold point / no right sense)


def _gold_point(cands, gold):
    """The gold point of each name key: the most frequent point of the gold spans with a
    point that its mentions overlap (one sense per article)."""
    points: dict[str, Counter] = {}
    for c in cands:
        for g in gold:
            if g.has_point and c.start < g.end and g.start < c.end:
                points.setdefault(c.key, Counter())[(g.lat, g.lon)] += 1
    return {k: sorted(v.items(), key=lambda t: (-t[1], t[0]))[0][0] for k, v in points.items()}


def label_senses(senses, point, shapes) -> np.ndarray:
    """1 for each right sense of a name whose gold point is ``point`` (see the module doc)."""
    lat, lon = point
    d = np.array([geoparse.haversine_km(r.lat, r.lon, lat, lon) for r in senses.records])
    y = (d <= RIGHT_KM).astype(float)
    if not y.any():
        y = np.array([float(r.kind == "country" and bool(shapes.contains(r.country, lat, lon)))
                      for r in senses.records])
    return y


def article_groups(set_name, art, gaz, shapes) -> ArticleGroups:
    """Recognise an article's names as ``geo.extract`` does and label their senses."""
    from geo import _ranker
    from geo._sentences import metadata
    from geo._text import repair_text
    from geo.extraction import mentions_of

    text = repair_text(art.text)
    if text != art.text:
        raise ValueError(f"{set_name}/{art.id}: repairing the text moved characters; offsets would drift")
    date, _ = metadata(text)
    cands, _ = mentions_of(text, gaz, date=date)
    names, groups, counts = _ranker.article_groups(dict(Counter(c.key for c in cands)), gaz)
    gold = _gold_point(cands, art.gold)
    labels = []
    for k, g in zip(names, groups):
        y = label_senses(g, gold[k], shapes) if k in gold else None
        labels.append(y if y is not None and y.any() else None)
    return ArticleGroups((set_name, art.id), groups, counts, labels)


# --------------------------------------------------------------------------- fitting

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float, *, iters: int = 100):
    """L2-regularised logistic regression (penalty ``|w|^2 / (2C)``, intercept free) by
    Newton's method with step halving. Returns ``(coef, intercept)``."""
    n, f = x.shape
    a = np.hstack([x, np.ones((n, 1))])
    reg = np.full(f + 1, 1.0 / c)
    reg[-1] = 0.0
    w = np.zeros(f + 1)

    def loss(w):
        z = a @ w
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(reg * w * w))

    cur = loss(w)
    for _ in range(iters):
        p = _sigmoid(a @ w)
        grad = a.T @ (p - y) + reg * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(reg) + 1e-9 * np.eye(f + 1)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while t > 1e-6:
            new = loss(w - t * step)
            if new <= cur:
                break
            t /= 2
        w, gain, cur = w - t * step, cur - new, new
        if gain < 1e-10:
            break
    return w[:-1], float(w[-1])


def _top1(groups_x, groups_y, coef, intercept) -> float:
    """Share of groups whose most probable sense is right (ties: the first row, which is
    index order as at run time up to the id tie-break)."""
    ok = [y[int(np.argmax(x @ coef + intercept))] for x, y in zip(groups_x, groups_y)]
    return float(np.mean(ok)) if ok else 0.0


def choose_c(groups_x, groups_y, folds, *, grid=C_GRID):
    """Cross-validated top-1 accuracy for each C (folds grouped by article); the best C."""
    scores = {}
    for c in grid:
        accs = []
        for f in sorted(set(folds)):
            tr = [i for i, k in enumerate(folds) if k != f]
            te = [i for i, k in enumerate(folds) if k == f]
            if not tr or not te:
                continue
            coef, b = fit_logistic(np.vstack([groups_x[i] for i in tr]),
                                   np.concatenate([groups_y[i] for i in tr]), c)
            accs.append(_top1([groups_x[i] for i in te], [groups_y[i] for i in te], coef, b))
        scores[c] = float(np.mean(accs)) if accs else 0.0
    best = max(grid, key=lambda c: (round(scores[c], 9), -c))
    return best, scores


def _model_json(names, coef, b, c, scores, accuracy) -> dict:
    return {"coef": {n: round(float(v), 6) for n, v in zip(names, coef)},
            "intercept": round(b, 6), "C": c,
            "cv_top1": {str(k): round(v, 4) for k, v in scores.items()},
            "dev_top1": round(accuracy, 4)}


def train(docs, gaz=None, shapes=None) -> dict:
    """Fit both models on ``docs`` (``(set, Article)`` pairs of dev halves); the weights'
    JSON document."""
    from geo import _ranker
    from geo.gazetteer import default_gazetteer

    gaz = gaz or default_gazetteer()
    shapes = shapes or geoparse.CountryShapes()
    arts = [article_groups(s, a, gaz, shapes) for s, a in docs]
    fold_of = {a.doc_id: i % FOLDS for i, a in enumerate(arts)}

    def rows(per_article):
        gx, gy, folds = [], [], []
        for art, xs in zip(arts, per_article):
            for x, y in zip(xs, art.labels):
                if y is not None:
                    gx.append(x)
                    gy.append(y)
                    folds.append(fold_of[art.doc_id])
        return gx, gy, folds

    # the prior: name-alone features
    gx, gy, folds = rows([[g.prior_x for g in a.groups] for a in arts])
    if not gx:
        raise ValueError("no training group: no recognised name overlaps a gold span with a point")
    c_prior, s_prior = choose_c(gx, gy, folds)
    coef, b = fit_logistic(np.vstack(gx), np.concatenate(gy), c_prior)
    prior = _ranker.Model(_ranker.PRIOR_FEATURES, np.round(coef, 6), round(b, 6))
    out = {"prior": _model_json(_ranker.PRIOR_FEATURES, coef, b, c_prior, s_prior,
                                _top1(gx, gy, coef, b))}
    # the context model: all features, the context from the prior's provisional senses
    full = [_ranker.context_rows(_ranker.provisional(a.groups, a.counts, prior)) if a.groups else []
            for a in arts]
    gx, gy, folds = rows(full)
    c_ctx, s_ctx = choose_c(gx, gy, folds)
    coef, b = fit_logistic(np.vstack(gx), np.concatenate(gy), c_ctx)
    out["context"] = _model_json(_ranker.FEATURES, coef, b, c_ctx, s_ctx, _top1(gx, gy, coef, b))
    sets = Counter(s for s, _ in docs)
    out["trained_on"] = {"halves": "dev (even article positions)", "articles": dict(sorted(sets.items())),
                         "groups": len(gx), "senses": int(sum(len(y) for y in gy)),
                         "right_km": RIGHT_KM, "folds": FOLDS}
    out["about"] = ("Sense ranker weights for geo/_ranker.py, fitted by bench/train_ranker.py on the "
                    "dev halves of GeoWebNews and LGL; do not edit by hand.")
    return out


def to_bytes(weights: dict) -> bytes:
    """The weights' JSON as written (sorted keys: the same bytes for the same fit)."""
    return (json.dumps(weights, indent=1, sort_keys=True) + "\n").encode("utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=geoparse.EVAL_DIR,
                    help=f"where GWN.xml and lgl.xml live (default: {geoparse.EVAL_DIR})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"weights file (default: {DEFAULT_OUT})")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each set only")
    args = ap.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"SKIP: gold sets not found at {args.eval_dir}; nothing to train on.")
        return 0
    docs, _ = dev_articles(args.eval_dir, args.limit)
    if not docs:
        print(f"SKIP: no gold set in {args.eval_dir}.")
        return 0
    weights = train(docs)
    from geo._atomic import atomic_write_bytes

    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(args.out, to_bytes(weights))
    for m in ("prior", "context"):
        w = weights[m]
        print(f"{m}: C={w['C']} cv top-1 {w['cv_top1'][str(w['C'])]:.4f}, dev top-1 {w['dev_top1']:.4f}")
        for n, v in sorted(w["coef"].items(), key=lambda t: -abs(t[1])):
            print(f"   {n:<18} {v:+.3f}")
        print(f"   {'intercept':<18} {w['intercept']:+.3f}")
    print(f"trained on {weights['trained_on']}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
