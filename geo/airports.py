"""A city's main airport: general rules first, then our small table ``data/airports.csv``.

Rules: an airport of ``airportsdata`` whose city is the place's name in the same country,
preferring "International" in its name; else the nearest airport with "International" in
its name within 60 km; else the nearest airport with an IATA code within 60 km.
The table wins where it names an airport, because the rules cannot tell a capital's
domestic airport from its international one (Tehran: Mehrabad THR vs Imam Khomeini IKA).
"""

from __future__ import annotations

import csv
from functools import lru_cache

import numpy as np

from geo._data import data_path
from geo._text import name_key

_MAX_KM = 60.0


@lru_cache(maxsize=1)
def _airports():
    import airportsdata

    rows = [a for a in airportsdata.load("IATA").values() if a.get("iata")]
    lon = np.array([float(a["lon"]) for a in rows])
    lat = np.array([float(a["lat"]) for a in rows])
    by_city: dict[tuple[str, str], list[dict]] = {}
    for a in rows:
        by_city.setdefault((name_key(a.get("city") or ""), a["country"]), []).append(a)
    return rows, lon, lat, by_city, {a["iata"]: a for a in rows}


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], str]:
    path = data_path("airports.csv")
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {(name_key(r["city"]), r["country"].upper()): r["iata"].upper()
                for r in csv.DictReader(fh) if r.get("iata")}


def _score(a: dict) -> tuple:
    name = a["name"].lower()
    return ("international" in name, "air base" not in name and "heliport" not in name,
            bool(a.get("icao")))


def main_airport(name: str, country: str | None, lon: float, lat: float,
                 *, names: tuple[str, ...] = ()) -> dict | None:
    """The main airport of a place as an airportsdata row (``iata``, ``name``, ``lat``,
    ``lon``, ...), or None when there is none within 60 km."""
    rows, alon, alat, by_city, code_by_iata = _airports()
    table = _table()
    for n in (name, *names):
        code = table.get((name_key(n), (country or "").upper()))
        if code and code in code_by_iata:
            return code_by_iata[code]
    from geo.networks import GEOD

    for n in (name, *names):
        same = by_city.get((name_key(n), country or ""), [])
        if same:
            best = max(same, key=lambda a: (_score(a), -_km(lon, lat, a)))
            if _km(lon, lat, best) <= _MAX_KM:
                return best
    _, _, d = GEOD.inv(np.full(len(alon), lon), np.full(len(alat), lat), alon, alat)
    km = d / 1000.0
    close = np.nonzero(km <= _MAX_KM)[0]
    if not len(close):
        return None
    intl = [i for i in close if "international" in rows[i]["name"].lower()]
    pick = min(intl or list(close), key=lambda i: km[i])
    return rows[pick]


def _km(lon, lat, a) -> float:
    from geo.networks import GEOD

    return GEOD.inv(lon, lat, float(a["lon"]), float(a["lat"]))[2] / 1000.0
