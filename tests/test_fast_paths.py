"""Fast paths give what the plain code they replace gives.

Each speed-up of the extraction (issue 13) keeps a slower, obviously right form of the
same computation; these tests compare the two on sentences of our own and on random
texts built from the words that matter.
"""

import random

import pytest

from geo import recognition, route_cues
from geo._names import PUNCT
from geo._sentences import _ABBREV, sentence_spans
from geo._text import fold_chars

SENTENCES = [
    "Freight trains from Almaty to Tashkent now cross Kazakhstan; the main line was rebuilt.",
    "Flights between Tehran and Bishkek resumed, and a ferry sails from Baku to Aktau.",
    "The gas pipeline (a 1,000-km interconnector) feeds Ürümqi's plants — trucks wait at Khorgos.",
    "Mr. Smith said U.S. officials flew to São Paulo; the Sagar Express left at 9 a.m.",
    "Ο σιδηρόδρομος και ο δρόμος: «Тбилиси–Карс», a railway over the ridge.",
    "A chair in broad daylight; businesses by the shipyard; rail-and-road links via Poti.",
]


def _random_texts(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    words = sorted(route_cues._mode_word_automaton().keys()) + [
        "Rail", "FLIGHTS", "chair", "broad", "é", "_", "9", "Ürümqi", "Express", "the", "and",
        "U.S.", "Mr.", "St.", "Dr", "İstanbul", "ß", "\u2014", "'s", "’s"]
    seps = ["", " ", " ", "-", "_", ". ", ", ", "\n", "\n\n", "'", "(", ")"]
    return ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 14)))
            for _ in range(n)]


def test_mode_words_scan_matches_the_regex():
    checked = 0
    for text in SENTENCES + _random_texts(3000):
        low = text.lower()
        if len(low) != len(text):
            continue  # lower-casing moves offsets: the regex path runs alone
        plain = [(m.start(), m.end(), m.lastgroup) for m in route_cues._ANY_MODE_LOWER.finditer(low)]
        fast = [(m.start(), m.end(), m.lastgroup) for m in route_cues._lower_matches(low)]
        assert fast == plain, text
        checked += bool(plain)
    assert checked > 1000  # the texts do hold mode words


def test_mode_words_are_finite_texts():
    # every mode pattern expands to literals, so the automaton path is the one that runs
    assert route_cues._mode_word_automaton() is not None
    assert {"freight trains", "mainline", "main lines", "non-stop"} <= set(route_cues._finite_texts(
        "freight trains?|main ?lines?|non-stop"))
    assert route_cues._finite_texts(r"a+") is None  # unbounded: no expansion


def test_fold_and_punctuation_in_one_table():
    for text in SENTENCES + _random_texts(500, seed=5) + ["\U0001F600 a\u0130b\ufb01c"]:
        assert recognition._fold_punct(text) == fold_chars(text).translate(PUNCT), text


# The sentence boundary as first written: one alternative per kind of boundary.
_PLAIN_BOUNDARY = r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[•*\-–])"


def _plain_sentence_spans(text):
    import re

    cuts = []
    for m in re.finditer(_PLAIN_BOUNDARY, text):
        word = re.findall(r"[\w.]+$", text[max(0, m.start() - 12):m.start() + 1])
        if m.group(0)[0] == "." and word and word[0].rstrip(".").lower() in _ABBREV:
            continue
        cuts.append(m.end())
    cuts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    spans, start = [], 0
    for cut in sorted(set(cuts)):
        if cut > start:
            spans.append((start, cut))
            start = cut
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead, end = len(seg) - len(seg.lstrip()), len(seg.rstrip())
        if end > lead:
            out.append((s + lead, s + end))
    return out


def test_sentence_spans_match_the_plain_splitter():
    for text in SENTENCES + ["\n".join(SENTENCES), "  \n\n  ", "Dr. No. 5. Done."] + _random_texts(500, seed=7):
        assert sentence_spans(text) == _plain_sentence_spans(text), text
    assert len(sentence_spans(SENTENCES[3])) == 1  # "Mr." and "U.S." end no sentence


