"""Corridors drawn by mode, and checks on every curated rail row."""

from __future__ import annotations

import csv
import itertools
import warnings
from pathlib import Path

import networkx as nx
import pytest
import yaml
from shapely.geometry import LineString, MultiLineString

from geo.corridors import (corridors_from_routes, great_circle, route_from_stops,
                           split_antimeridian)
from geo.extraction import extract
from geo.gazetteer import default_gazetteer
from geo.networks import GEOD, network_from_file, rail_network

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / "rail" / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- seed


def test_seed_railway_through_uzbekistan_and_turkmenistan():
    c = route_from_stops("rail", ["country:KG", "Bandar Abbas"], status="test_run")
    assert c.geometry_source == "network" and c.reason is None
    codes = c.via_countries
    assert codes[0] == "KG" and codes[-1] == "IR"
    i_uz, i_tm = codes.index("UZ"), codes.index("TM")
    assert i_uz < i_tm < len(codes) - 1 - codes[::-1].index("IR")
    assert 3000 <= c.length_km <= 4500
    assert c.stops[0]["node_id"].startswith("station:")


def test_seed_flights_between_main_airports():
    c = route_from_stops("air", ["Tehran", "Bishkek"], status="proposed")
    assert [s["node_id"] for s in c.stops] == ["iata:IKA", "iata:BSZ"]
    assert 2150 <= c.length_km <= 2200
    assert c.geometry_source == "geodesic"
    # at least one point per 50 km
    assert len(c.geometry.coords) - 1 >= c.length_km / 50


def test_seed_article_corridors(seed_retelling):
    frame = extract(seed_retelling).routes_frame()
    assert frame.crs.to_epsg() == 4326
    by_mode = {row.mode: row for row in frame.itertuples()}
    assert by_mode["rail"].geometry_source == "network" and by_mode["air"].geometry_source == "geodesic"
    assert by_mode["rail"].status == "test_run" and by_mode["air"].status == "proposed"


# --------------------------------------------------------------------------- air


def test_antimeridian_flight_is_split():
    c = route_from_stops("air", ["Vladivostok", "Anchorage"])
    assert isinstance(c.geometry, MultiLineString) and c.geometry.is_valid
    for part in c.geometry.geoms:
        xs = [x for x, _ in part.coords]
        assert max(xs) - min(xs) <= 180
        for (x0, _), (x1, _) in zip(part.coords, part.coords[1:]):
            assert abs(x1 - x0) < 180
    assert c.via_countries[0] == "RU" and c.via_countries[-1] == "US"


def test_split_antimeridian_interpolates_edge():
    parts = split_antimeridian([(170, 0), (-170, 10)])
    assert [[tuple(map(float, c)) for c in p] for p in parts] == [
        [(170.0, 0.0), (180.0, 5.0)], [(-180.0, 5.0), (-170.0, 10.0)]]


def test_great_circle_spacing():
    pts = great_circle(0, 0, 10, 0, step_km=50)
    steps = [GEOD.inv(*a, *b)[2] / 1000 for a, b in zip(pts, pts[1:])]
    assert max(steps) <= 50.0001 and tuple(pts[0]) == (0, 0) and tuple(pts[-1]) == (10, 0)


# --------------------------------------------------------------------------- sea


def test_sea_lane_bandar_abbas_mumbai():
    c = route_from_stops("sea", ["Bandar Abbas", "Mumbai"])
    assert c.geometry_source == "sea-lane"
    assert 1800 <= c.length_km <= 2400
    assert c.via_countries[0] == "IR" and c.via_countries[-1] == "IN"
    assert [s["node_id"] for s in c.stops] == ["port:IRBND", "port:INBOM"]


@pytest.mark.parametrize("origin", ["Turkmenbashi", "Aktau"])
def test_caspian_ferry_is_schematic_over_water(origin):
    c = route_from_stops("sea", [origin, "Baku"])
    assert c.geometry_source == "schematic" and "Caspian" in c.note
    assert 200 <= c.length_km <= 450
    assert c.via_countries[-1] == "AZ"


def test_far_port_warns():
    with pytest.warns(UserWarning, match="nearest sea port"):
        route_from_stops("sea", ["Almaty", "Mumbai"])


