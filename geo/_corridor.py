"""The Corridor record: one route drawn for its mode, with how its line was made, its
length, the countries it crosses and, when it could not be drawn, why. Built by the
per-mode routers and returned by :func:`geo.corridors.route_from_stops`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry import LineString, MultiLineString, mapping


@dataclass
class Corridor:
    """One route drawn for its mode. The fields are the columns of the corridors frame."""

    mode: str
    name: str | None = None
    status: str | None = None
    stops: list[dict] = field(default_factory=list)
    geometry: LineString | MultiLineString | None = None
    length_km: float | None = None
    via_countries: list[str] = field(default_factory=list)
    geometry_source: str | None = None
    legs: list["Corridor"] = field(default_factory=list)
    sentence: str | None = None
    reason: str | None = None
    note: str | None = None
    stated_length_km: float | None = None

    def geojson(self) -> dict | None:
        """The geometry as a GeoJSON object, coordinates rounded to 5 decimals."""
        if self.geometry is None:
            return None
        return _round_geojson(mapping(self.geometry))

    def legs_dicts(self) -> list[dict]:
        return [{"mode": leg.mode, "stops": leg.stops, "length_km": _r1(leg.length_km),
                 "via_countries": leg.via_countries, "geometry_source": leg.geometry_source,
                 "reason": leg.reason} for leg in self.legs]

    def to_record(self) -> dict:
        return {"mode": self.mode, "name": self.name, "status": self.status,
                "stops": self.stops, "length_km": _r1(self.length_km),
                "via_countries": self.via_countries, "geometry_source": self.geometry_source,
                "legs": self.legs_dicts(), "sentence": self.sentence, "reason": self.reason,
                "note": self.note, "stated_length_km": _r1(self.stated_length_km),
                "geometry": self.geometry}


def _r1(x):
    return None if x is None else round(float(x), 1)


def _round_geojson(g: dict) -> dict:
    def r(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(v), 5) for v in c]
        return [r(x) for x in c]

    return {"type": g["type"], "coordinates": r(g["coordinates"])}
