"""Curated logistics places (data/logistics_places.csv): border crossings, dry ports, oil and
gas terminals, freight stations and ports that news names as route ends.

The checks are on the data itself: shape, sources, coordinates inside the stated country and
border crossings at a border, no clash with data/places.csv or the rail stations, and no alias
that would take a large city's name elsewhere."""

from __future__ import annotations

import csv
import math
import re

import pytest
import shapely
from shapely.ops import nearest_points

import geo
from geo._data import data_path
from geo._text import name_key
from geo.countries import country_at, country_polygons
from geo.gazetteer import _rows_from_csv, default_gazetteer
from geo.networks import GEOD

KINDS = {"region", "water", "pass", "port", "station", "city"}
#: How far (km) a point may lie outside its stated country: border posts sit on the line and
#: Natural Earth's 1:10m borders are a few km off in places.
COUNTRY_SLACK_KM = 30
#: Offshore fields and terminals (their source says so) may lie further out at sea.
OFFSHORE_SLACK_KM = 100


def _read(name):
    with data_path(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _read("logistics_places.csv")


def _names(row):
    return [row["name"], *(a for a in row.get("aliases", "").split("|") if a.strip())]


def _km_to(geom, lat, lon):
    """Geodesic distance (km) from a point to the nearest point of a geometry."""
    pt = shapely.Point(lon, lat)
    if geom.covers(pt):
        return 0.0
    near = nearest_points(geom, pt)[0]
    return GEOD.inv(lon, lat, near.x, near.y)[2] / 1000


def test_columns_size_and_ids():
    with data_path("logistics_places.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with data_path("places.csv").open(encoding="utf-8", newline="") as fh:
        assert header == next(csv.reader(fh))
    assert 300 <= len(ROWS) <= 900
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)] == []
    assert set(ids).isdisjoint(r["id"] for r in _read("places.csv"))


def test_kinds_sources_and_coordinates_are_valid():
    assert {r["kind"] for r in ROWS} <= KINDS
    assert [r["id"] for r in ROWS if not r["source"].strip()] == []
    for r in ROWS:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["id"]
        assert re.fullmatch(r"-?\d+\.\d{2,4}", r["lat"]) and re.fullmatch(r"-?\d+\.\d{2,4}", r["lon"]), r["id"]
        assert r["country"] == "" or re.fullmatch(r"[A-Z]{2}", r["country"]), r["id"]
        assert all(n == n.strip() and n for n in _names(r)), r["id"]


def test_the_project_reader_loads_every_row():
    got = list(_rows_from_csv(data_path("logistics_places.csv"), prefix="curated", source_default=None))
    assert len(got) == len(ROWS)
    assert {rec.kind for rec, _ in got} <= KINDS


def test_points_lie_in_or_next_to_their_country():
    polys = country_polygons()
    off = []
    for r in ROWS:
        lat, lon = float(r["lat"]), float(r["lon"])
        slack = OFFSHORE_SLACK_KM if "offshore" in r["source"] else COUNTRY_SLACK_KM
        if r["country"]:
            assert r["country"] in polys.index, r["id"]
            if country_at(lon, lat) != r["country"]:
                km = _km_to(polys.at[r["country"], "geometry"], lat, lon)
                if km > slack:
                    off.append((r["id"], r["country"], country_at(lon, lat), round(km)))
        elif country_at(lon, lat) is None:
            # a crossing shared by two countries (a bridge, a tunnel): it must touch land
            km = min(_km_to(g, lat, lon) for g in polys.geometry)
            if km > slack:
                off.append((r["id"], None, None, round(km)))
    assert off == []


def test_border_crossings_lie_at_a_border():
    polys = country_polygons()
    far = []
    for r in ROWS:
        if "border" not in " ".join(_names(r)).lower():
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        code = r["country"] or country_at(lon, lat)
        km = _km_to(polys.at[code, "geometry"].boundary, lat, lon)
        if km > COUNTRY_SLACK_KM:
            far.append((r["id"], round(km)))
    assert far == []


def test_both_sides_of_a_crossing_are_in_different_countries():
    # Petrapole (India) faces Benapole (Bangladesh); Erenhot (China) faces Zamyn-Uud (Mongolia).
    by_id = {r["id"]: r for r in ROWS}
    for a, b in [("petrapole", "benapole"), ("erenhot-station", "zamyn-uud-station"),
                 ("kapikule", "kapitan-andreevo"), ("mohan-port", "boten"),
                 ("vaalimaa", "torfyanovka"), ("habur", "ibrahim-khalil")]:
        ra, rb = by_id[a], by_id[b]
        assert ra["country"] != rb["country"]
        km = GEOD.inv(float(ra["lon"]), float(ra["lat"]), float(rb["lon"]), float(rb["lat"]))[2] / 1000
        assert km < 15, (a, b, km)


def test_no_name_is_taken_twice():
    own = {}
    for r in ROWS:
        key = name_key(r["name"])
        assert key not in own, (r["id"], own.get(key))
        own[key] = r["id"]
    clashes = [(r["id"], n, own[name_key(n)]) for r in ROWS for n in _names(r)
               if own.get(name_key(n), r["id"]) != r["id"]]
    assert clashes == []
    curated = {name_key(n) for p in _read("places.csv") for n in _names(p)}
    curated |= {name_key(s["name"]) for s in _read("rail/stations.csv")}
    assert [(r["id"], n) for r in ROWS for n in _names(r) if name_key(n) in curated] == []


def test_no_alias_takes_the_name_of_a_big_city_elsewhere():
    gaz = default_gazetteer()
    shadows = []
    for r in ROWS:
        lat, lon = float(r["lat"]), float(r["lon"])
        for n in _names(r):
            for rec, _ in gaz.candidates(name_key(n)):
                if rec.kind == "city" and rec.population >= 20000:
                    km = GEOD.inv(lon, lat, rec.lon, rec.lat)[2] / 1000
                    if km > 60:
                        shadows.append((r["id"], n, rec.name, rec.country))
    assert shadows == []


@pytest.mark.parametrize("query, row_id", [
    ("Petrapole", "petrapole"),
    ("Zamiin-Uud station", "zamyn-uud-station"),
    ("ICD Tughlakabad", "tughlakabad-icd"),
    ("Malaszewicze", "malaszewicze"),
    ("Kapikule border crossing", "kapikule"),
])
def test_rows_resolve_by_their_aliases(query, row_id):
    p = geo.geocode(query, extra_places=data_path("logistics_places.csv"))
    assert p.id == f"user:{row_id}"
    row = next(r for r in ROWS if r["id"] == row_id)
    assert math.isclose(p.lat, float(row["lat"])) and p.kind == row["kind"]
