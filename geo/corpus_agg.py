"""Corridors over a corpus: route mentions grouped by corridor identity, with Dask.

The route rows are shuffled by ``corridor_key`` (a Dask shuffle, so one corridor's rows meet
in one partition however many articles there are) and each partition is aggregated with
pandas. Nothing is collected to the client. Syndicated copies (``duplicate_of`` set) and
routes without an identity are left out.
"""

from __future__ import annotations

import math

import pandas as pd

from geo.corpus_tables import SCHEMAS

ROUTE_COLUMNS = ["article_id", "date", "route_index", "mode", "name", "corridor_id", "status",
                 "stops", "stop_names", "sentence", "geometry_source", "length_km",
                 "via_countries", "corridor_key", "geometry"]
CORRIDOR_COLUMNS = [f.name for f in SCHEMAS["corridors"]]


def routes_meta() -> pd.DataFrame:
    """The (empty) frame of route rows fed to the shuffle: every column of dtype object."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ROUTE_COLUMNS})


def corridors_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in CORRIDOR_COLUMNS})


def routes_for_corridors(path) -> pd.DataFrame:
    """The route rows of one routes part file that count for corridors (object dtypes)."""
    import pyarrow.parquet as pq

    cols = pq.read_table(path, columns=ROUTE_COLUMNS + ["duplicate_of"]).to_pydict()
    keep = [i for i, (k, d) in enumerate(zip(cols["corridor_key"], cols["duplicate_of"]))
            if k is not None and d is None]
    # Map-side reduction of the heaviest column: per corridor only the line that can win
    # (this part's latest dated drawn mention, else its latest drawn one) travels through
    # the shuffle. The winner over all parts is one of these, so the result is unchanged.
    winner: dict[str, tuple] = {}
    for i in keep:
        if cols["geometry"][i] is None:
            continue
        rank = (cols["date"][i] is not None, cols["date"][i] or "", cols["article_id"][i],
                cols["route_index"][i])
        k = cols["corridor_key"][i]
        if k not in winner or rank > winner[k][0]:
            winner[k] = (rank, i)
    best = {i for _, i in winner.values()}
    geoms = [cols["geometry"][i] if i in best else None for i in keep]
    frame = {c: pd.Series([cols[c][i] for i in keep], dtype=object) for c in ROUTE_COLUMNS
             if c != "geometry"}
    frame["geometry"] = pd.Series(geoms, dtype=object)
    return pd.DataFrame(frame, columns=ROUTE_COLUMNS)


def _value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def corridor_of(key: str, rows: list[dict]) -> dict:
    """One corridor row from the route rows sharing ``key`` (any order in, one answer out)."""
    order = sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["article_id"],
                                        r["route_index"]))
    dated = [r for r in order if r["date"] is not None]
    history = [{"date": r["date"], "status": r["status"], "article_id": r["article_id"]}
               for r in order if r["status"] is not None]
    with_status = [r for r in dated if r["status"] is not None]
    drawn = [r for r in dated if r["geometry"] is not None] or \
            [r for r in order if r["geometry"] is not None] or order
    latest = drawn[-1]
    stops = list(latest["stops"] or [])
    names = list(latest["stop_names"] or [])
    return {
        "corridor_key": key, "mode": latest["mode"], "name": latest["name"],
        "corridor_id": latest["corridor_id"],
        "end_ids": [stops[0], stops[-1]] if stops else [],
        "end_names": [names[0], names[-1]] if names else [],
        "n_articles": len({r["article_id"] for r in rows}), "n_mentions": len(rows),
        "first_date": dated[0]["date"] if dated else None,
        "last_date": dated[-1]["date"] if dated else None,
        "status": with_status[-1]["status"] if with_status else None,
        "status_history": history, "latest_article_id": latest["article_id"],
        "sentence": latest["sentence"], "geometry_source": latest["geometry_source"],
        "length_km": latest["length_km"], "via_countries": list(latest["via_countries"] or []),
        "geometry": latest["geometry"],
    }


def aggregate(df: pd.DataFrame) -> pd.DataFrame:
    """Corridor rows of one shuffled partition (all rows of a key are in it), sorted by key."""
    groups: dict[str, list[dict]] = {}
    for rec in df.to_dict("records"):
        rec = {k: _value(v) for k, v in rec.items()}
        groups.setdefault(rec["corridor_key"], []).append(rec)
    rows = [corridor_of(k, groups[k]) for k in sorted(groups)]
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object)
                         for c in CORRIDOR_COLUMNS}, columns=CORRIDOR_COLUMNS)


def corridors_graph(route_parts, *, npartitions: int = 1):
    """A lazy Dask DataFrame of corridor rows (object columns, geometry as WKB) from
    routes part files or from a Dask DataFrame of route rows."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        if isinstance(route_parts, dd.DataFrame):
            routes = route_parts
        else:
            routes = dd.from_delayed([dask.delayed(routes_for_corridors)(str(p)) for p in route_parts],
                                     meta=routes_meta(), verify_meta=False)
        shuffled = routes.shuffle(on="corridor_key", npartitions=max(1, npartitions),
                                  shuffle_method="tasks")
        return shuffled.map_partitions(aggregate, meta=corridors_meta())
