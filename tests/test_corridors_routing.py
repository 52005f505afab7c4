"""Transit as stated (constrained routing) and planned lines along their own stops."""

from __future__ import annotations

import pytest

from geo.corridors import corridor_for_route, route_from_stops
from geo.networks import rail_network
from geo.routes import Route


def _path_nodes(c):
    return [s["node_id"].split(":", 1)[1] for s in c.stops]


def test_a_country_the_text_rules_out_is_avoided():
    # the shortest rail path from Tehran to Almaty runs through Uzbekistan
    free = route_from_stops("rail", ["Tehran", "Almaty"])
    assert "UZ" in free.via_countries
    # "... a 3,900 km journey that bypasses Uzbekistan"
    c = route_from_stops("rail", ["Tehran", "Almaty"], avoid=["UZ"], stated_length_km=3900)
    assert c.geometry_source == "network" and c.reason is None
    assert c.via_countries == ["IR", "TM", "KZ"]
    assert c.length_km > free.length_km


def test_a_stated_transit_country_rules_out_the_others():
    # "in transit through Turkmenistan": the same path, from the stops alone
    c = route_from_stops("rail", ["Tehran", "Turkmenistan", "Almaty"], stated_length_km=3900)
    assert c.geometry_source == "network" and c.via_countries == ["IR", "TM", "KZ"]
    # the transit stop is where the path enters the country, not its capital
    assert c.stops[1]["node_id"] != "station:ashgabat"
    assert rail_network().graph.nodes[c.stops[1]["node_id"].split(":")[1]]["country"] == "TM"


def test_transit_passes_through_the_country_not_its_capital():
    c = route_from_stops("rail", ["Urumqi", "Kazakhstan", "Tashkent"])
    assert c.geometry_source == "network" and c.via_countries == ["CN", "KZ", "UZ"]
    assert c.length_km < 2000  # Astana is ~1,000 km off the way
    assert c.stops[1]["node_id"] != "station:astana"


def test_a_transit_the_network_cannot_keep_to_is_schematic_with_a_note():
    # from China through Kyrgyzstan to Iran the track runs through Uzbekistan and
    # Turkmenistan, which the route does not name
    c = route_from_stops("rail", ["China", "Kyrgyzstan", "Iran"])
    assert c.geometry_source == "schematic" and c.geometry is not None
    assert "keeps to the countries" in c.note
    assert c.via_countries == ["CN", "KG", "IR"]


def test_a_transit_kept_to_by_a_caspian_ferry():
    # no track crosses the Caspian: rail from China through Kazakhstan to Azerbaijan alone
    # takes a rail ferry, not the track round through Russia or Turkmenistan
    c = route_from_stops("rail", ["China", "Kazakhstan", "Azerbaijan"])
    assert c.geometry_source == "network" and c.via_countries == ["CN", "KZ", "AZ"]
    assert c.note.startswith("rail + ferry") and "ferry (Caspian Sea)" in c.note


def test_avoidance_the_network_cannot_meet_is_schematic_with_a_note():
    c = route_from_stops("rail", ["Bishkek", "Tashkent"], avoid=["KZ"])
    assert c.geometry_source == "schematic" and "avoids KZ" in c.note
    # the straight sketch would cut ~12 km through Kazakhstan: it is bent round it
    from geo.countries import country_runs

    assert "bent round KZ" in c.note and "KZ" not in {k for k, _ in country_runs(c.geometry)}


def test_a_planned_line_is_not_drawn_over_track_through_a_third_country():
    c = route_from_stops("rail", ["Kashgar", "Andijan"], status="planned")
    assert c.geometry_source == "schematic"
    assert "planned line is drawn along its stops" in c.note and "KG" in c.note
    # stated through its own alignment, the line follows its own (unbuilt) links
    c = route_from_stops("rail", ["Kashgar", "Torugart Pass", "Jalal-Abad", "Andijan"],
                         status="under_construction")
    assert c.geometry_source == "network" and "under construction" in c.note
    assert c.via_countries == ["CN", "KG", "UZ"]


