"""Curated route data (airline hubs, airport short names) and what extraction does with it."""

import csv
import json
import subprocess
import sys

import airportsdata
import pytest

import geo
from geo._data import data_path


def _rows(name):
    with data_path(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name, code_col", [("airlines.csv", "hub"), ("airport_names.csv", "iata")])
def test_every_row_has_a_source_and_a_real_airport(name, code_col):
    airports = airportsdata.load("IATA")
    rows = _rows(name)
    assert len(rows) > 100
    assert all(r["source"].strip() for r in rows)
    assert [r["name"] for r in rows if r[code_col] not in airports] == []


def test_airport_short_names_find_the_airport():
    assert geo.geocode("Heathrow").id == "iata:LHR"  # not the town in Florida
    assert geo.geocode("Sheremetyevo").id == "iata:SVO"


def test_airline_hub_is_the_origin_when_the_text_names_none():
    ex = geo.extract("Air Astana will launch flights to Riga and Prague in June.")
    got = sorted((r.rule, ex.place(r.stops[0]).id, ex.place(r.stops[-1]).name) for r in ex.routes)
    assert got == [("hub", "iata:ALA", "Prague"), ("hub", "iata:ALA", "Riga")]


def test_no_hub_when_the_origin_is_stated_but_is_no_place():
    ex = geo.extract("Air Astana will operate 40 weekly flights from 12 cities to Riga.")
    assert ex.routes == []


def test_json_routes_name_their_rule(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Weekly flights to Bergen from Almaty begin in May.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geo", "extract", str(f), "--format", "json"],
                         capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    routes = (got[0] if isinstance(got, list) else got)["routes"]
    assert [(r["mode"], r["rule"], [s["name"] for s in r["stops"]]) for r in routes] == [
        ("air", "to_from", ["Almaty", "Bergen"])]


def test_list_commas_and_abbreviation_dots():
    # a name key with a trailing comma ("Lodz,") must not swallow the list comma, while
    # a final dot is part of names such as "U.S."
    ex = geo.extract("Freight trains to Lodz, Hamburg and Madrid left Xiamen. The U.S. watched.")
    names = {pm.place.name for pm in ex.places}
    assert {"Łódź", "Hamburg", "Madrid", "Xiamen", "United States"} <= names
    assert len(ex.routes) == 3


def test_every_shipping_line_has_a_source_and_a_country():
    rows = _rows("shipping_lines.csv")
    assert len(rows) >= 20
    assert all(r["source"].strip() and len(r["country"]) == 2 for r in rows)
    names = [n for r in rows for n in [r["name"], *filter(None, r["aliases"].split("|"))]]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("text, gone", [
    ("COSCO Shipping will add a call at Chancay.", "Cusco"),
    ("Hamburg Süd and Maersk share a service to Santos.", "Hamburg"),
    ("The Mediterranean Shipping Company ordered ten ships.", "Mediterranean Sea"),
])
def test_a_shipping_line_names_no_place(text, gone):
    ex = geo.extract(text)
    assert gone not in {pm.place.name for pm in ex.places}


@pytest.mark.parametrize("text", [
    "Divers searched Evergreen Lake on Tuesday.",  # a place's name, not the line
    "Kathy Cosco, a spokeswoman, said the road was closed.",  # a person
])
def test_a_line_name_inside_another_name_is_no_line(text):
    from geo._cue_words import shipping_line_spans
    assert shipping_line_spans(text) == []


@pytest.mark.parametrize("text, lines", [
    # the longest name at a place, as a whole word, as written
    ("Mediterranean Shipping Company and MSC are one line.", ["Mediterranean Shipping Company", "MSC"]),
    ("Ships of ONE call there, and one of Hapag-Lloyd too.", ["ONE", "Hapag-Lloyd"]),
    ("XMSC, MSCs and pre-MSC are no line names.", []),
])
def test_shipping_lines_are_found_as_whole_words(text, lines):
    from geo._cue_words import shipping_line_spans
    assert [text[s:e] for s, e in shipping_line_spans(text)] == lines
