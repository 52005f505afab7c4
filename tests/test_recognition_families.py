"""Families of place mentions that recognition used to miss (sentences of our own).

* US counties ("Multnomah County") are places of their own, in their state;
* a state's dotted abbreviation ("N.D.") is the state, not an acronym;
* a country, a state, a demonym or an abbreviation before an ordinary capitalised word
  modifies it ("the Utah Senate", "the Peruvian Minister", "U.S. Attorney"); so does a town
  after an article ("the Spokane Fire Department"); a given name before a rare surname
  stays a person;
* a common given name (``data/given_names.csv``) before a town makes the town a surname,
  and a given name that is a town before a surname is no town.
"""

import pytest

import geo


def found(text):
    """Mention text -> resolved place, for every mention of ``text``."""
    return {m.text: pm.place for pm in geo.extract(text).places for m in pm.mentions}


def test_a_county_is_found_as_a_region_in_its_state():
    got = found("Deputies in Multnomah County arrested two men on Friday.")
    county = got["Multnomah County"]
    assert county.kind == "region" and county.country == "US"
    # Multnomah County is Portland's county, in north-west Oregon
    assert 45.0 < county.lat < 46.0 and -123.5 < county.lon < -121.5


def test_a_county_name_held_by_several_states_follows_the_state_named():
    texts = {"Oregon": "Flooding closed roads in Washington County, Oregon, overnight.",
             "Arkansas": "Flooding closed roads in Washington County, Arkansas, overnight."}
    lons = {}
    for state, text in texts.items():
        place = found(text)["Washington County"]
        assert place.kind == "region"
        lons[state] = place.lon
    assert lons["Oregon"] < -122 and -95 < lons["Arkansas"] < -93


def test_a_county_is_not_the_town_it_is_named_after():
    got = found("Officers in Kern County and in Bakersfield searched the fields.")
    assert got["Kern County"].kind == "region"
    assert "Kern" not in got


@pytest.mark.parametrize("text, mention", [
    ("The Utah Senate passed the water bill on Tuesday.", "Utah"),
    ("A spokesman for the Spokane Fire Department said nobody was hurt.", "Spokane"),
    ("The Peruvian Minister of Transport visited the port of Callao.", "Peruvian"),
    ("The U.S. Attorney in Spokane filed charges.", "U.S."),
    ("Texas Highway Patrol troopers closed the road.", "Texas"),
    # a county before an office
    ("Maricopa County Sheriff deputies closed the road.", "Maricopa County"),
    # a town (no given name) before an ordinary word, without an article
    ("Parents met at Ripon Town Hall on Monday.", "Ripon"),
    ("Crowds filled Ripon Market Square on Saturday.", "Ripon"),
])
def test_a_place_before_an_ordinary_capitalised_word_is_kept(text, mention):
    assert mention in found(text)


def test_a_dotted_state_abbreviation_is_no_acronym():
    got = found("A farmer from Minot, N.D., sold the land.")
    assert got["N.D."].kind == "admin1" and got["N.D."].name == "North Dakota"
    assert "MP" not in found("The MP said the road to Kisumu would be repaired.")


@pytest.mark.parametrize("text, mention", [
    # a name ending in s with a bare possessive apostrophe is still the name
    ("One of Texas\u2019 last wild rivers runs past the town.", "Texas"),
    ("Kansas' governor opened the bridge.", "Kansas"),
    # an apostrophe inside a name stays part of it
    ("Talks were held in N\u2019Djamena on Monday.", "N\u2019Djamena"),
])
def test_a_bare_possessive_apostrophe_ends_the_name(text, mention):
    assert mention in found(text)


@pytest.mark.parametrize("text, mention, kind", [
    # a province named like its capital, with the kind word in lower case
    ("Melon growers in the Turkistan region ship to Russia.", "Turkistan region", "admin1"),
    ("Farmers in Osh oblast sell apricots.", "Osh oblast", "admin1"),
    ("Officials in Osh said the road was open.", "Osh", "city"),
    # a province's short name without its kind word
    ("Wheat from North Kazakhstan goes south by rail.", "North Kazakhstan", "admin1"),
])
def test_a_lower_case_region_word_makes_the_province(text, mention, kind):
    assert found(text)[mention].kind == kind


