"""Maps from routes that state some fields and not others: no crash, no "nan" anywhere.

A route may lack a name, a status, a length, stops or a geometry; one map may hold routes
of every kind. Missing values are None in the frames (never NaN), null in JSON and left out
of popups and tooltips.
"""

from __future__ import annotations

import json
import math
import re

import geopandas as gpd
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from geo.export import render_html
from geo.maps import _CorridorLayer, corridor_map
from geo.mapdata import map_frames

# (id, name, lon, lat): a few real cities, enough for routes of two or three stops
CITIES = [("geonames:587084", "Baku", 49.892, 40.378), ("geonames:611717", "Tbilisi", 44.834, 41.691),
          ("geonames:616052", "Yerevan", 44.513, 40.178), ("geonames:1528675", "Bishkek", 74.59, 42.87),
          ("geonames:112931", "Tehran", 51.421, 35.694)]
MODES = ["rail", "air", "road", "sea", "pipeline", "corridor"]
STATUSES = ["proposed", "planned", "under_construction", "test_run", "operational", "suspended"]
NAN_WORD = re.compile(r"\b(nan|none|null|undefined)\b", re.IGNORECASE)


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def route(draw):
    stops = draw(st.lists(st.sampled_from(CITIES), min_size=0, max_size=3, unique=True))
    geometry = None
    if draw(st.booleans()) and len(stops) >= 2:
        geometry = {"type": "LineString", "coordinates": [[lon, lat] for _, _, lon, lat in stops]}
    return {"mode": draw(st.sampled_from(MODES)),
            "name": draw(_maybe(st.sampled_from(["Middle Corridor", "Trans-Caspian link", "<b>x</b> & y"]))),
            "status": draw(_maybe(st.sampled_from(STATUSES))),
            "length_km": draw(_maybe(st.floats(min_value=1, max_value=9000))),
            "via_countries": draw(_maybe(st.lists(st.sampled_from(["AZ", "GE", "AM", "IR"]), max_size=3))),
            "geometry_source": draw(_maybe(st.sampled_from(["network", "schematic", "geodesic", "sea-lane"]))),
            "sentence": draw(_maybe(st.just("A line was mentioned."))),
            "stops": [{"id": i, "name": n, "lon": lon, "lat": lat} for i, n, lon, lat in stops],
            "geometry": geometry}


def _record(routes, *, title=None, date=None):
    places = {}
    for r in routes:
        for s in r["stops"]:
            places[s["id"]] = {"id": s["id"], "name": s["name"], "kind": "city", "lat": s["lat"],
                               "lon": s["lon"], "mentions": []}
    return {"schema_version": 1, "source": "made-up.txt", "title": title, "date": date,
            "places": list(places.values()), "routes": routes}


def _no_nan(frame):
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        for v in frame[col]:
            assert not (isinstance(v, float) and math.isnan(v)), (col, list(frame[col]))


def _popup_fields(m) -> list[dict]:
    out = []
    for el in _walk(m):
        if isinstance(el, _CorridorLayer):
            out += [f["properties"]["p"] for f in json.loads(el.data_json)["features"]]
    return out


def _walk(el):
    yield el
    for child in el._children.values():
        yield from _walk(child)


def _drawable(r) -> bool:
    return r["geometry"] is not None or len(r["stops"]) >= 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(route(), min_size=0, max_size=6))
def test_maps_from_any_mix_of_stated_and_missing_fields(routes):
    places, corridors = map_frames(_record(routes))
    _no_nan(places)
    _no_nan(corridors)
    m = corridor_map((places, corridors), offline=True)
    render_html(m)
    fields = _popup_fields(m)
    assert len(fields) == len(corridors[corridors.geometry.notna()])
    for p in fields:
        assert p["h"]  # every line has a label: its name, "A – B" or its mode
        for key, value in p.items():
            assert value not in ("", None), key
            if key not in ("q",):
                assert not NAN_WORD.search(str(value)), (key, value)
        if "s" in p:
            assert p["s"].replace(" ", "_") in STATUSES


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(route(), min_size=1, max_size=5))
def test_frames_given_by_the_caller_with_nan_cells(routes):
    # pandas puts NaN where a record lacks a key or holds None in a float column
    rows = [{k: v for k, v in r.items() if v is not None and k != "geometry"} for r in routes
            if _drawable(r)]
    geoms = [LineString([(s["lon"], s["lat"]) for s in r["stops"]]) for r in routes if _drawable(r)]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows, columns=["mode", "name", "status", "length_km", "stops"]),
                             geometry=geoms, crs="EPSG:4326")
    places, corridors = map_frames(frame)
    _no_nan(corridors)
    m = corridor_map(frame, offline=True)
    for p in _popup_fields(m):
        for key, value in p.items():
            assert not NAN_WORD.search(str(value)), (key, value)


def test_unnamed_route_without_status_reads_plainly():
    r = {"mode": "road", "name": None, "status": None, "length_km": None, "via_countries": None,
         "geometry_source": None, "sentence": None,
         "stops": [{"id": i, "name": n, "lon": lon, "lat": lat} for i, n, lon, lat in CITIES[1:3]],
         "geometry": None}
    named = dict(r, name="Old Military Road", status="planned", mode="rail")
    places, corridors = map_frames(_record([r, named]))
    assert corridors["status"].tolist() == [None, "planned"]
    assert corridors["length_km"].tolist() == [None, None]
    fields = {p["h"]: p for p in _popup_fields(corridor_map((places, corridors), offline=True))}
    assert fields["Tbilisi – Yerevan"] == {"h": "Tbilisi – Yerevan", "st": "Tbilisi → Yerevan",
                                           "g": "schematic", "src": "made-up.txt", "n": 1}
    assert fields["Old Military Road"]["s"] == "planned"


def test_article_mixing_routes_with_and_without_status(tmp_path):
    from geo.export import save_html
    from geo.extraction import extract

    text = ("Freight trains on the Baku-Tbilisi-Kars railway have run since 2017. "
            "Airlines plan flights from Baku to Istanbul.\nA road from Tbilisi to Yerevan was repaired.\n")
    ex = extract(text, source="mix.txt")
    statuses = {r.status for r in ex.routes}
    assert None in statuses and len(statuses) > 1, statuses  # the mix that used to crash
    out = save_html(corridor_map(ex, offline=True), tmp_path / "mix.html", offline=True)
    assert not NAN_WORD.search(" ".join(str(v) for p in _popup_fields(corridor_map(ex, offline=True))
                                        for v in p.values()))
    assert out.stat().st_size > 0
