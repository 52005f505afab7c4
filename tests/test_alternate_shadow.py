"""A name that is one town's own name and only an alternate name of a bigger city abroad
means the town ("Porto" is not Bordeaux, "Cancun" not Changchun, "Jayapura" not Jaipur).
A great city's exonym with no sizeable namesake elsewhere keeps its city ("Cologne" is
Köln), and so does an alternate name the article's context holds ("Saida" among
Lebanese towns is Sidon): ``geo.extraction._own_name_abroad``. Sentences are our own."""

from __future__ import annotations

import pytest

from geo import extract


def _country_of(text: str, surface: str) -> str:
    ex = extract(text)
    hits = [pm.place.country for pm in ex.places if any(m.text == surface for m in pm.mentions)]
    assert hits, (text, [pm.place.name for pm in ex.places])
    return hits[0]


@pytest.mark.parametrize("text, surface, country", [
    ("Ferries leave Porto for Madeira twice a week.", "Porto", "PT"),
    ("A cargo ship sailed from Porto to Le Havre with cork.", "Porto", "PT"),
    ("Flights from Cancun to Havana resume in March.", "Cancun", "MX"),
    ("Flights to Cancun were cancelled because of the storm.", "Cancun", "MX"),
    ("Hotels in Cancún were full over the holidays.", "Cancún", "MX"),
    ("The new ferry to Jayapura leaves on Friday.", "Jayapura", "ID"),
    ("Flights from Beijing to Cancun resumed.", "Cancun", "MX"),
    ("Wine from Porto and Bordeaux sold well.", "Porto", "PT"),
    ("Philadelphia", "Philadelphia", "US"),
    ("Salvador", "Salvador", "BR"),
    # a small town whose country the article names, the alternate's country unnamed
    ("Kenya and Uganda agreed to speed up clearance at Malaba.", "Malaba", "KE"),
])
def test_own_name_beats_an_alternate_name_abroad(text, surface, country):
    assert _country_of(text, surface) == country


@pytest.mark.parametrize("text, surface, country", [
    ("Pilgrims flew to Mecca for the hajj.", "Mecca", "SA"),
    ("Trains from Cologne to Berlin were delayed.", "Cologne", "DE"),
    ("Flights to Kiev were suspended.", "Kiev", "UA"),
    ("Fishermen in Saida, Tyre and Beirut went on strike.", "Saida", "LB"),
])
def test_exonym_of_a_great_city_keeps_its_city(text, surface, country):
    assert _country_of(text, surface) == country
