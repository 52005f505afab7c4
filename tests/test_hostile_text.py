"""Text built to stress the route stage costs linear time and bounded memory: 1 MB of each
pattern finishes well within a minute (timings per KB are in ``bench/hostile.py``)."""

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import hostile  # noqa: E402

import geo  # noqa: E402


@pytest.mark.parametrize("name", sorted(hostile.PATTERNS))
def test_one_megabyte_of_hostile_text_finishes(name):
    text = hostile.PATTERNS[name](1_000_000)
    t0 = time.perf_counter()
    ex = geo.extract(text)
    assert time.perf_counter() - t0 < 60
    # every mention keeps a bounded piece of its "sentence", not a copy of the whole line
    assert all(len(m.sentence) <= 2_000 for pm in ex.places for m in pm.mentions)


def test_routes_in_a_long_line_are_still_found():
    ex = geo.extract(hostile.route_cues(20_000))
    got = {(r.mode, ex.place(r.stops[0]).name, ex.place(r.stops[-1]).name) for r in ex.routes}
    assert ("rail", "Tehran", "Bishkek") in got and ("air", "Almaty", "Tashkent") in got
