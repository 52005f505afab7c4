"""The route code is written for phrasing, not for the articles it is measured on: no
proper noun that occurs only in a dev article (``../shared/eval/news-dev``, kept outside
the repository) appears in the route stage's code or lexicon. Skipped where the dev
articles are not present."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "news-dev"
ROUTE_CODE = ["geo/routes.py", "geo/route_roles.py", "geo/route_cues.py", "geo/place_refs.py",
              "geo/airlines.py"]
OUR_TEXTS = [*ROOT.glob("data/articles/*.txt"), *ROOT.glob("tests/data/*.yaml"), *ROOT.glob("tests/*.py"),
             ROOT / "README.md", *ROOT.glob("data/*.csv"), *ROOT.glob("data/*.yaml"), *ROOT.glob("data/rail/*.csv")]
_NAME = re.compile(r"\b[A-Z][a-z][\w'-]{2,}\b")


@pytest.mark.skipif(not DEV.is_dir(), reason="the dev articles are kept outside the repository")
def test_route_code_names_no_place_of_a_dev_article_only():
    from wordfreq import zipf_frequency

    dev = {w for p in DEV.glob("*.txt") for w in _NAME.findall(p.read_text(encoding="utf-8"))}
    ours = {w for p in OUR_TEXTS if p.exists() and p.name != Path(__file__).name
            for w in _NAME.findall(p.read_text(encoding="utf-8"))}
    only_dev = {w for w in dev - ours if zipf_frequency(w.lower(), "en") < 3.0}
    found = {}
    for rel in ROUTE_CODE:
        words = set(_NAME.findall((ROOT / rel).read_text(encoding="utf-8")))
        hits = sorted(words & only_dev)
        if hits:
            found[rel] = hits
    assert not found, f"names that occur only in dev articles: {found}"