COMMON_WORD_TEXTS = [
    "Dana Young said the line to Reading would reopen; Young, a planner, flew to Nice.",
    "Orange and Mobile signed a deal. Later Orange said Mobile had more trains to Split.",
    "Ali Said met Saïd in Port Said; Said then drove to Bath, and Mr Bath stayed.",
    "Victoria Falls, Victoria and Mount Victoria: Victoria Young took the train.",
]


def test_common_words_first_reads_like_the_plain_order():
    # recognition drops common words before the context checks; the result must be the
    # one of the plain order, also when a common word's context would mark a surname
    for text in COMMON_WORD_TEXTS + SENTENCES:
        fast = [(c.start, c.end, c.key) for c in recognition.recognise(text)]
        plain = [(c.start, c.end, c.key) for c in recognition.recognise(text, _common_first=False)]
        assert fast == plain, text


RANKER_TEXTS = SENTENCES + [
    "Buses link Portland with Bangor and Augusta across Maine; Springfield and Salem wait.",
    "Farmers from Peoria and Decatur drove to Springfield to meet the governor of Illinois.",
    "Trucks left Paris, Tenn., for Athens, Georgia, and Rome; Georgia's ports in Poti and Batumi grew.",
    "Ferries from Piraeus to Athens were cancelled; flights to London, Ontario, and Córdoba left.",
]


def test_ranker_fast_features_match_the_plain_ones():
    # per-name cached choices and fused feature columns give the plain form's numbers, bit for bit
    from collections import Counter

    import numpy as np

    from geo import _ranker
    from geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    prior = _ranker.load_weights().prior
    checked = 0
    for text in RANKER_TEXTS + [" ".join(RANKER_TEXTS)]:
        keys = Counter(c.key for c in recognition.recognise(text, gaz))
        _, groups, counts = _ranker.article_groups(dict(keys), gaz)
        if not groups:
            continue
        prov = _ranker.provisional(groups, counts, prior)
        st = _ranker.Stack(groups)
        p = _ranker._sigmoid(st.logits(prior))
        rows = st.best(p)
        assert np.array_equal(prov.rows, rows) and np.array_equal(prov.prob, p[rows]), text
        plain = _ranker.Provisional(st, rows, p[rows], p[rows] * np.asarray(counts, dtype=float))
        assert plain.won is None  # (the plain form reads the winners' codes from the stack)
        assert np.array_equal(_ranker.context_features(prov), _ranker.context_features_plain(plain)), text
        checked += len(st.group_of) > len(groups)  # names with several senses
    assert checked >= 5


def test_airline_fold_matches_fold_chars():
    from geo.airlines import folded

    odd = ["ΟΔΟΣ ΑΘΗΝΩΝ Σ", "\u212a\u212b and Kelvin", "İstanbul`s İ", "Aeroméxico flew `Qantas’ planes — É",
           "ﬁnal ﬂights \U0001F600 Ωmega", "`", "", "plain ascii only", "a\ud800b Ǆ ǅ ẞ ß", "ΣΑΣ σς"]
    for text in SENTENCES + odd + _random_texts(1000, seed=3):
        assert folded(text) == fold_chars(text), text


def test_corridor_cues_from_the_shared_pass_match_their_own_passes():
    from geo import routes

    names = [n for row in routes.named_corridors() for n in [row["name"], *(row.get("aliases") or [])] if n]
    assert names
    rng = random.Random(13)
    texts = SENTENCES + _random_texts(300, seed=17)
    for _ in range(400):
        picks = [rng.choice(names) for _ in range(rng.randint(1, 3))]
        texts.append(" ".join(rng.choice([p, p.upper(), p.lower(), p.title(), "x" + p, p + "s"]) + rng.choice(
            [" rail ", ", ", " pipelines and ", "-", " corridor_ "]) for p in picks))
    found = 0
    for text in texts:
        low = text.lower()
        if len(low) != len(text):
            continue
        plain = routes._corridor_cue_starts(text, low, shared=False)
        assert routes._corridor_cue_starts(text, low) == plain, text
        found += bool(plain)
    assert found > 300


