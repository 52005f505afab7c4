"""The tables of a corpus run as the two frames :func:`geo.maps.corridor_map` draws."""

from __future__ import annotations

from pathlib import Path


def map_frames(outdir, *, histories: bool = False):
    """(places, corridors) GeoDataFrames in the columns of :func:`geo.mapdata.map_frames`,
    from the tables of a corpus run: places summed over articles, corridors as aggregated
    (weight = articles naming them, status = the latest dated one). ``histories`` adds the
    column ``history`` (``[date, status, article_id]`` per mention) that the deck.gl
    atlas reads."""
    import geopandas as gpd
    import pyarrow.parquet as pq
    import shapely

    from geo.corpus import load
    from geo.mapdata import CORRIDOR_COLUMNS, PLACE_COLUMNS

    # Streamed part by part: memory grows with the distinct places, not with the corpus.
    agg: dict[str, dict] = {}
    for f in sorted((Path(outdir) / "places").glob("part-*.parquet")):
        cols = pq.read_table(f, columns=["article_id", "duplicate_of", "place_id", "name", "kind",
                                         "country", "mentions", "confidence", "geometry"]).to_pydict()
        for i, pid in enumerate(cols["place_id"]):
            if cols["duplicate_of"][i] is not None:
                continue
            a = agg.get(pid)
            if a is None:
                pt = shapely.from_wkb(cols["geometry"][i])
                a = agg[pid] = {"id": pid, "name": cols["name"][i], "kind": cols["kind"][i],
                                "country": cols["country"][i], "lat": pt.y, "lon": pt.x,
                                "confidence": 0.0, "mentions": 0, "articles": 0,
                                "first_sentence": None, "source": cols["article_id"][i],
                                "geometry": pt}
            a["mentions"] += cols["mentions"][i] or 1
            a["articles"] += 1
            a["confidence"] = max(a["confidence"], cols["confidence"][i] or 0.0)
    rows = [agg[k] for k in sorted(agg)]
    pf = gpd.GeoDataFrame(rows, columns=PLACE_COLUMNS + ["geometry"], geometry="geometry",
                          crs="EPSG:4326")
    cor = load(outdir, "corridors")
    crow = []
    for _, c in cor.iterrows():
        stops = [{"id": i, "name": n} for i, n in zip(c["end_ids"] or [], c["end_names"] or [])]
        crow.append({"mode": c["mode"], "name": c["name"], "status": c["status"], "stops": stops,
                     "length_km": c["length_km"], "via_countries": c["via_countries"] or [],
                     "geometry_source": c["geometry_source"], "legs": [], "sentence": c["sentence"],
                     "reason": None, "note": None, "source": c["latest_article_id"],
                     "date": c["last_date"], "title": None, "weight": int(c["n_articles"]),
                     "sources": [h["article_id"] for h in c["status_history"] or []][-5:],
                     "history": [[h["date"], h["status"], h["article_id"]] for h in c["status_history"] or []]
                     or [[c["first_date"], None, c["latest_article_id"]]],
                     "geometry": c.geometry})
    extra = ["history"] if histories else []
    cf = gpd.GeoDataFrame(crow, columns=CORRIDOR_COLUMNS + extra + ["geometry"], geometry="geometry",
                          crs="EPSG:4326")
    return _none_for_missing(pf), _none_for_missing(cf)


def _none_for_missing(frame):
    # pandas infers a str dtype (missing = NaN) for text columns; the map code reads None.
    for col in frame.columns:
        if col != "geometry" and frame[col].dtype != object and frame[col].dtype.kind not in "if":
            frame[col] = frame[col].astype(object)
        if col != "geometry" and frame[col].dtype == object:
            frame[col] = frame[col].where(frame[col].notna(), None)
    return frame
