"""Routes -> geometry by mode, with geodesic length and the countries crossed.

* air: great circle between the main airports (``pyproj.Geod``), one point per 50 km at
  least, split at ±180° into a MultiLineString;
* rail: shortest path over the curated rail network (``geo.networks``), or a user's network;
* sea: searoute's maritime network between the nearest ports; the Caspian, which searoute
  does not cover, gets a schematic line over the water;
* road, pipeline: schematic through the ordered stops unless a network is given;
* corridor: each leg by its own mode.

Every corridor says how its line was made (``geometry_source``): ``network``,
``schematic``, ``geodesic`` or ``sea-lane``. A route that cannot be drawn comes back with
no geometry and a ``reason``.
"""

from __future__ import annotations

from shapely.geometry import MultiLineString

from geo._budget import check as check_budget
from geo._by_air import _air
from geo._by_network import (MAX_DETOUR, STATED_SLACK, _not_the_stated_line,  # noqa: F401
                             _on_network, _unbuilt)
from geo._by_sea import PORT_SNAP_KM, _sea, closed_passages, nearest_port  # noqa: F401
from geo._corridor import Corridor, _round_geojson  # noqa: F401
from geo._errors import GeoError, PlaceNotFoundError
from geo._lines import (AIR_STEP_KM, _make_geometry, geodesic_length_km,  # noqa: F401
                        great_circle, split_antimeridian)
from geo._sketch import _schematic, _schematic_via
from geo._stops import _stop_dict, as_place  # noqa: F401
from geo.countries import (MIN_CROSSING_KM, REENTRY_KM, SKETCH_REENTRY_KM,  # noqa: F401
                           countries_crossed, country_runs,
                           without_excursions as _without_excursions)  # noqa: F401
from geo.geocoding import Place
from geo.networks import Network, rail_network

# The per-mode routers live in geo._by_air, geo._by_sea and geo._by_network, the
# sketches in geo._sketch, the record in geo._corridor; the names above that this module
# does not use are re-exported (``noqa: F401``) because they were always read from here.

#: How honest a line is, most honest last: a multimodal corridor is as schematic as its
#: least exact leg.
_HONESTY = ("schematic", "geodesic", "sea-lane", "network")


def via_countries(geom, *, min_km: float = MIN_CROSSING_KM,
                  excursion_km: float = REENTRY_KM, keep=()) -> list[str]:
    """ISO2 codes of the countries a line passes through, in order of travel
    (see :func:`geo.countries.countries_crossed`: full-resolution borders, no wobble;
    an excursion into a country of ``keep`` counts from :data:`REENTRY_KM`)."""
    return countries_crossed(geom, min_km=min_km, reentry_km=excursion_km, keep=keep)


# --------------------------------------------------------------------------- public API


