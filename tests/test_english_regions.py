"""English names of first-level divisions (``data/admin1_english.csv``) and the historic and
cultural regions of ``data/places.csv``: news writes "Brittany", "Kharkiv Oblast", "Tuscany",
"Manchuria", and each must be the division or region, never a town of the same name."""

from __future__ import annotations

import csv

import pytest

from geo import extract
from geo._data import data_path
from geo._errors import DataError
from geo.gazetteer import admin1_english_aliases


def _top(name: str):
    """The place the sentence's mention of ``name`` resolves to."""
    text = f"Our correspondent drove across {name} in the spring."
    start = text.index(name)
    for pm in extract(text).places:
        for m in pm.mentions:
            if m.start <= start < m.end or start <= m.start < start + len(name):
                return pm.place
    return None


ADMIN1 = [
    ("Brittany", "FR"), ("Flanders", "BE"), ("Basque Country", "ES"), ("Navarre", "ES"),
    ("Tuscany", "IT"), ("Campania", "IT"), ("Kharkiv Oblast", "UA"), ("Kharkiv Region", "UA"),
    ("the Kharkiv oblast", "UA"), ("Donetsk Oblast", "UA"), ("Kyiv Oblast", "UA"),
    ("Odesa Oblast", "UA"), ("Minsk Region", "BY"), ("Gomel Region", "BY"),
    ("Moscow Oblast", "RU"), ("Leningrad Oblast", "RU"), ("Kakheti", "GE"),
    ("Samegrelo-Zemo Svaneti", "GE"), ("Samegrelo", "GE"), ("Imereti", "GE"), ("Adjara", "GE"),
    ("Nakhchivan Autonomous Republic", "AZ"), ("Syunik Province", "AM"),
    ("Sistan and Baluchestan", "IR"), ("Sistan-Baluchestan", "IR"), ("Sistan-Baluchistan", "IR"),
    ("Razavi Khorasan", "IR"), ("Khorasan Razavi", "IR"), ("North Khorasan", "IR"),
    ("Golestan", "IR"), ("Mazandaran", "IR"), ("Tigray", "ET"), ("Amhara", "ET"),
    ("Afar Region", "ET"), ("North Kivu", "CD"), ("South Kivu", "CD"), ("Dhofar", "OM"),
    ("Riyadh Province", "SA"), ("Emirate of Abu Dhabi", "AE"), ("Nineveh Governorate", "IQ"),
    ("Aleppo Governorate", "SY"), ("Transnistria", "MD"), ("Lapland", "FI"),
    ("Okinawa", "JP"), ("Masovian Voivodeship", "PL"), ("Lower Silesia", "PL"),
    ("South Moravian Region", "CZ"), ("Lower Austria", "AT"),
]

REGIONS = [
    ("Transylvania", "RO"), ("Silesia", None), ("Pomerania", None), ("Bohemia", "CZ"),
    ("Moravia", "CZ"), ("Thrace", None), ("Bengal", None), ("Patagonia", None),
    ("Manchuria", "CN"), ("Khorasan", "IR"), ("Zangezur", "AM"), ("Galilee", "IL"),
    ("Negev", "IL"), ("Sinai Peninsula", "EG"), ("Sinai", "EG"), ("Hejaz", "SA"),
    ("Darfur", "SD"), ("Kordofan", "SD"), ("Ogaden", "ET"), ("Waziristan", "PK"),
    ("Somaliland", "SO"), ("Puntland", "SO"), ("Casamance", "SN"), ("Katanga", "CD"),
    ("Kivu", "CD"), ("Semirechye", None), ("Corsica", "FR"), ("Svaneti", "GE"),
    ("Cyrenaica", "LY"), ("Kabylie", "DZ"),
]


@pytest.mark.parametrize(("name", "country"), ADMIN1)
def test_english_division_names(name, country):
    place = _top(name)
    assert place is not None, name
    assert (place.kind, place.country) == ("admin1", country), (name, place)


@pytest.mark.parametrize(("name", "country"), REGIONS)
def test_historic_regions(name, country):
    place = _top(name)
    assert place is not None, name
    assert (place.kind, place.country) == ("region", country), (name, place)


@pytest.mark.parametrize(("text", "name", "country"), [
    ("There are three daily flights to Kharkiv from Warsaw now.", "Kharkiv", "UA"),
    ("The bus from Donetsk reached the border at dawn.", "Donetsk", "UA"),
    ("Ferries leave Odesa twice a week.", "Odesa", "UA"),
    ("He flew from Minsk to Riga.", "Minsk", "BY"),
])
def test_city_of_the_same_name_stays_the_city(text, name, country):
    places = [pm.place for pm in extract(text).places
              if any(m.text == name for m in pm.mentions)]
    assert places and places[0].kind == "city" and places[0].country == country, places


def test_oblast_is_not_the_city():
    text = "Shelling hit villages in the Kharkiv oblast overnight, far from Kharkiv itself."
    kinds = {m.text: pm.place.kind for pm in extract(text).places for m in pm.mentions}
    assert kinds.get("Kharkiv oblast") == "admin1", kinds
    assert kinds.get("Kharkiv") == "city", kinds


def test_every_row_names_a_known_division_and_has_a_source():
    known = set()
    for fname in ("admin1.csv", "admin1_world.csv"):
        with open(data_path(fname), newline="", encoding="utf-8") as fh:
            known |= {r["id"] for r in csv.DictReader(fh)}
    with open(data_path("admin1_english.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    seen = set()
    for r in rows:
        assert r["id"] in known, r
        assert r["alias"].strip() and r["source"].strip(), r
        assert (r["id"], r["alias"]) not in seen, r
        seen.add((r["id"], r["alias"]))
    assert admin1_english_aliases(data_path("admin1_english.csv"), known)


def test_unknown_id_is_a_data_error(tmp_path):
    bad = tmp_path / "admin1_english.csv"
    bad.write_text("id,alias,source\nFR-BRE,Brittany,Wikipedia: Brittany\n"
                   "XX-ZZ,Nowhere Land,Wikipedia: nothing\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"admin1_english\.csv: row 3.*XX-ZZ"):
        admin1_english_aliases(bad, {"FR-BRE"})


def test_row_without_source_is_a_data_error(tmp_path):
    bad = tmp_path / "admin1_english.csv"
    bad.write_text("id,alias,source\nFR-BRE,Brittany,\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 2"):
        admin1_english_aliases(bad, {"FR-BRE"})
