"""Sea routes: searoute's sea lanes between the nearest ports of the stops, and a
schematic course over the water for the Caspian, which searoute does not cover.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from geo._corridor import Corridor
from geo._lines import _make_geometry, split_antimeridian
from geo._stops import _point_of, _stop_dict
from geo.geocoding import Place
from geo.networks import GEOD


#: A sea stop further than this from every port is still routed, with a warning.
PORT_SNAP_KM = 150.0


def _in_caspian(p: Place) -> bool:
    from geo.caspian import in_box

    return in_box(p.lon, p.lat)


@lru_cache(maxsize=1)
def _ports():
    import json
    from pathlib import Path

    import searoute

    data = json.loads((Path(searoute.__file__).parent / "data" / "ports.geojson").read_text())
    feats = data["features"]
    lon = np.array([f["geometry"]["coordinates"][0] for f in feats])
    lat = np.array([f["geometry"]["coordinates"][1] for f in feats])
    return feats, lon, lat


def nearest_port(p: Place) -> tuple[dict, float]:
    feats, lon, lat = _ports()
    _, _, d = GEOD.inv(np.full(len(lon), p.lon), np.full(len(lat), p.lat), lon, lat)
    i = int(np.argmin(d))
    return feats[i], float(d[i]) / 1000.0


#: searoute's passages by the words of the names of our seas and straits (lower case).
_PASSAGE_WORDS = (("suez", ("suez",)), ("mandeb", ("babalmandab",)), ("red sea", ("suez", "babalmandab")),
                  ("hormuz", ("ormuz",)), ("panama", ("panama",)), ("malacca", ("malacca",)),
                  ("sunda", ("sunda",)), ("bospor", ("bosporus",)), ("dardanelles", ("bosporus",)),
                  ("turkish straits", ("bosporus",)), ("gibraltar", ("gibraltar",)),
                  ("good hope", ("south_africa",)), ("cape horn", ("chili",)), ("magellan", ("chili",)),
                  ("bering", ("bering",)), ("northwest passage", ("northwest",)))
#: The way round each passage: going by one rules out the other.
_INSTEAD = {"south_africa": ("suez", "babalmandab"), "suez": ("south_africa",),
            "babalmandab": ("south_africa",), "panama": ("chili",), "chili": ("panama",),
            "malacca": ("sunda",), "sunda": ("malacca",)}
#: A country the text rules out closes the passage in it.
_COUNTRY_PASSAGES = {"EG": ("suez",), "PA": ("panama",), "TR": ("bosporus",)}


def passages_of(name: str) -> tuple[str, ...]:
    """searoute's passage names for one of our seas or straits ("Suez Canal" -> suez)."""
    low = name.lower()
    return tuple(p for word, ps in _PASSAGE_WORDS if word in low for p in ps)


def closed_passages(avoid=(), by=()) -> list[str]:
    """The passages a sea route must keep out of: those of the places the text rules out
    (``avoid``: Places, seas or countries) and the other way round each passage it goes by
    (``by``: "around the Cape of Good Hope" closes Suez and Bab-el-Mandeb)."""
    out: list[str] = []
    for p in avoid:
        out += passages_of(p.name) if p.kind == "water" else _COUNTRY_PASSAGES.get(p.country or "", ())
    for p in by:
        for q in passages_of(p.name):
            out += _INSTEAD.get(q, ())
    return list(dict.fromkeys(out))


def _sea(places: list[Place], closed=()) -> Corridor:
    import searoute
    from searoute.classes.passages import Passage

    pts = [_point_of(p) for p in places]
    if all(_in_caspian(p) for p in pts):
        from geo.caspian import course

        coords = course([(p.lon, p.lat) for p in pts])
        return Corridor("sea", stops=[_stop_dict(p) for p in places],
                        geometry=_make_geometry([coords]), geometry_source="schematic",
                        note="Caspian Sea crossing: searoute's network does not cover the "
                             "Caspian, so the line is a schematic course over the water "
                             "between the ports.")
    ports, stops = [], []
    for p, q in zip(places, pts):
        feat, km = nearest_port(q)
        if km > PORT_SNAP_KM:
            warnings.warn(f"{p.name}: the nearest sea port ({feat['properties']['name']}) is "
                          f"{km:.0f} km away; the sea lane starts there.", stacklevel=3)
        ports.append(feat)
        stops.append(_stop_dict(p, {"id": f"port:{feat['properties'].get('port')}",
                                    "name": feat["properties"]["name"]}))
    coords = []
    for a, b in zip(ports, ports[1:]):
        route = searoute.searoute(a["geometry"]["coordinates"][:2], b["geometry"]["coordinates"][:2],
                                  units="km", restrictions=[Passage.northwest, *closed])
        seg = [tuple(c) for c in route["geometry"]["coordinates"]]
        coords.extend(seg if not coords else seg[1:])
    geom = _make_geometry(split_antimeridian(coords))
    c = Corridor("sea", stops=stops, geometry=geom, geometry_source="sea-lane")
    if closed:
        c.note = "keeps out of " + ", ".join(closed) + " (searoute's passages), as the text says"
    return c