@pytest.mark.parametrize("text, mention, country", [
    # the Factbook's adjective where it differs from the noun ("Filipino")
    ("The Philippine coast guard towed the ferry to Cebu.", "Philippine", "Philippines"),
    # the largest people of a country, as the gold sets annotate it
    ("Sinhalese voters queued outside schools in Kandy.", "Sinhalese", "Sri Lanka"),
])
def test_a_countrys_adjective_or_people_is_the_country(text, mention, country):
    assert found(text)[mention].name == country


def test_a_region_demonym_is_the_region():
    assert found("South Ossetian officials closed the crossing.")["South Ossetian"].name == "South Ossetia"


@pytest.mark.parametrize("text, mention, state", [
    # the news agencies' (AP) abbreviations after a town
    ("Police in Wichita, Kan., closed the road.", "Kan.", "Kansas"),
    ("The plant in Jackson, Miss., will close.", "Miss.", "Mississippi"),
    ("He moved from Mobile, Ala., to Dover, Del., in May.", "Del.", "Delaware"),
    ("Officials in Shreveport, La., met on Monday.", "La.", "Louisiana"),
])
def test_an_agency_state_abbreviation_is_the_state(text, mention, state):
    got = found(text)
    assert got[mention].kind == "admin1" and got[mention].name == state


@pytest.mark.parametrize("text, mention", [
    # a given name before a rare surname is a person, country name or not
    ("Georgia Okafor scored twice for the visitors.", "Georgia"),
    ("Chad Okonkwo scored twice for the visitors.", "Chad"),
    # a town's name without an article before a surname is a person
    ("Spokane Okafor said the match was hard.", "Spokane"),
    # a given name before an ordinary word that is a surname too
    ("Florence Baker said the match was hard.", "Florence"),
])
def test_a_given_name_before_a_surname_is_still_a_person(text, mention):
    assert mention not in found(text)


def test_a_town_after_a_common_given_name_is_a_surname_and_stays_one():
    # the census list of given names: "Margaret" before a small town is a person's name,
    # and the bare name later in the story is that person
    assert found("Police said Margaret Ripon, 54, was unhurt. Ripon thanked the crew.") == {}
    assert found("The chairman, Carol R. Ripon, resigned.") == {}


def test_a_given_name_that_is_a_town_before_a_surname_is_a_person():
    assert found("The award went to Florence Crosby of the rowing club.") == {}
    assert set(found("Trains from Florence to Rome run hourly.")) == {"Florence", "Rome"}


@pytest.mark.parametrize("text", [
    "The road from Ripon to Leeds was closed.",
    "In May Ripon hosted the fair.",  # a month is no given name
])
def test_a_town_without_a_given_name_before_it_stays_a_place(text):
    assert "Ripon" in found(text)


def test_a_given_name_read_as_a_person_is_that_person_later_on():
    # a bare "Clifton" opening a sentence is the town (there is no one it could be) ...
    assert "Clifton" in found("Clifton worked as an electrician for forty years.")
    # ... but once "Clifton Okafor" is named, it is him
    text = "Clifton Okafor is eighty. Clifton worked as an electrician for forty years."
    assert "Clifton" not in found(text)