def test_route_nouns_and_departures_match_their_regexes():
    from geo import routes

    rng = random.Random(23)
    nouns = ["line", "lines", "links", "route", "services", "stretch", "stretches", "frequency",
             "frequencies", "cargo", "legs", "operations", "Line", "ROUTES", "pipeline", "airline",
             "lineup", "cargoes", "servicemen", "left", "departed", "The Sagar Express left", "Ever Given departed",
             "set sail from", "sailed from", "set off from", "leftover", "Theleft"]
    texts = SENTENCES + _random_texts(500, seed=29)
    for _ in range(600):
        texts.append("".join(rng.choice(nouns + ["the", "Ürümqi", "_", "9", "x"]) + rng.choice(
            ["", " ", " ", "-", "_", ". ", ", ", "\n"]) for _ in range(rng.randint(1, 10))))
    hits = departs = 0
    for text in texts:
        route_cues._LAST_LOWER = (None, None)
        for _ in range(6):
            lo = rng.randint(0, len(text))
            hi = rng.randint(lo, len(text))
            fast = route_cues.generic_route_in(text, lo, hi)
            assert fast == route_cues.generic_route_in_plain(text, lo, hi), (text, lo, hi)
            hits += fast
            plain = routes._NAMED_DEPARTS.search(text, lo, hi) is not None
            assert routes._named_departs_in(text, lo, hi) == plain, (text, lo, hi)
            departs += plain
    assert hits > 500 and departs > 50


def test_airlines_from_the_shared_pass_match_their_own_pass():
    from geo import airlines

    names = [n.strip() for r in airlines.airlines() for n in [r["name"], *(r.get("aliases") or "").split("|")]
             if len(n.strip()) >= 3]
    assert names
    rng = random.Random(31)
    texts = list(SENTENCES)
    for _ in range(500):
        parts = []
        for _ in range(rng.randint(1, 4)):
            n = rng.choice(names)
            parts.append(rng.choice([n, n.lower(), n.upper(), n[:1].lower() + n[1:], "x" + n, n + "s"]))
            parts.append(rng.choice([" flies to ", ", ", "-", "_", " (", ") and ", ". ", " rail "]))
        texts.append("".join(parts))
    shared = 0
    for text in texts:
        route_cues._LAST_LOWER = (None, None)
        plain = airlines.airline_mentions(text, shared=False)
        assert airlines.airline_mentions(text) == plain, text
        shared += bool(plain) and text.isascii() and "`" not in text
    assert shared > 200


@pytest.mark.parametrize("text", [
    "Trains from Ürümqi reach Almaty – and Côte d’Ivoire ships cocoa.",
    "Straße, İstanbul, Tōkyō and «Москва»: ﬁve names, one ǅ digraph.",
    "Plain ASCII: Bishkek, Osh; (Naryn) [Talas] \"Batken\".",
])
def test_the_replace_based_fold_matches_the_table_fold(text):
    from geo.recognition import _fold_punct

    assert _fold_punct(text) == _fold_punct(text, _plain=True)
    assert len(_fold_punct(text)) == len(text) or "ǅ" in text or "ﬁ" in text


def _every_occurrence(words: dict, text: str) -> list[tuple[int, object]]:
    """The plain search a WordScanner replaces: each word at every offset, by end index,
    the longest first."""
    found = [(i + len(w) - 1, -len(w), v) for w, v in words.items() for i in range(len(text))
             if text.startswith(w, i)]
    return [(end, v) for end, _, v in sorted(found, key=lambda f: (f[0], f[1]))]


def test_word_scanner_finds_every_occurrence_as_the_plain_search_does():
    from geo._automaton import WordScanner

    rng = random.Random(41)
    alphabet = "abé’- "
    found = 0
    for _ in range(300):
        words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))): None for _ in range(rng.randint(1, 8))}
        words = {w: (k, w) for k, w in enumerate(words) if w}
        scanner = WordScanner(words)
        for _ in range(5):
            text = "".join(rng.choice(alphabet + "xÜ") for _ in range(rng.randint(0, 40)))
            expected = _every_occurrence(words, text)
            assert scanner.iter(text) == expected, (words, text)
            found += len(expected)
    assert found > 1000
    # the route scan's own words, over sentences of our own
    cues = route_cues._cue_automaton()
    for text in SENTENCES + _random_texts(50, seed=43):
        low = text.lower()
        assert cues.iter(low) == _every_occurrence(dict(cues.items()), low), text