def test_a_planned_line_within_its_stated_length_follows_its_own_links():
    c = route_from_stops("rail", ["Kars", "Nakhchivan"], status="planned", stated_length_km=224)
    assert c.geometry_source == "network" and "planned" in c.note
    assert c.via_countries == ["TR", "AZ"]
    assert 224 <= c.length_km <= 224 * 1.25
    assert c.stated_length_km == 224


def test_a_path_over_a_quarter_longer_than_stated_is_schematic():
    c = route_from_stops("rail", ["Kars", "Nakhchivan"], status="planned", stated_length_km=150)
    assert c.geometry_source == "schematic"
    assert "25% longer than the stated 150 km" in c.note


def test_a_detour_over_1_6_times_the_geodesic_is_schematic():
    # our network has no direct Chongqing–Lanzhou line: the path via Chengdu and Baoji
    # is ~1.63 times the distance
    c = route_from_stops("rail", ["Chongqing", "Lanzhou"])
    assert c.geometry_source == "schematic" and "1.6 times" in c.note
    # through Chengdu, as stated, it is the line
    assert route_from_stops("rail", ["Chongqing", "Chengdu", "Lanzhou"]).geometry_source == "network"


def test_corridor_for_route_reads_the_stated_length_and_ruled_out_countries():
    r = Route("rail", ["Tehran", "Almaty"], sentence="The 3,900 km run avoids one neighbour.",
              avoid=["country:UZ"])
    c = corridor_for_route(r)
    assert c.stated_length_km == 3900.0 and c.via_countries == ["IR", "TM", "KZ"]
    rec = c.to_record()
    assert rec["stated_length_km"] == 3900.0 and rec["note"] is None


@pytest.mark.parametrize("status", [None, "operational"])
def test_routes_without_constraints_are_unchanged(status):
    c = route_from_stops("rail", ["Baku", "Kars"], status=status)
    assert c.geometry_source == "network" and c.via_countries == ["AZ", "GE", "TR"]


def test_a_named_line_called_by_its_countries_runs_along_its_own_alignment():
    from geo.extraction import extract

    ex = extract("Builders started on the China–Kyrgyzstan–Uzbekistan railway in the mountains.")
    route = next(r for r in ex.routes if r.corridor_id == "cku-railway")
    c = corridor_for_route(route, ex)
    # Kashgar – Torugart – Jalal-Abad – Andijan, not Beijing – Almaty – Bishkek – Tashkent
    assert c.geometry_source == "network" and c.via_countries == ["CN", "KG", "UZ"]
    assert c.length_km < 700
    assert [s["node_id"] for s in c.stops][0] == "station:kashgar"


@pytest.mark.parametrize("text, closed, not_in", [
    ("Container ships now sail from Shanghai to Rotterdam around the Cape of Good Hope.",
     {"suez", "babalmandab"}, "EG"),
    ("Tankers from Ras Tanura to Rotterdam avoid the Red Sea.", {"suez", "babalmandab"}, "EG"),
    ("Ships from Singapore to Felixstowe sail rather than through the Suez Canal.", {"suez"}, "EG"),
])
def test_a_sea_route_keeps_out_of_the_passages_the_text_rules_out(text, closed, not_in):
    from geo import extract

    ex = extract(text)
    (r,) = [r for r in ex.routes if r.mode == "sea"]
    c = corridor_for_route(r, ex)
    assert not_in not in c.via_countries and all(p in c.note for p in closed), (c.via_countries, c.note)
    # the same route without the words that rule the passage out goes by Suez
    plain = corridor_for_route(Route("sea", r.stops), ex)
    assert not_in in plain.via_countries and plain.length_km < c.length_km


def test_a_rail_route_keeps_out_of_a_country_the_text_rules_out():
    from geo import extract

    ex = extract("Freight trains from Tehran to Almaty now run avoiding Uzbekistan.")
    (r,) = [r for r in ex.routes if r.mode == "rail"]
    assert [ex.place(p).country for p in r.avoid] == ["UZ"]
    assert "UZ" not in corridor_for_route(r, ex).via_countries
    assert "UZ" in corridor_for_route(Route("rail", r.stops), ex).via_countries