# --------------------------------------------------------------------------- road, pipeline, corridors


def test_road_and_pipeline_are_schematic():
    c = route_from_stops("pipeline", ["Baku", "Tbilisi", "Ceyhan"])
    assert c.geometry_source == "schematic" and c.via_countries[:2] == ["AZ", "GE"]
    assert c.via_countries[-1] == "TR"


def test_named_multimodal_corridor_legs():
    ex = extract("Cargo on the International North–South Transport Corridor keeps growing.")
    route = ex.routes[0]
    assert route.mode == "corridor" and route.legs
    frame = corridors_from_routes(ex)
    row = frame.iloc[0]
    modes = [leg["mode"] for leg in row["legs"]]
    assert modes[0] == "sea" and "rail" in modes
    assert row["legs"][0]["geometry_source"] == "sea-lane"
    assert "IN" in row["via_countries"] and "IR" in row["via_countries"]


def test_corridors_yaml_rows_have_sources_and_resolve():
    rows = yaml.safe_load((DATA / "corridors.yaml").read_text(encoding="utf-8"))
    drawn = 0
    for row in rows:
        assert row["sources"], row["id"]
        assert bool(row.get("legs")) != bool(row.get("stops")), row["id"]
        c = route_from_stops(row.get("mode", "corridor"), row.get("stops") or [],
                             legs=row.get("legs"), name=row["name"], status=row["status"],
                             countries=False)
        assert c.geometry is not None, (row["id"], c.reason)
        if row.get("mode") == "rail":
            # rail beyond our network's coverage is a schematic line that says why
            assert c.geometry_source == "network" or "rail network" in (c.note or ""), (row["id"], c.note)
            drawn += c.geometry_source == "network"
    rail = [r for r in rows if r.get("mode") == "rail"]
    assert drawn >= len(rail) - 3  # planned lines off the network and the Land Bridge (issue 12)


def test_failures_are_reported_not_raised():
    frame = corridors_from_routes([
        extract("A railway from Tehran to Mashhad opened."),
        extract("Flights from Nowhere-on-earth to Bishkek."),
    ])
    assert len(frame) == 1
    # a line our rail network does not reach is drawn through its stops, and says so
    off = route_from_stops("rail", ["Tokyo", "Osaka"])
    assert off.geometry_source == "schematic" and "station" in off.note
    unknown = route_from_stops("air", ["Qwertyuiopville", "Bishkek"])
    assert unknown.geometry is None and "No place named" in unknown.reason


def test_stops_as_points_and_ids():
    c = route_from_stops("road", [(69.24, 41.30), "geonames:1528675"])
    assert c.geometry_source == "schematic" and c.via_countries[0] == "UZ"


# --------------------------------------------------------------------------- rail data


def test_rail_links_refer_to_stations_without_duplicates():
    stations = {r["id"] for r in _rows("stations.csv")}
    seen = set()
    for r in _rows("links.csv"):
        assert r["from"] in stations and r["to"] in stations, r
        pair = frozenset((r["from"], r["to"]))
        assert pair not in seen, f"duplicate link {sorted(pair)}"
        seen.add(pair)
        assert r["source"].strip() and r["status"] in (
            "operational", "under_construction", "planned", "proposed")


def test_rail_stations_are_sourced_and_near_geonames():
    gaz = default_gazetteer()
    for r in _rows("stations.csv"):
        assert r["source"].strip(), r["id"]
        if r["geonames_id"]:
            rec = gaz.get(f"geonames:{r['geonames_id']}")
            assert rec is not None, r
            km = GEOD.inv(float(r["lon"]), float(r["lat"]), rec.lon, rec.lat)[2] / 1000
            assert km <= 5, f"{r['id']} is {km:.1f} km from GeoNames {r['geonames_id']}"


def test_no_gap_over_150_km():
    net = rail_network()
    long = [(u, v, round(d["length_km"])) for u, v, d in net.graph.edges(data=True)
            if d["length_km"] > 150]
    assert not long


