"""Article records -> rows of the corpus tables, and the tables as GeoParquet files.

Each table has one fixed Arrow schema (so that every part file of a table has the same
columns and types, empty parts included) and GeoParquet 1.1 metadata for its WKB
``geometry`` column (EPSG:4326, lon/lat). Dates are ISO strings (``YYYY-MM-DD``) or null.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache

import pyarrow as pa

from geo._atomic import atomic_path
from geo._budget import BudgetExceeded, time_budget

TABLES = ("places", "routes", "corridors", "errors")
_S, _F, _I = pa.string(), pa.float64(), pa.int64()
_LIST = pa.list_(pa.string())
HISTORY = pa.list_(pa.struct([("date", _S), ("status", _S), ("article_id", _S)]))

SCHEMAS = {
    "places": pa.schema([("article_id", _S), ("date", _S), ("duplicate_of", _S),
                         ("place_id", _S), ("name", _S), ("kind", _S), ("country", _S),
                         ("mentions", _I), ("confidence", _F), ("geometry", pa.binary())]),
    "routes": pa.schema([("article_id", _S), ("date", _S), ("duplicate_of", _S),
                         ("route_index", _I), ("mode", _S), ("name", _S), ("corridor_id", _S),
                         ("status", _S), ("rule", _S), ("stops", _LIST), ("stop_names", _LIST),
                         ("sentence", _S), ("geometry_source", _S), ("length_km", _F),
                         ("via_countries", _LIST), ("reason", _S), ("corridor_key", _S),
                         ("geometry", pa.binary())]),
    "corridors": pa.schema([("corridor_key", _S), ("mode", _S), ("name", _S),
                            ("corridor_id", _S), ("end_ids", _LIST), ("end_names", _LIST),
                            ("n_articles", _I), ("n_mentions", _I), ("first_date", _S),
                            ("last_date", _S), ("status", _S), ("status_history", HISTORY),
                            ("latest_article_id", _S), ("sentence", _S),
                            ("geometry_source", _S), ("length_km", _F), ("via_countries", _LIST),
                            ("geometry", pa.binary())]),
    "errors": pa.schema([("article_id", _S), ("reason", _S)]),
}


def corridor_key(route) -> str | None:
    """The identity corridors are merged by: a named corridor's id, else the mode and the
    unordered pair of end place ids (the rule ``corridors map`` merges by); None for a
    route without two distinct ends."""
    if route.corridor_id:
        return f"named:{route.corridor_id}"
    if len(route.stops) < 2 or route.stops[0] == route.stops[-1]:
        return None
    a, b = sorted((route.stops[0], route.stops[-1]))
    return f"{route.mode}:{a}|{b}"


#: Seconds one article may take (extraction and drawing) before it becomes an error row.
MAX_SECONDS = 120.0


def article_rows(rec: dict, duplicate_of: str | None = None, *, max_seconds: float | None = MAX_SECONDS):
    """(place rows, route rows, error row or None) of one article record.

    Any exception while extracting becomes the error row, and so does an article that runs
    over ``max_seconds`` (checked as the work goes, so in Dask's worker threads too); the
    run goes on.
    """
    aid = rec["id"]
    if rec.get("error"):
        return [], [], {"article_id": aid, "reason": rec["error"]}
    _warm()  # the index and the country shapes load once per process, outside any budget
    try:
        from geo.extraction import extract

        with warnings.catch_warnings(), time_budget(max_seconds):
            # e.g. "the nearest sea port is far away": the route row keeps its reason
            warnings.simplefilter("ignore")
            ex = extract(rec["text"], source=aid)
            return _place_rows(ex, rec, duplicate_of), _route_rows(ex, rec, duplicate_of), None
    except BudgetExceeded:
        return [], [], {"article_id": aid,
                        "reason": f"took over {max_seconds:g} s and was stopped (--max-seconds)"}
    except Exception as exc:  # noqa: BLE001 - one bad article must not fail the corpus
        reason = f"{type(exc).__name__}: {exc}".strip()
        return [], [], {"article_id": aid, "reason": reason[:500]}


def _warm() -> None:
    from geo._warm import warm

    warm()


def _place_rows(ex, rec, duplicate_of) -> list[dict]:
    from shapely import to_wkb
    from shapely.geometry import Point

    return [{"article_id": rec["id"], "date": rec.get("date"), "duplicate_of": duplicate_of,
             "place_id": pm.place.id, "name": pm.place.name, "kind": pm.place.kind,
             "country": pm.place.country, "mentions": len(pm.mentions),
             "confidence": round(float(pm.confidence), 3),
             "geometry": to_wkb(Point(pm.place.lon, pm.place.lat))}
            for pm in ex.places]


def _route_rows(ex, rec, duplicate_of) -> list[dict]:
    from shapely import to_wkb

    from geo.corridors import corridor_for_route

    rows = []
    for i, r in enumerate(ex.routes):
        c = corridor_for_route(r, ex)
        names = [(ex.place(s).name if ex.place(s) else s) for s in r.stops]
        rows.append({
            "article_id": rec["id"], "date": rec.get("date"), "duplicate_of": duplicate_of,
            "route_index": i, "mode": r.mode, "name": r.name, "corridor_id": r.corridor_id,
            "status": r.status, "rule": r.rule, "stops": list(r.stops), "stop_names": names,
            "sentence": r.sentence, "geometry_source": c.geometry_source,
            "length_km": None if c.length_km is None else round(float(c.length_km), 1),
            "via_countries": list(c.via_countries), "reason": c.reason,
            "corridor_key": corridor_key(r),
            "geometry": None if c.geometry is None else to_wkb(c.geometry)})
    return rows


@lru_cache(maxsize=1)
def _crs_json() -> dict:
    from pyproj import CRS

    return CRS.from_epsg(4326).to_json_dict()


def _geo_metadata(wkbs) -> bytes:
    import shapely

    geoms = shapely.from_wkb([w for w in wkbs if w is not None])
    types = sorted({g.geom_type for g in geoms})
    col = {"encoding": "WKB", "geometry_types": types, "crs": _crs_json()}
    if len(geoms):
        col["bbox"] = [float(v) for v in shapely.total_bounds(geoms)]
    return json.dumps({"version": "1.1.0", "primary_column": "geometry",
                       "columns": {"geometry": col}}).encode()


def table_of(name: str, rows: list[dict], *, metadata: dict | None = None) -> pa.Table:
    """Rows (dicts, geometry as WKB bytes or None) as an Arrow table of a corpus schema,
    with GeoParquet metadata where the table has a geometry (``errors`` has none).
    ``metadata`` adds JSON values to the schema metadata."""
    schema = SCHEMAS[name]
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    meta = {k.encode(): json.dumps(v).encode() for k, v in (metadata or {}).items()}
    if "geometry" in cols:
        meta[b"geo"] = _geo_metadata(cols["geometry"])
    return pa.Table.from_pydict(cols, schema=schema.with_metadata(meta))


def frame_of(name: str, table: pa.Table):
    """An Arrow table of a corpus schema as a (Geo)DataFrame: list columns hold Python
    lists, missing values are None, geometry is shapely (EPSG:4326)."""
    import pandas as pd

    cols = table.to_pydict()
    geoms = cols.pop("geometry", None)
    df = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in cols.items()},
                      columns=list(cols))
    if geoms is None:
        return df
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame(df, geometry=shapely.from_wkb(pd.Series(geoms, dtype=object).to_numpy()),
                            crs="EPSG:4326")


def write_table(table: pa.Table, path) -> None:
    """Write a table as one Parquet file, atomically (temp file beside it, then rename)."""
    import pyarrow.parquet as pq

    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"