def route_from_stops(mode: str, stops, *, name: str | None = None, status: str | None = None,
                     network: Network | None = None, legs=None, countries: bool = True,
                     sentence: str | None = None, avoid=(), closed_passages=(),
                     stated_length_km: float | None = None) -> Corridor:
    """Draw one route along a believable path for its mode.

    Parameters
    ----------
    mode : {"rail", "air", "road", "sea", "pipeline", "corridor"}
    stops : list
        Ordered stops: :class:`~geo.geocoding.Place` objects, place ids
        (``geonames:141681``), names (geocoded) or (lon, lat) pairs.
    name, status : str, optional
        Carried over to the result; ``status`` also decides whether a rail route may use
        planned links (only planned, proposed and under-construction routes do, unless no
        operational path exists — then the result says so in ``note``).
    network : Network, optional
        A network of your own (see :func:`geo.networks.network_from_file`); rail uses
        ours by default, road and pipeline are schematic without one.
    legs : list of dict, optional
        For ``mode="corridor"``: ``[{"mode": ..., "stops": [...]}, ...]``, each leg routed
        by its own mode.
    countries : bool
        Compute ``via_countries`` (the costliest step; turn off for bulk work).
    avoid : iterable of str
        ISO2 codes of countries the text rules out: a network path never enters them
        (schematic through the stops, with a ``note``, when no path can; the nodes of a
        network made from a file have no country, so there they are not checked). A country
        among the middle stops is a stated transit: the path passes through it (at any
        station) and keeps to the countries of the stops wherever the network allows.
    closed_passages : iterable of str
        For ``mode="sea"``: searoute passages the route keeps out of ("suez",
        "babalmandab", "south_africa", "panama", ...; see
        :func:`geo._by_sea.closed_passages`), as when the text says "avoiding the Red Sea".
    stated_length_km : float, optional
        The length the text states. A network path more than 25% longer is drawn
        schematic through the stops instead; with no stated length, so is one more than
        1.6 times the geodesic through the stops. A planned, proposed or
        under-construction line is drawn schematic along its stops rather than over
        existing track through a country none of its stops is in. ``note`` says why.

    Returns
    -------
    Corridor
        With ``reason`` set and no geometry where the route cannot be drawn.
    """
    if mode == "corridor" or legs:
        return _multimodal(legs or [], name=name, status=status, countries=countries,
                           sentence=sentence)
    try:
        places = [as_place(s) for s in stops]
    except (PlaceNotFoundError, ValueError, TypeError) as exc:
        return Corridor(mode, name=name, status=status, reason=str(exc), sentence=sentence)
    if len(places) < 2:
        return Corridor(mode, name=name, status=status, stops=[_stop_dict(p) for p in places],
                        reason="a route needs at least two stops", sentence=sentence)
    try:
        if mode == "air":
            c = _air(places)
        elif mode == "sea":
            c = _sea(places, tuple(closed_passages))
        elif mode == "rail" or (network is not None and mode in ("road", "pipeline")):
            c = _on_network(places, network or rail_network(), status, avoid=avoid)
            why = _not_the_stated_line(c, places, status, stated_length_km, detour_stated=bool(avoid))
            if why:
                c = _schematic(mode, places)
                c.note = f"schematic: {why}"
            elif c.geometry is None:
                # A line that is not built yet need not follow existing track, and a line
                # our network does not reach is still the line the text states: draw it
                # through its stops and say so.
                why = c.reason
                c = _schematic(mode, places)
                yet = " yet" if status in ("proposed", "planned", "under_construction") else ""
                c.note = f"schematic: not on the {mode} network{yet} ({why})"
        elif mode in ("road", "pipeline"):
            c = _schematic(mode, places)
        else:
            raise ValueError(f"mode={mode!r}: use rail, air, road, sea, pipeline or corridor.")
    except (GeoError, OSError) as exc:
        c = Corridor(mode, stops=[_stop_dict(p) for p in places], reason=str(exc))
    c.mode, c.name, c.status, c.sentence = mode, name, status, sentence
    c.stated_length_km = stated_length_km
    if c.geometry is not None:
        if c.length_km is None:
            c.length_km = geodesic_length_km(c.geometry)
        if countries:
            # A great circle, a sketch or unbuilt links (straight between estimated stations)
            # are idealised courses: a re-entry shorter than their likely offset from the
            # real line says nothing, unless the route stops in that country.
            sketch = c.geometry_source in ("geodesic", "schematic") or _unbuilt(c)
            stopped_in = {p.country for p in places if p.country}
            c.via_countries = _with_ends(
                via_countries(c.geometry, excursion_km=SKETCH_REENTRY_KM if sketch else REENTRY_KM,
                              keep=stopped_in), places)
            if c.geometry_source == "schematic" and mode != "sea":
                c.via_countries = _schematic_via(places)
        if avoid and c.geometry_source == "schematic" and mode not in ("sea", "air"):
            _keep_out(c, places, list(avoid), countries)
    return c