def test_the_county_rows_are_sourced_and_lie_in_the_united_states():
    import csv

    import numpy as np

    from geo._data import data_path
    from geo.countries import _countries_of_points, _tree

    with open(data_path("us_counties.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 3000
    assert all(r["source"].strip() and r["kind"] == "region" and r["country"] == "US" for r in rows)
    assert all(r["admin1"].startswith("US-") and r["name"].endswith(("County", "Parish", "Borough"))
               for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    codes = _tree()[0]
    inside = [codes[k] if k >= 0 else None for k in _countries_of_points(lon, lat)]
    # the median of an island county's post offices may fall in the water between its
    # islands (the Florida Keys, Nantucket), never abroad
    abroad = [r["name"] for r, c in zip(rows, inside) if c not in ("US", None)]
    assert abroad == []
    assert sum(c is None for c in inside) <= len(rows) // 100


@pytest.mark.parametrize("text", [
    "Council Chairman Ron Leeds spoke first.",  # a full title before the given name
    "Mayor John Leeds opened the bridge.",      # a title, a given name, a big city's name
    "Lt. Paul Leeds, a police spokesman, said nobody was hurt.",
])
def test_a_title_and_a_given_name_make_even_a_big_city_a_surname(text):
    assert "Leeds" not in found(text) and "Ron" not in found(text)


@pytest.mark.parametrize("text, mention", [
    ("Schools in Northeast Nebraska opened late.", "Nebraska"),
    ("Farms in Southwestern Manitoba were flooded.", "Manitoba"),
    ("Shops in Historic Ripon closed early.", "Ripon"),
])
def test_a_compass_or_historic_modifier_is_no_given_name(text, mention):
    assert mention in found(text)


def test_metro_before_a_city_is_a_modifier():
    got = found("Officials of Metro Halifax banned the burning of leaves.")
    assert "Halifax" in got and "Metro" not in got


@pytest.mark.parametrize("text, mention, country", [
    ("\u201cVietnam is ready to carry more freight by rail,\u201d the minister said.", "Vietnam", "VN"),
    ("\"Kazakhstan will double transit,\" he told reporters.", "Kazakhstan", "KZ"),
    ("\u201cTashkent and Almaty are now linked,\u201d she added.", "Tashkent", "UZ"),
])
def test_a_quoted_sentence_that_opens_with_a_place_names_it(text, mention, country):
    got = found(text)
    assert mention in got and got[mention].country == country, got


@pytest.mark.parametrize("text", [
    "The ferry \u201cTurkmenbashi\u201d sails on Mondays.",
    "The boring machine \"Bishkek\" started work.",
    "She starred in the \"Hart of Dixie\" series.",
])
def test_a_quoted_name_of_a_thing_is_no_place(text):
    assert not found(text), found(text)


@pytest.mark.parametrize("text", ["Are you ready? the driver asked.", "Per tonne, the fee fell.",
                                  "Can we go? she asked."])
def test_a_common_word_that_is_only_a_countrys_code_is_no_place(text):
    # "ARE", "PER" and "CAN" are the UAE's, Peru's and Canada's codes, not their names
    assert not found(text), found(text)


def test_two_quoted_names_of_ships_are_no_places():
    got = found("Two Turkmen \u201cAshgabat / Balkan\u201d ferries will serve the line.")
    assert set(got) == {"Turkmen"}, got  # the demonym names the country; the ships do not


def test_a_small_towns_other_romanisation_is_found_where_names_are_romanised():
    # GeoNames lists the Tajik town as "Roghun" with "Rogun" among its alternate names
    got = found("Turbines for the dam at Rogun were delivered in March.")
    assert "Rogun" in got and got["Rogun"].country == "TJ", got
    # a US town's alternate spelling is no reason to read a surname as a town
    assert "Jamison" not in found("The council heard from Jamison about the budget.")


def test_spelling_variant_rule():
    from geo._names import spelling_variant

    assert spelling_variant("Rogun", "Roghun")
    assert not spelling_variant("Rogun", "Rogun")          # the same name
    assert not spelling_variant("Dushanbe", "Stalinabad")  # another name, not a spelling
    assert not spelling_variant("Li Shan", "Lishan")       # words added: not a spelling


@pytest.mark.parametrize("text, mention, region", [
    ("Central Asian states agreed on a transit tariff.", "Central Asian", "Central Asia"),
    ("Thousands of Central American migrants waited at the border.", "Central American", "Central America"),
    ("Southeast Asian ports handled more boxes.", "Southeast Asian", "Southeast Asia"),
    ("Exports to North Africa rose.", "North Africa", "North Africa"),
    ("Siberian gas reached the plant.", "Siberian", "Siberia"),
])
def test_a_compound_regions_name_or_adjective_is_that_region(text, mention, region):
    # "Central Asian" is Central Asia, not Asia; "North Africa" is no town called Africa
    got = found(text)
    assert mention in got and got[mention].name == region and got[mention].kind == "region", got
