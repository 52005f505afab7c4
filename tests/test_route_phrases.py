"""Route phrase families (``geo.route_roles``), in sentences of our own.

``tests/data/route_phrases.yaml`` holds, per family, texts and the complete set of routes
each states (``[mode, origin, destination]`` as written, optionally its status as a 4th
column); near misses state none. A case
with ``xfail`` names a known limit.
"""

from pathlib import Path

import pytest
import yaml

import geo
from geo.geocoding import _haversine_km

CASES = yaml.safe_load((Path(__file__).parent / "data" / "route_phrases.yaml").read_text(encoding="utf-8"))


def _same(place, name):
    """A stop is the named place: the same country for a country, else within 60 km of one
    of the name's senses (these tests check how a sentence states routes; which Valencia
    is meant is the ranker's business, tested elsewhere)."""
    want = geo.geocode(name)
    if want.kind == "country":
        return place.country == want.country
    return any(_haversine_km(place.lat, place.lon, w.lat, w.lon) <= 60
               for w in [want, *want.alternatives])


def _matches(ex, route, want):
    mode, a, b = want[:3]
    if route.mode != mode or len(route.stops) < 2:
        return False
    if len(want) > 3 and route.status != want[3]:
        return False  # a 4th column: the route's status (null: none stated)
    first, last = ex.place(route.stops[0]), ex.place(route.stops[-1])
    return _same(first, a) and _same(last, b)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['family']}-{i}" for i, c in enumerate(CASES)])
def test_phrase_family(case):
    if case.get("xfail"):
        pytest.xfail(case["xfail"])
    ex = geo.extract(case["text"])
    got = ex.routes
    for want in case["routes"]:
        assert any(_matches(ex, r, want) for r in got), (
            f"{want} not found; got {[(r.mode, r.rule, [ex.place(s).name for s in r.stops]) for r in got]}")
    extra = [r for r in got if not any(_matches(ex, r, w) for w in case["routes"])]
    assert not extra, f"routes the text does not state: {[(r.mode, r.rule, [ex.place(s).name for s in r.stops]) for r in extra]}"


@pytest.mark.parametrize("text", [
    "The block train left Lanzhou for Tbilisi, crossing Kazakhstan in transit.",
    "A train from Lanzhou to Tbilisi crossed Kazakhstan on the way.",
    "The train reached Tbilisi from Lanzhou after it transited Kazakhstan.",
])
def test_a_crossed_country_is_a_stated_transit(text):
    ex = geo.extract(text)
    (route,) = [r for r in ex.routes if len(r.stops) >= 2]
    assert [ex.place(s).name for s in (route.stops[0], route.stops[-1])] == ["Lanzhou", "Tbilisi"]
    assert "country:KZ" in route.stops[1:-1]


def test_a_border_crossing_is_still_a_kind_word():
    # before "and", "crossing" names the kind of place: both places are origins
    ex = geo.extract("Trucks moved from the Khorgos crossing and Almaty to Urumqi.")
    assert len(ex.routes) == 2
    assert {name for name in ("Almaty", "Khorgos")
            if any(_same(ex.place(r.stops[0]), name) for r in ex.routes)} == {"Almaty", "Khorgos"}
    assert all(_same(ex.place(r.stops[-1]), "Urumqi") for r in ex.routes)


@pytest.mark.parametrize("text", [
    "Bolivian exports through the Chilean port of Arica rose as trucks ran from La Paz to Arica.",
    "Container traffic through Mersin grew as trains ran from Ankara to Mersin.",
])
def test_a_stop_named_twice_is_one_stop(text):
    ex = geo.extract(text)
    (route,) = ex.routes
    assert len(route.stops) == len(set(route.stops)) == 2


def test_a_named_railway_keeps_its_end_when_a_leg_names_the_country():
    ex = geo.extract("From Alat, containers go by rail to Tbilisi, or take the Baku-Tbilisi-Kars railway to Turkey.")
    named = [r for r in ex.routes if r.corridor_id]
    assert named and ex.place(named[0].stops[-1]).name == "Kars"


def test_the_country_of_the_last_stop_adds_no_stop_and_the_transit_stays():
    ex = geo.extract("A container train from Chengdu to Budapest left on Monday, travelling via "
                     "Kazakhstan, Russia, Belarus and Poland before reaching Hungary.")
    (route,) = ex.routes
    assert [ex.place(s).name for s in route.stops] == ["Chengdu", "Kazakhstan", "Russia", "Belarus", "Poland", "Budapest"]


@pytest.mark.parametrize("text, names", [
    ("The pipeline will carry gas from Turkmenistan to Afghanistan, Pakistan and India.",
     ["Turkmenistan", "Afghanistan", "Pakistan", "India"]),
    ("Gas flows by pipeline from Baku to Tbilisi and Erzurum.", ["Baku", "Tbilisi", "Erzurum"]),
])
def test_one_pipeline_to_several_places_is_one_route_with_stops(text, names):
    ex = geo.extract(text)
    (route,) = ex.routes
    assert route.mode == "pipeline"
    assert all(_same(ex.place(s), n) for s, n in zip(route.stops, names, strict=True))


def test_pipelines_in_the_plural_are_a_route_each():
    ex = geo.extract("The new pipelines will carry gas from Russia to China and Mongolia.")
    assert len(ex.routes) == 2


def test_a_numbered_corridor_is_its_own_row():
    ex = geo.extract("The Power of Siberia 2 pipeline will carry gas from Russia to China through Mongolia.")
    assert [r.corridor_id for r in ex.routes] == ["power-of-siberia-2"]
    ex = geo.extract("Gas from the Power of Siberia pipeline reached Shanghai.")
    assert "power-of-siberia" in [r.corridor_id for r in ex.routes]


@pytest.mark.parametrize("text, named", [
    ("Trucks use the North–South Corridor from Durban to Lusaka.", False),
    ("The North-South Corridor links Durban with the Copperbelt in Zambia.", False),
    ("The North–South corridor will carry Indian goods to Russia through Iran.", True),
    ("The International North–South Transport Corridor opened a new route.", True),
])
def test_a_descriptive_corridor_name_is_the_corridor_only_where_it_runs(text, named):
    ex = geo.extract(text)
    assert ("instc" in [r.corridor_id for r in ex.routes]) is named