def _keep_out(c: Corridor, places: list[Place], avoid: list[str], countries: bool) -> None:
    """A sketch that crosses a country the text rules out is bent round it (the nearest
    way round its border, :func:`geo._detour.bend_round`), or says that it crosses it."""
    # (any stretch counts here, even one a sketch's re-entry rule would drop)
    crossed = list(dict.fromkeys(k for k, km in country_runs(c.geometry)
                                 if k in avoid and km >= MIN_CROSSING_KM))
    if not crossed:
        return
    from geo._detour import bend_round
    from geo._stops import _point_of

    names = ", ".join(crossed)
    coords, why = bend_round([(q.lon, q.lat) for q in map(_point_of, places)], avoid)
    if coords is None:
        said = f"the drawn line crosses {names}, which the text rules out ({why})"
    else:
        c.geometry = _make_geometry(split_antimeridian(coords))
        c.length_km = geodesic_length_km(c.geometry)
        if countries:
            c.via_countries = _with_ends(via_countries(c.geometry, excursion_km=SKETCH_REENTRY_KM),
                                         places)
        said = f"bent round {names}, which the text rules out (the nearest way round its border)"
    c.note = f"{c.note}; {said}" if c.note else f"schematic: {said}"


def _with_ends(codes: list[str], places: list[Place]) -> list[str]:
    """Both ends are included: a coastal port or an airport just offshore still counts."""
    first, last = places[0].country, places[-1].country
    out = list(codes)
    if first and (not out or out[0] != first):
        out.insert(0, first)
    if last and out[-1] != last:
        out.append(last)
    return out


def _multimodal(legs, *, name, status, countries, sentence) -> Corridor:
    parts = [route_from_stops(leg["mode"], leg["stops"], status=status, countries=countries)
             for leg in legs if leg.get("stops")]
    drawn = [p for p in parts if p.geometry is not None]
    stops = []
    for p in parts:
        for s in p.stops:
            if not stops or stops[-1]["id"] != s["id"]:
                stops.append(s)
    c = Corridor("corridor", name=name, status=status, stops=stops, legs=parts, sentence=sentence)
    if not drawn:
        c.reason = "no leg could be drawn" + (": " + "; ".join(p.reason for p in parts if p.reason)
                                              if parts else " (the corridor has no legs)")
        return c
    lines = []
    for p in drawn:
        lines.extend(p.geometry.geoms if p.geometry.geom_type == "MultiLineString" else [p.geometry])
    c.geometry = MultiLineString([list(line.coords) for line in lines])
    c.length_km = sum(p.length_km or 0.0 for p in drawn)
    c.geometry_source = min((p.geometry_source for p in drawn), key=_HONESTY.index)
    for p in drawn:
        for code in p.via_countries:
            if not c.via_countries or c.via_countries[-1] != code:
                c.via_countries.append(code)
    missing = [p.reason for p in parts if p.reason]
    if missing:
        c.note = "some legs could not be drawn: " + "; ".join(missing)
    return c


def corridor_for_route(route, extraction=None, *, countries: bool = True) -> Corridor:
    """The corridor of one route of an :class:`~geo.extraction.Extraction`."""
    check_budget()  # (drawing many routes of one article counts against its time budget)

    def place(pid):
        p = extraction.place(pid) if extraction is not None else None
        return p if p is not None else pid

    return _draw(route, place, countries=countries)


def corridor_for_record(row: dict, places=(), *, countries: bool = True) -> Corridor:
    """The corridor of one route of an extract JSON record (``routes[i]``), drawn as
    :func:`corridor_for_route` draws the route it was written from: its ``mode``,
    ``status``, ``stops``, ``legs`` (as stated), ``avoid``, ``passages`` and
    ``corridor_id``. ``places`` are the record's place objects; a stop, leg stop or
    ruled-out place is taken from its own object (id, name, kind, country, lat, lon)."""
    known: dict[str, Place] = {}

    def learn(d):
        if not isinstance(d, dict) or not isinstance(d.get("id"), str):
            return None
        if d["id"] not in known and isinstance(d.get("lat"), (int, float)) \
                and isinstance(d.get("lon"), (int, float)):
            known[d["id"]] = Place(d["id"], d.get("name") or d["id"], d.get("kind") or "point",
                                   d.get("country"), float(d["lat"]), float(d["lon"]))
        return d["id"]

    for p in places or ():
        learn(p)

    def ids(items):
        return [i for i in map(learn, items or ()) if i is not None]

    from types import SimpleNamespace

    route = SimpleNamespace(
        mode=row["mode"], name=row.get("name"), status=row.get("status"),
        sentence=row.get("sentence"), stops=ids(row.get("stops")),
        corridor_id=row.get("corridor_id"), avoid=ids(row.get("avoid")),
        passages=ids(row.get("passages")),
        # (only a corridor states legs; a drawn rail + ferry route lists the legs it took)
        legs=[{"mode": leg["mode"], "stops": ids(leg.get("stops"))} for leg in row.get("legs") or ()
              if isinstance(leg, dict) and leg.get("mode")] if row["mode"] == "corridor" else [])
    return _draw(route, lambda pid: known.get(pid, pid), countries=countries)


