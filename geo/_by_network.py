"""Routes over a network (our rail network or a user's): the shortest path through the
stops and any stated transit country, and the tests that tell when that path is not the
line the text states (a stated length exceeded, a detour, a planned line over existing
track through a third country).
"""

from __future__ import annotations

from geo._corridor import Corridor
from geo._errors import RoutingError
from geo._lines import _make_geometry, split_antimeridian
from geo._stops import _capital, _point_of, _stop_dict
from geo.countries import SKETCH_REENTRY_KM, countries_crossed, country_at
from geo.geocoding import Place
from geo.networks import GEOD, Network, rail_network


_UNBUILT = "uses links that are "


_NOT_BUILT = ("proposed", "planned", "under_construction")


#: A network path longer than the length the text states by more than this share is
#: not the line the text means: it is drawn schematic.
STATED_SLACK = 0.25


#: With no stated length, a network path longer than this many times the geodesic
#: through its stops is a detour the text does not state: drawn schematic.
MAX_DETOUR = 1.6


def _through(places, nodes, network: Network, transit, avoid: set, unbuilt_ok: bool):
    """The path through the stated transit countries (any of their stations, not their
    capitals) that keeps out of ``avoid``. A transit stated in the text rules out the
    countries it does not name: the path keeps to the countries of the stops (a China to
    Azerbaijan train via Kazakhstan does not run through Russia or Turkmenistan); where
    the network has no such path, the route is drawn schematic through its stops."""
    layers = [[n for n, d in network.graph.nodes(data=True) if d.get("country") == places[i].country]
              if i in transit else [nodes[i]] for i in range(len(places))]
    named = {p.country or country_at(p.lon, p.lat) for p in places} - {None}
    others = {c for c in set(network._country) if c} - named
    out = avoid | others if transit else avoid
    # our rail network can take the rail ferries across the Caspian where no track keeps
    # to what the text states: a ferry that sails today comes before track not yet built
    nets = [network]
    if network is rail_network():
        from geo._ferries import rail_and_ferries

        nets.append(rail_and_ferries())
    for unbuilt in dict.fromkeys((unbuilt_ok, True)):
        for net in nets:
            try:
                return net.path_through(layers, avoid=out, allow_unbuilt=unbuilt), net
            except RoutingError:
                pass
    if transit:
        raise RoutingError(f"no {network.mode} path keeps to the countries the route names ("
                           + ", ".join(sorted(named)) + ")")
    raise RoutingError(f"no {network.mode} path through the stops avoids "
                       + ", ".join(sorted(avoid)))


def _on_network(places: list[Place], network: Network, status: str | None,
                avoid=()) -> Corridor:
    mode = network.mode
    nodes, stops = [], []
    for p in places:
        if p.kind == "country":
            cap = _capital(p.country)
            node = network.hub_of_country(p.country, (cap.lon, cap.lat) if cap else None)
            if node is None:
                return Corridor(mode, stops=[_stop_dict(x) for x in places],
                                reason=f"the {mode} network has no station in {p.name}")
        else:
            near = network.nearest(p.lon, p.lat)
            if near is None:
                return Corridor(mode, stops=[_stop_dict(x) for x in places],
                                reason=f"{p.name} is more than 60 km from every {mode} station "
                                       "of the network")
            node = near[0]
        nodes.append(node)
        nd = network.graph.nodes[node]
        stops.append(_stop_dict(p, {"id": f"station:{node}", "name": nd.get("name", node)}))
    unbuilt_ok = status in ("planned", "proposed", "under_construction")
    transit = [i for i, p in enumerate(places) if p.kind == "country" and 0 < i < len(places) - 1]
    ferries: list[str] = []
    legs: list[Corridor] = []
    if transit or avoid:
        try:
            path, net = _through(places, nodes, network, transit, set(avoid), unbuilt_ok)
        except RoutingError as exc:
            return Corridor(mode, stops=stops, reason=str(exc))
        if net is not network:
            from geo._ferries import ferry_legs, ferry_lines

            ferries = ferry_lines(net, path.nodes)
            legs = ferry_legs(net, path.nodes) if ferries else []
        for i in transit:  # the station where the path enters the transit country
            node = next((n for n in path.nodes if network.graph.nodes[n].get("country")
                         == places[i].country), nodes[i])
            stops[i] = _stop_dict(places[i], {"id": f"station:{node}",
                                              "name": network.graph.nodes[node].get("name", node)})
        coords, length, statuses = path.coords, path.length_km, path.statuses
    else:
        coords, length, statuses = [], 0.0, set()
    for a, b in ([] if transit or avoid else zip(nodes, nodes[1:])):
        if a == b:
            continue
        try:
            path = network.shortest_path(a, b, allow_unbuilt=unbuilt_ok)
        except RoutingError:
            try:
                path = network.shortest_path(a, b, allow_unbuilt=True)
            except RoutingError as exc:
                return Corridor(mode, stops=stops, reason=str(exc))
        coords.extend(path.coords if not coords else path.coords[1:])
        length += path.length_km
        statuses |= path.statuses
    if len(coords) < 2:
        return Corridor(mode, stops=stops, reason="all stops fall on the same station")
    notes = []
    if statuses - {"operational"}:  # (first: geo.corridors reads it at the start of the note)
        notes.append(_UNBUILT + ", ".join(sorted(s.replace("_", " ") for s in
                                                               statuses - {"operational"})))
    if ferries:
        rule = "keeps out of " + ", ".join(sorted(avoid)) if avoid else "keeps to the stated countries"
        notes.append(f"rail + ferry: no {mode} track {rule}, so the line takes the "
                     + " and the ".join(ferries) + ", drawn over the water")
    note = "; ".join(notes) or None
    geom = _make_geometry(split_antimeridian(coords))
    return Corridor(mode, stops=stops, geometry=geom, length_km=length,
                    geometry_source="network", note=note, legs=legs)


def _not_the_stated_line(c: Corridor, places: list[Place], status, stated_km,
                         detour_stated: bool = False) -> str | None:
    """Why a network path is not the line the text states (None when it is).
    ``detour_stated``: the text rules a country out, so a long way round is what it says
    (no detour test against the geodesic)."""
    if c.geometry is None or c.length_km is None:
        return None
    if stated_km:
        if c.length_km > stated_km * (1 + STATED_SLACK):
            return (f"the network path ({c.length_km:,.0f} km) is more than "
                    f"{STATED_SLACK:.0%} longer than the stated {stated_km:,.0f} km")
    elif not detour_stated:
        pts = [_point_of(p) for p in places]
        direct = sum(GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] for a, b in zip(pts, pts[1:])) / 1000
        if direct > 0 and c.length_km > MAX_DETOUR * direct:
            return (f"the network path ({c.length_km:,.0f} km) is more than {MAX_DETOUR:g} times "
                    f"the {direct:,.0f} km between the stops")
    if status in _NOT_BUILT:
        own = {p.country or country_at(p.lon, p.lat) for p in places} - {None}
        third = [k for k in countries_crossed(c.geometry, reentry_km=SKETCH_REENTRY_KM, keep=own)
                 if k not in own]
        if third and own:
            return (f"a {status.replace('_', ' ')} line is drawn along its stops, not over "
                    f"existing track through {', '.join(third)}")
    return None


def _unbuilt(c: Corridor) -> bool:
    return c.geometry_source == "network" and bool(c.note) and c.note.startswith(_UNBUILT)