def test_rail_network_connected_where_real_network_is():
    g = rail_network().graph
    # With every link, the network is one piece.
    assert nx.is_connected(g)
    op = g.edge_subgraph([(u, v) for u, v, d in g.edges(data=True) if d["status"] == "operational"])
    main = max(nx.connected_components(op), key=len)
    countries = {g.nodes[n]["country"] for n in main}
    assert {"KZ", "KG", "UZ", "TM", "TJ", "IR", "AF", "PK", "CN", "RU"} <= countries
    for a, b in [("baku", "kars"), ("osh", "andijan")]:
        assert nx.has_path(op, a, b)


def test_routed_lengths_match_published_lengths():
    lines = _rows("lines.csv")
    assert len(lines) >= 5
    net = rail_network()
    for row in lines:
        path = net.shortest_path(row["from"], row["to"], allow_unbuilt=True)
        published = float(row["published_length_km"])
        assert abs(path.length_km - published) / published <= 0.15, (row["line"], path.length_km)
        assert row["source"].strip()


def test_planned_links_only_for_planned_routes():
    operational = route_from_stops("rail", ["Qazvin", "Hashtpar"])
    assert operational.note and "planned" in operational.note  # no operational path exists
    planned = route_from_stops("rail", ["Kashgar", "Andijan"], status="planned")
    assert planned.geometry is not None and "KG" in planned.via_countries


# --------------------------------------------------------------------------- user networks


def test_network_from_file(tmp_path):
    import geopandas as gpd

    # two lines that meet within 20 m, plus an island
    lines = [
        LineString([(69.0, 41.0), (69.5, 41.2), (70.0, 41.0)]),
        LineString([(70.0001, 41.0001), (70.5, 40.8), (71.0, 40.5)]),
        LineString([(80.0, 40.0), (80.5, 40.5)]),
    ]
    path = tmp_path / "lines.gpkg"
    gpd.GeoDataFrame({"name": ["a", "b", "c"]}, geometry=lines, crs="EPSG:4326").to_file(path)
    with pytest.warns(UserWarning, match="2 disconnected parts"):
        net = network_from_file(path, mode="rail", tolerance_m=50)
    assert net.n_components == 2 and net.graph.number_of_nodes() == 5
    c = route_from_stops("rail", [(69.0, 41.0), (71.0, 40.5)], network=net)
    assert c.geometry_source == "network"
    assert len(c.geometry.coords) == 5  # follows the lines' own vertices, junction shared
    expected = sum(GEOD.line_length(*zip(*ln.coords)) for ln in lines[:2]) / 1000
    assert c.length_km == pytest.approx(expected, rel=0.01)
    far = route_from_stops("rail", [(69.0, 41.0), (80.5, 40.5)], network=net)
    assert far.geometry_source == "schematic" and "no rail path" in far.note


def test_network_from_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        network_from_file(tmp_path / "none.gpkg")


def test_border_excursions_collapse():
    """A line along a border reads each country once: A B A with little of B is A."""
    from geo.corridors import _without_excursions

    runs = [["TM", 300.0], ["IR", 20.0], ["TM", 80.0], ["IR", 500.0]]
    assert [c for c, _ in _without_excursions(runs, 60.0)] == ["TM", "IR"]
    # a real transit is kept, and so are the ends
    runs = [["KZ", 5.0], ["KG", 400.0], ["KZ", 300.0]]
    assert [c for c, _ in _without_excursions(runs, 60.0)] == ["KZ", "KG", "KZ"]


def test_country_chain_is_via_the_countries_stated():
    """A sketch through country points is via the stated countries, not the ones its
    straight segments happen to cross."""
    c = route_from_stops("pipeline", ["Turkmenistan", "Uzbekistan", "Tajikistan", "Kyrgyzstan", "China"])
    assert c.geometry_source == "schematic"
    assert c.via_countries == ["TM", "UZ", "TJ", "KG", "CN"]


def test_schematic_lines_are_via_the_countries_between_non_neighbours_only():
    """A straight sketch between neighbours names no third country (Baku – Ceyhan does not
    cross Iran); between stops in countries that share no border it names the ones it
    crosses (Kashgar – Tashkent is via Kyrgyzstan)."""
    assert route_from_stops("pipeline", ["Baku", "Ceyhan"]).via_countries == ["AZ", "TR"]
    assert route_from_stops("road", ["Kashgar", "Tashkent"]).via_countries == ["CN", "KG", "UZ"]