def _draw(route, place, *, countries: bool) -> Corridor:
    """A route (a :class:`~geo.routes.Route` or a record read back) drawn, its place ids
    resolved by ``place``."""
    from geo.lengths import stated_length_km

    stated = stated_length_km(route.sentence)
    # what the text rules out ("avoiding Kazakhstan", "rather than through the Suez Canal")
    # and the seas it goes by ("around the Cape of Good Hope")
    ruled_out = _places_of(place, getattr(route, "avoid", ()))
    avoid = [p.country for p in ruled_out if p.kind == "country" and p.country]
    closed = closed_passages(ruled_out, _places_of(place, getattr(route, "passages", ())))
    if route.legs:
        legs = [{"mode": leg["mode"], "stops": [place(s) for s in leg["stops"]]} for leg in route.legs]
        c = route_from_stops("corridor", [], name=route.name, status=route.status, legs=legs,
                             countries=countries, sentence=route.sentence)
        c.stated_length_km = stated
        return c
    row = _curated_row(route)
    mode = route.mode if route.mode != "corridor" else (row or {}).get("mode") or "road"
    stops, status = [place(s) for s in route.stops], route.status
    if row and row.get("stops") and all(str(s).startswith("country:") for s in route.stops):
        # "the China–Kyrgyzstan–Uzbekistan railway": its name is a chain of countries; the
        # line runs along its own curated alignment (Kashgar – Torugart – Jalal-Abad – Andijan)
        stops, status = list(row["stops"]), route.status or row.get("status")
    c = route_from_stops(mode, stops, name=route.name, status=status, countries=countries,
                         sentence=route.sentence, stated_length_km=stated, avoid=avoid,
                         closed_passages=closed)
    c.mode, c.status = route.mode, route.status
    return c


def _places_of(place, ids) -> list:
    """The places of ``ids`` (the extraction's, else from the index); an id the index does
    not know is left out."""
    out = []
    for pid in ids or ():
        try:
            out.append(as_place(place(pid)))
        except (PlaceNotFoundError, ValueError, TypeError):
            continue
    return out


def _curated_row(route) -> dict | None:
    """The data/corridors.yaml row of a named corridor (None for other routes)."""
    cid = getattr(route, "corridor_id", None)
    if not cid:
        return None
    from geo.routes import named_corridors

    return next((r for r in named_corridors() if r.get("id") == cid), None)


def corridors_from_routes(routes):
    """One row per route of an Extraction (or a list of them, or of routes) as a
    GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    def is_extraction(obj):  # (duck-typed: this stage does not import the one before)
        return hasattr(obj, "routes") and hasattr(obj, "place")

    items = []
    if is_extraction(routes):
        routes = [routes]
    for obj in routes:
        if is_extraction(obj):
            for r in obj.routes:
                c = corridor_for_route(r, obj)
                rec = c.to_record()
                rec.update(source=obj.source, date=obj.date, title=obj.title)
                items.append(rec)
        else:
            c = corridor_for_route(obj)
            items.append(c.to_record())
    cols = ["mode", "name", "status", "stops", "length_km", "stated_length_km", "via_countries",
            "geometry_source", "legs", "sentence", "reason", "note", "source", "date", "title"]
    frame = gpd.GeoDataFrame([{k: v for k, v in r.items() if k != "geometry"} for r in items],
                             columns=cols, geometry=[r["geometry"] for r in items], crs="EPSG:4326")
    return frame
