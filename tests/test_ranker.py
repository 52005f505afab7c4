"""The fitted sense ranker (geo/_ranker.py) and its training script (bench/train_ranker.py):
context decides between namesakes, the shipped weights load, training reads the dev
halves only and gives the same bytes twice. Sentences are our own."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from geo import _ranker, extract
from geo.extraction import mentions_of
from geo.gazetteer import default_gazetteer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import train_ranker  # noqa: E402


def _place(ex, name):
    return next(pm for pm in ex.places if pm.place.name == name)


@pytest.mark.parametrize("text, lat, lon", [
    ("Farmers from Peoria and Decatur drove to Springfield on Tuesday to meet the governor "
     "of Illinois.", 39.80, -89.64),
    ("Commuters from Worcester and Holyoke say the new train to Springfield will cut their "
     "trip to Boston.", 42.10, -72.59),
])
def test_namesake_follows_the_articles_other_places(text, lat, lon):
    spring = _place(extract(text), "Springfield").place
    assert math.dist((spring.lat, spring.lon), (lat, lon)) < 0.5


def test_same_name_two_articles_two_senses():
    maine = _place(extract("Buses link Portland with Bangor and Augusta across Maine."), "Portland")
    oregon = _place(extract("Buses link Portland with Salem and Eugene across Oregon."), "Portland")
    assert maine.place.lon > -75 and oregon.place.lon < -120
    greek = _place(extract("Ferries from Piraeus to Athens were cancelled."), "Athens")
    assert greek.place.country == "GR"


def test_town_comma_state_holds_the_state():
    paris = _place(extract("The county fair in Paris, Tenn., drew farmers from across the region."),
                   "Paris").place
    assert paris.country == "US" and 35 < paris.lat < 37 and -90 < paris.lon < -87


def test_confidence_is_the_rankers_probability():
    text = "Farmers from Peoria and Decatur drove to Springfield to meet the governor of Illinois."
    gaz = default_gazetteer()
    cands, _ = mentions_of(text, gaz)
    ranked = _ranker.rank_article(dict(Counter(c.key for c in cands)), gaz)
    ex = extract(text)
    assert ex.places
    for pm in ex.places:
        key = next(c.key for c in cands if c.start == pm.mentions[0].start)
        assert ranked[key].best.id == pm.place.id
        assert pm.confidence == pytest.approx(ranked[key].confidence)
        assert 0.0 < pm.confidence < 1.0
    # the probabilities of one name's senses are in order, most probable first
    for r in ranked.values():
        assert list(r.prob) == sorted(r.prob, reverse=True)


def test_shipped_weights_name_every_feature_and_load():
    doc = json.loads(_ranker.weights_path().read_text(encoding="utf-8"))
    assert set(doc["prior"]["coef"]) == set(_ranker.PRIOR_FEATURES)
    assert set(doc["context"]["coef"]) == set(_ranker.FEATURES)
    assert all(math.isfinite(v) for m in ("prior", "context") for v in doc[m]["coef"].values())
    assert doc["trained_on"]["halves"].startswith("dev")
    w = _ranker.load_weights()
    assert w.context.coef.shape == (len(_ranker.FEATURES),)
    # context that places a sense near the others raises its probability
    assert doc["context"]["coef"]["near_local"] > 0
    del doc["context"]["coef"]["near_local"]
    with pytest.raises(ValueError, match="near_local"):
        _ranker.Model.from_dict(doc["context"], _ranker.FEATURES)


# --------------------------------------------------------------------------- training

# (text, [(name, lat, lon)]) in file order: even positions are dev, odd ones test
_FIXTURE = [
    ("Farmers from Peoria drove to Springfield to meet the governor of Illinois.",
     [("Peoria", 40.69, -89.59), ("Springfield", 39.80, -89.64), ("Illinois", 40.0, -89.0)]),
    ("Students in Athens, Ohio, marched to the courthouse.", [("Athens", 39.33, -82.10)]),
    ("Commuters from Worcester say the new train to Springfield will cut their trip to Boston.",
     [("Worcester", 42.26, -71.80), ("Springfield", 42.10, -72.59), ("Boston", 42.36, -71.06)]),
    ("The museum in Paris reopened, and visitors from Lyon queued for hours.",
     [("Paris", 48.85, 2.35), ("Lyon", 45.75, 4.85)]),
    ("Buses link Portland with Bangor and Augusta across Maine.",
     [("Portland", 43.66, -70.26), ("Bangor", 44.80, -68.77), ("Augusta", 44.31, -69.78)]),
    ("Ferries from Piraeus to Athens were cancelled.", [("Piraeus", 37.94, 23.65), ("Athens", 37.98, 23.73)]),
]


def _write_lgl(folder: Path, articles) -> Path:
    parts = ["<articles>"]
    for i, (text, tops) in enumerate(articles):
        parts.append(f'<article docid="doc{i}"><title>t</title><text>{escape(text)}</text><toponyms>')
        for name, lat, lon in tops:
            s = text.index(name)
            parts.append(f"<toponym><start>{s}</start><end>{s + len(name)}</end><phrase>{name}</phrase>"
                         f'<gaztag geonameid="0"><name>{name}</name><lat>{lat}</lat><lon>{lon}</lon>'
                         "</gaztag></toponym>")
        parts.append("</toponyms></article>")
    parts.append("</articles>")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lgl.xml").write_text("".join(parts), encoding="utf-8")
    return folder


def test_training_list_is_the_dev_half_only(tmp_path):
    docs, test_ids = train_ranker.dev_articles(_write_lgl(tmp_path, _FIXTURE))
    assert [a.id for _, a in docs] == ["doc0", "doc2", "doc4"]
    assert test_ids == {("lgl", "doc1"), ("lgl", "doc3"), ("lgl", "doc5")}
    leaked = docs + [("lgl", type(docs[0][1])("doc3", "Athens.", []))]
    with pytest.raises(ValueError, match="test-half"):
        train_ranker.check_dev_only(leaked, test_ids)


def test_training_is_deterministic_and_blind_to_the_test_half(tmp_path):
    docs, _ = train_ranker.dev_articles(_write_lgl(tmp_path / "a", _FIXTURE))
    first = train_ranker.to_bytes(train_ranker.train(docs))
    assert first == train_ranker.to_bytes(train_ranker.train(docs))
    # other texts and gold in the test half change nothing
    other = [(t, tops) if i % 2 == 0 else ("Nothing happened in Springfield.", [("Springfield", 0.0, 0.0)])
             for i, (t, tops) in enumerate(_FIXTURE)]
    docs_b, _ = train_ranker.dev_articles(_write_lgl(tmp_path / "b", other))
    assert train_ranker.to_bytes(train_ranker.train(docs_b)) == first
    doc = json.loads(first)
    assert doc["trained_on"]["articles"] == {"lgl": 3}
    assert set(doc["context"]["coef"]) == set(_ranker.FEATURES)
    assert doc["context"]["C"] in train_ranker.C_GRID


def test_labels_right_sense_within_161_km_else_the_country_that_holds_it():
    gaz = default_gazetteer()
    shapes = train_ranker.geoparse.CountryShapes()
    senses = _ranker.senses_of("springfield", gaz)
    y = train_ranker.label_senses(senses, (39.80, -89.64), shapes)
    right = [r for r, v in zip(senses.records, y) if v]
    assert right and all(r.country == "US" and abs(r.lat - 39.8) < 1.5 for r in right)
    kenya = _ranker.senses_of("kenya", gaz)
    y = train_ranker.label_senses(kenya, (1.0, 38.0), shapes)   # gold: a point inside the country
    assert any(r.kind == "country" and v for r, v in zip(kenya.records, y))


def test_a_waterway_is_the_water_not_the_port_named_after_it():
    # the index holds the Suez Canal as a curated water row and as a port at its side
    ex = extract("Tankers queued for days to pass the Suez Canal on their way to Rotterdam.")
    (canal,) = [p.place for p in ex.places if p.place.name == "Suez Canal"]
    assert canal.kind == "water"
