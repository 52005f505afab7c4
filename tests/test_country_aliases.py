"""The curated country aliases (``data/country_aliases.csv``): well-formed rows, one country
per alias, a demonym for every UN member, and demonyms that resolve to their country."""

from __future__ import annotations

import csv
from collections import defaultdict

import pycountry
import pytest

from geo import extract, geocode
from geo._data import data_path
from geo._text import name_key

ALLOWED_TYPES = {"name", "short", "official", "historical", "demonym"}

#: Codes the file may use that ISO 3166-1 does not assign (Kosovo's user-assigned code).
EXTRA_CODES = {"XK"}

#: The 193 member states of the United Nations, by ISO 3166-1 alpha-2 code.
UN_MEMBERS = frozenset("""
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH
CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI
FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP
KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM
NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST
SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV
UG UA AE GB US UY UZ VU VE VN YE ZM ZW
""".split())

#: Members whose only English demonym is also a larger country's: "Dominican" is kept for
#: the Dominican Republic and "Congolese" for the Democratic Republic of the Congo, since an
#: alias may name one country only.
SHARED_DEMONYM = {"DM": ("Dominican", "DO"), "CG": ("Congolese", "CD")}


@pytest.fixture(scope="module")
def rows():
    with open(data_path("country_aliases.csv"), newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["iso2", "alias", "type", "source"]
        return list(reader)


def test_un_member_list_is_complete():
    assert len(UN_MEMBERS) == 193
    assert all(pycountry.countries.get(alpha_2=iso) is not None for iso in UN_MEMBERS)


def test_rows_are_well_formed(rows):
    assert len(rows) > 400
    for r in rows:
        where = f"row {r}"
        assert r["iso2"] in EXTRA_CODES or pycountry.countries.get(alpha_2=r["iso2"]), where
        assert r["type"] in ALLOWED_TYPES, where
        assert r["alias"] and r["alias"] == r["alias"].strip(), where
        assert r["source"] and r["source"].strip(), where
        # the matcher only takes capitalised words ("the" is dropped before matching):
        # a lower-case alias would never be found in text
        assert r["alias"].removeprefix("the ")[0].isupper(), where


def test_no_duplicate_rows(rows):
    pairs = [(r["iso2"], r["alias"]) for r in rows]
    dups = {p for p in pairs if pairs.count(p) > 1}
    assert not dups


def test_no_alias_names_two_countries(rows):
    owners = defaultdict(set)
    for r in rows:
        owners[name_key(r["alias"])].add(r["iso2"])
    shared = {key: isos for key, isos in owners.items() if len(isos) > 1}
    assert not shared


def test_every_un_member_has_a_demonym(rows):
    with_demonym = {r["iso2"] for r in rows if r["type"] == "demonym"}
    missing = UN_MEMBERS - with_demonym - set(SHARED_DEMONYM)
    assert not missing
    owner = {r["alias"]: r["iso2"] for r in rows if r["type"] == "demonym"}
    for iso, (word, other) in SHARED_DEMONYM.items():
        assert iso not in with_demonym and owner[word] == other


def test_well_known_territories_have_demonyms(rows):
    with_demonym = {r["iso2"] for r in rows if r["type"] == "demonym"}
    assert {"HK", "MO", "PR", "GL", "TW", "PS", "EH", "XK"} <= with_demonym


@pytest.mark.parametrize("alias, iso", [
    ("Malian", "ML"), ("Chadian", "TD"), ("Tongan", "TO"),  # also small towns elsewhere
    ("Guinean", "GN"), ("Equatorial Guinean", "GQ"), ("Bissau-Guinean", "GW"),
    ("Papua New Guinean", "PG"), ("Sudanese", "SD"), ("South Sudanese", "SS"),
    ("Nigerian", "NG"), ("Nigerien", "NE"), ("Congolese", "CD"), ("Dominican", "DO"),
    ("Samoan", "WS"), ("American Samoan", "AS"), ("Ni-Vanuatu", "VU"), ("Sahrawi", "EH"),
    ("Kosovar", "XK"), ("Burkinabe", "BF"), ("Basotho", "LS"), ("Batswana", "BW"),
])
def test_demonym_geocodes_to_its_country(alias, iso):
    p = geocode(alias)
    assert p.kind == "country" and p.id == f"country:{iso}"


def test_demonyms_found_in_text():
    text = ("Malian and Nigerien officers met a Bissau-Guinean envoy, while Chadian "
            "traders and Equatorial Guinean diplomats waited for the Guinean minister.")
    found = {m.text: pm.place.id for pm in extract(text).places for m in pm.mentions}
    assert found == {
        "Malian": "country:ML", "Nigerien": "country:NE", "Bissau-Guinean": "country:GW",
        "Chadian": "country:TD", "Equatorial Guinean": "country:GQ", "Guinean": "country:GN",
    }


def test_region_demonyms_are_sourced_adjectives_of_curated_regions():
    """data/region_demonyms.csv: each row names a region of places.csv and a source;
    "European" reads as Europe, flagged as a demonym (so it is never a route stop)."""
    import csv

    from geo._data import data_path

    with data_path("region_demonyms.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with data_path("places.csv").open(encoding="utf-8", newline="") as fh:
        regions = {r["id"] for r in csv.DictReader(fh) if r["kind"] == "region"}
    assert rows and all(r["source"].strip() and r["id"] in regions for r in rows)
    ex = extract("European and Asian buyers met in Baku; trains run from Baku to Kars.")
    eu = next(pm for pm in ex.places if pm.place.id == "curated:europe")
    assert eu.mentions[0].text == "European"
    assert all("curated:europe" not in r.stops for r in ex.routes)


def test_the_two_congos_by_all_their_usual_names():
    text = ("Barges from the Democratic Republic of Congo and the DRC's miners reach Congo-Brazzaville; "
            "the Republic of Congo ships oil, and Congo-Kinshasa ships copper.")
    found = {m.text: pm.place.id for pm in extract(text).places for m in pm.mentions}
    assert found == {
        "Democratic Republic of Congo": "country:CD", "DRC": "country:CD", "Congo-Brazzaville": "country:CG",
        "Republic of Congo": "country:CG", "Congo-Kinshasa": "country:CD",
    }


@pytest.mark.parametrize("text, iso", [
    # news style: "Congo" alone is the larger Congo, unless the context is Brazzaville's
    ("Rebels in eastern Congo attacked villages near Goma.", "CD"),
    ("Copper from Congo is trucked to Durban.", "CD"),
    ("Congo and Gabon signed a deal in Brazzaville.", "CG"),
])
def test_congo_alone_follows_its_context(text, iso):
    found = {m.text: pm.place.country for pm in extract(text).places for m in pm.mentions}
    assert found["Congo"] == iso, found
