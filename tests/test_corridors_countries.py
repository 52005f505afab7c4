"""Countries crossed, measured on the full-resolution borders, without wobble; sea lines
on water."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
import yaml
from shapely.geometry import LineString

from geo.caspian import _land
from geo.corridors import as_place, route_from_stops
from geo.countries import countries_crossed, country_runs, without_excursions
from geo.networks import GEOD

DATA = Path(__file__).resolve().parent.parent / "data"
ROWS = {r["id"]: r for r in yaml.safe_load((DATA / "corridors.yaml").read_text(encoding="utf-8"))}


def _named(cid):
    r = ROWS[cid]
    if r.get("legs"):
        return route_from_stops("corridor", [], legs=r["legs"], status=r["status"], name=r["name"])
    return route_from_stops(r["mode"], r["stops"], status=r["status"], name=r["name"])


def test_seed_railway_reads_each_country_once():
    c = route_from_stops("rail", ["country:KG", "Bandar Abbas"], status="test_run")
    assert c.via_countries == ["KG", "KZ", "UZ", "TM", "IR"]


def test_seed_flight_reads_each_country_once():
    # the great circle dips back into Kazakhstan for ~75 km before the airport: a
    # geodesic is an idealised course, so that is no re-entry
    c = route_from_stops("air", ["Tehran", "Bishkek"], status="proposed")
    assert c.via_countries == ["IR", "TM", "UZ", "KZ", "KG"]


@pytest.mark.parametrize("cid,expected", [
    ("btc", ["AZ", "GE", "TR"]),
    ("cpc-pipeline", ["KZ", "RU"]),
    ("lapis-lazuli", ["AF", "TM", "AZ", "GE", "TR"]),
    ("middle-corridor", ["CN", "KZ", "AZ", "GE", "TR"]),
    ("btk-railway", ["AZ", "GE", "TR"]),
    ("zangezur-corridor", ["AZ", "AM", "AZ", "TR"]),
    ("ashgabat-agreement", ["OM", "IR", "TM", "UZ"]),
])
def test_named_corridors_cross_their_countries_once(cid, expected):
    assert _named(cid).via_countries == expected


def test_a_real_reentry_stays():
    # by rail from the Kyrgyz capital to the south of the country: round through
    # Kazakhstan and Uzbekistan, and back into Kyrgyzstan
    # (a journey of about 970 km: stated, so that the detour is the line the text means)
    c = route_from_stops("rail", ["Bishkek", "Jalal-Abad"], stated_length_km=970)
    assert c.geometry_source == "network"
    assert c.via_countries == ["KG", "KZ", "UZ", "KG"]


def test_track_between_stations_of_one_country_stays_in_it():
    # the main line south of Voronezh keeps to Russia since its bypass of the border
    assert route_from_stops("rail", ["Moscow", "Rostov-on-Don"]).via_countries == ["RU"]
    assert route_from_stops("rail", ["Kars", "Nakhchivan"], status="planned").via_countries == ["TR", "AZ"]


def test_short_reentries_are_dropped_and_long_ones_kept():
    runs = [["TM", 300.0], ["IR", 12.0], ["TM", 80.0], ["IR", 500.0]]
    assert [c for c, _ in without_excursions(runs, 15.0)] == ["TM", "IR"]
    runs = [["TM", 300.0], ["IR", 40.0], ["TM", 80.0], ["IR", 500.0]]
    assert [c for c, _ in without_excursions(runs, 15.0)] == ["TM", "IR", "TM", "IR"]
    # a country where the route stops has its own (smaller) limit
    runs = [["AZ", 90.0], ["AM", 33.0], ["AZ", 150.0]]
    assert [c for c, _ in without_excursions(runs, 100.0)] == ["AZ"]
    assert [c for c, _ in without_excursions(runs, 100.0, keep={"AM"}, keep_limit_km=15.0)] == [
        "AZ", "AM", "AZ"]


def test_runs_are_measured_on_full_resolution_borders():
    # Tashkent to Astana: a straight line from Uzbekistan into Kazakhstan
    line = LineString([(69.28, 41.31), (71.43, 51.13)])
    runs = country_runs(line)
    assert [c for c, _ in runs] == ["UZ", "KZ"]
    total = GEOD.geometry_length(line) / 1000
    assert sum(km for _, km in runs) == pytest.approx(total, rel=0.01)
    assert countries_crossed(line) == ["UZ", "KZ"]
    # a line at sea crosses no country
    assert countries_crossed(LineString([(50.5, 42.0), (51.0, 41.0)])) == []


@pytest.mark.parametrize("origin", ["Aktau", "Turkmenbashi", "Kuryk"])
def test_caspian_ferries_stay_on_water(origin):
    c = route_from_stops("sea", [origin, "Baku"])
    assert c.geometry_source == "schematic" and "Caspian" in c.note
    a, b = as_place(origin), as_place("Baku")
    # away from the two ports (which lie on land) the course never touches land: the
    # straight line from the east coast crosses the Absheron peninsula
    ends = shapely.union_all([shapely.Point(a.lon, a.lat).buffer(0.15),
                              shapely.Point(b.lon, b.lat).buffer(0.15)])
    assert not c.geometry.difference(ends).intersects(_land())
    straight = LineString([(a.lon, a.lat), (b.lon, b.lat)])
    if origin != "Turkmenbashi":
        assert straight.difference(ends).intersects(_land())
    assert c.via_countries[-1] == "AZ"


def test_caspian_ferry_names_no_country_it_does_not_touch():
    # the south-western coast to the Volga delta over the water, not over Azerbaijan
    c = route_from_stops("sea", ["Bandar Anzali", "Astrakhan"])
    assert c.via_countries == ["IR", "RU"]


def test_the_country_grid_agrees_with_the_polygons_everywhere():
    """Points read off the grid get the country a point-in-polygon test gives."""
    import numpy as np
    import shapely

    from geo.countries import _countries_of_points, _tree

    rng = np.random.default_rng(3)
    x, y = rng.uniform(-180, 180, 20_000), rng.uniform(-60, 75, 20_000)
    # and points close to borders and coasts, where cells are mixed
    codes, polys, tree = _tree()
    edge = shapely.get_coordinates(shapely.boundary(polys[[codes.index(c) for c in ("KG", "AZ", "GE")]]))
    pick = edge[rng.integers(0, len(edge), 5_000)] + rng.normal(0, 0.02, (5_000, 2))
    x, y = np.concatenate([x, pick[:, 0]]), np.concatenate([y, pick[:, 1]])
    got = _countries_of_points(x, y)
    pi, gi = tree.query(shapely.points(x, y), predicate="within")
    want = np.full(len(x), -1)
    want[pi] = gi
    assert (got == want).mean() == 1.0
