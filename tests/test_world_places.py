"""The world's first-level divisions (``data/admin1_world.csv``), major islands and major
lakes, seas and rivers (``data/places.csv``), with sentences of our own.

* an island, a lake or a division is found as itself, not as a same-named village;
* a division named after its capital city answers only with its type ("Kano State"), so
  the bare name stays the city;
* a division whose name is only generic words ("North West", "Central") never matches
  those words by themselves;
* every generated row is sourced and lies in a country ``data/admin1.csv`` leaves out.
"""

import csv
import re
from pathlib import Path

import pytest

import geo

DATA = Path(__file__).resolve().parent.parent / "data"


def found(text):
    """Mention text -> resolved place, for every mention in ``text``."""
    return {m.text: pm.place for pm in geo.extract(text).places for m in pm.mentions}


@pytest.mark.parametrize("text, name, kind, country", [
    ("Tourists flew to Bali for the holidays.", "Bali", "region", "ID"),
    ("Ferries to Crete were cancelled in the storm.", "Crete", "region", "GR"),
    ("Two volcanoes erupted on Java this week.", "Java", "region", "ID"),
    ("Loggers cleared forest on Sumatra and Borneo.", "Sumatra", "region", "ID"),
    ("Rescuers reached villages on Mindanao by boat.", "Mindanao", "region", "PH"),
    ("Winter storms closed the roads of Honshu.", "Honshu", "region", "JP"),
    ("Hotels on Santorini were full all summer.", "Santorini", "region", "GR"),
])
def test_an_island_is_the_island(text, name, kind, country):
    place = found(text)[name]
    assert (place.kind, place.country) == (kind, country)


@pytest.mark.parametrize("text, name, lat, lon", [
    ("Swimmers crossed Lake Geneva at dawn.", "Lake Geneva", 46.45, 6.53),
    ("Cargo barges waited on the Rhine and the Yangtze River.", "Yangtze River", 30.6, 114.3),
    ("Oil tankers crossed the Adriatic Sea overnight.", "Adriatic Sea", 43.0, 15.5),
    ("Fishermen on Lake Victoria reported a calm week.", "Lake Victoria", -1.0, 33.0),
])
def test_a_lake_sea_or_river_is_water(text, name, lat, lon):
    place = found(text)[name]
    assert place.kind == "water"
    assert abs(place.lat - lat) < 1 and abs(place.lon - lon) < 1


@pytest.mark.parametrize("text, name, country", [
    ("Insurgents attacked a village in Borno on Sunday.", "Borno", "NG"),
    ("Farmers in Limpopo lost cattle to the drought.", "Limpopo", "ZA"),
    ("Heavy rain fell across the state of Pará.", "Pará", "BR"),
    ("Wildfires spread through Western Cape vineyards.", "Western Cape", "ZA"),
    ("A ferry sank off Sicily with forty people aboard.", "Sicily", "IT"),
])
def test_a_division_is_found(text, name, country):
    place = found(text)[name]
    assert (place.kind, place.country) == ("admin1", country)


def test_a_division_named_after_its_city_answers_with_its_type():
    got = found("Police in Kano State said the main market in Kano reopened.")
    assert got["Kano State"].kind == "admin1" and got["Kano State"].country == "NG"
    assert got["Kano"].kind == "city" and got["Kano"].country == "NG"


def test_a_same_named_town_follows_its_qualifier():
    us = found("Surfers gathered in Santa Cruz, California, on Saturday.")["Santa Cruz"]
    assert us.country == "US"
    ar = found("Sheep farms near Santa Cruz, Argentina, face a drought.")["Santa Cruz"]
    assert ar.country == "AR"


def test_generic_division_names_are_no_places_by_themselves():
    got = found("The Central team beat the Western side, and North West fans cheered.")
    assert not got
    # ... but with their type they are the division (of the country named: Sierra Leone
    # has a North West Province too)
    place = found("Mines in North West Province, South Africa, closed after the floods.")["North West Province"]
    assert (place.kind, place.country) == ("admin1", "ZA")


def _world_rows():
    with open(DATA / "admin1_world.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_world_divisions_are_sourced_and_new():
    rows = _world_rows()
    assert len(rows) > 2000
    with open(DATA / "admin1.csv", newline="", encoding="utf-8") as fh:
        curated = {r["country"] for r in csv.DictReader(fh)}
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r["source"].startswith(f"ISO 3166-2:{r['country']} via iso3166-2"), r
        assert r["kind"] == "admin1" and r["id"].startswith(r["country"] + "-")
        assert r["country"] not in curated, r


_GENERIC = re.compile(r"(?i)^(?:(?:north|south|east|west|northern|southern|eastern|western|central|"
                      r"centre|center|upper|lower|middle|coast|capital|nord|sud|est|ouest)[\s-]*)+$")


def test_no_world_division_answers_to_generic_words_alone():
    for r in _world_rows():
        for n in [r["name"], *filter(None, r["aliases"].split("|"))]:
            assert not _GENERIC.match(n), (r["id"], n)