# our own sentence: a train that can keep out of Russia only by the Caspian ferry
AVOIDING_RUSSIA = "A container train ran from Xi'an to Duisburg, avoiding Russia."


def test_rail_that_avoids_a_country_by_ferry_is_rail_and_ferry():
    from shapely.geometry import LineString

    from geo import extract
    from geo._ferries import FERRY, rail_and_ferries
    from geo.caspian import _on_water
    from geo.corridors import corridor_for_route

    ex = extract(AVOIDING_RUSSIA)
    (route,) = ex.routes
    c = corridor_for_route(route, ex)
    assert c.geometry_source == "network" and c.reason is None
    assert "RU" not in c.via_countries and "BY" not in c.via_countries
    assert c.via_countries[0] == "CN" and c.via_countries[-1] == "DE"
    # across the Caspian to Azerbaijan, then Georgia, Turkey and the Balkans by rail
    i = c.via_countries.index("AZ")
    assert "KZ" in c.via_countries[:i] and c.via_countries[i:i + 3] == ["AZ", "GE", "TR"]
    assert c.note.startswith("rail + ferry: no rail track keeps out of RU")
    # its legs: by rail to a Caspian port, the ferry, by rail on from Azerbaijan
    assert [leg.mode for leg in c.legs] == ["rail", "sea", "rail"]
    assert c.legs[1].note in c.note and c.legs[2].via_countries[:3] == ["AZ", "GE", "TR"]
    assert sum(leg.length_km for leg in c.legs) == pytest.approx(c.length_km, rel=1e-6)
    line = LineString(c.geometry.coords) if c.geometry.geom_type == "LineString" else c.geometry
    for u, v, d in rail_and_ferries().graph.edges(data=True):
        if d.get("mode") != FERRY:
            continue
        seg = d["geometry"]  # its course: on water between the two port stations
        assert all(_on_water(a, b) for a, b in zip(seg[1:-2], seg[2:-1])), (u, v)
        if d["line"] in c.note:
            assert line.buffer(1e-6).contains(LineString(seg[1:-1])), "the ferry leg is drawn"


def test_the_plain_rail_network_has_no_ferry():
    from geo._ferries import FERRY

    assert not any(d.get("mode") == FERRY for *_, d in rail_network().graph.edges(data=True))
    c = route_from_stops("rail", ["Aktau", "Baku"])  # nothing ruled out: the track round
    assert "ferry" not in (c.note or "")


def test_a_sketch_is_bent_round_the_country_the_text_rules_out():
    from geo import extract
    from geo.corridors import corridor_for_route
    from geo.countries import countries_crossed

    # our own sentence: the straight line Tbilisi – Tabriz crosses Armenia
    ex = extract("Trucks drove from Tbilisi to Tabriz, avoiding Armenia.")
    (route,) = ex.routes
    c = corridor_for_route(route, ex)
    assert c.mode == "road" and c.geometry_source == "schematic"
    assert "AM" not in countries_crossed(c.geometry, min_km=0, reentry_km=0)
    assert c.via_countries[0] == "GE" and c.via_countries[-1] == "IR" and "AM" not in c.via_countries
    assert "bent round AM, which the text rules out" in c.note
    straight = route_from_stops("road", ["Tbilisi", "Tabriz"])
    assert "AM" in countries_crossed(straight.geometry) and straight.note is None
    assert straight.length_km < c.length_km < 1.5 * straight.length_km


def test_a_sketch_that_cannot_keep_out_says_it_crosses():
    c = route_from_stops("road", ["Yerevan", "Baku"], avoid=["AM"])  # a stop lies in it
    assert c.geometry_source == "schematic"
    assert "the drawn line crosses AM, which the text rules out (a stop lies in it)" in c.note
