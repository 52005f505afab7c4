"""Corridor aggregation: identity, latest dated status and line, history, copies left out;
the same answer however the route rows are split into parts (no cluster needed)."""

from __future__ import annotations

import pandas as pd
from shapely import to_wkb
from shapely.geometry import LineString

from geo.corpus_agg import aggregate, corridors_graph, routes_for_corridors
from geo.corpus_tables import corridor_key, table_of, write_table
from geo.routes import Route


def _row(aid, date, status, *, key="air:a|b", x=0.0, dup=None, idx=0, geom=True):
    return {"article_id": aid, "date": date, "duplicate_of": dup, "route_index": idx, "mode": "air",
            "name": None, "corridor_id": None, "status": status, "rule": "between",
            "stops": ["a", "b"], "stop_names": ["A", "B"], "sentence": f"said {aid}",
            "geometry_source": "geodesic", "length_km": 100.0 + x, "via_countries": ["KG"],
            "reason": None, "corridor_key": key,
            "geometry": to_wkb(LineString([(x, 0), (x + 1, 1)])) if geom else None}


ROWS = [
    _row("n1", "2021-03-01", "proposed", x=1),
    _row("n2", "2023-05-01", "operational", x=3),
    _row("n3", "2022-01-01", "planned", x=2),
    _row("n4", "2024-02-01", None, x=4),                     # latest dated, states no status
    _row("n5", None, "suspended", x=9),                       # undated: never the latest
    _row("copy", "2025-01-01", "suspended", x=7, dup="n2"),   # a syndicated copy
    _row("n6", "2020-01-01", "proposed", key="named:cku-railway", x=5),
    _row("n7", None, None, key="rail:c|d", geom=False),
]


def _corridors(parts, tmp_path):
    files = []
    for i, rows in enumerate(parts):
        f = tmp_path / f"part-{i:05d}.parquet"
        write_table(table_of("routes", rows), f)
        files.append(f)
    out = corridors_graph(files, npartitions=2).compute(scheduler="sync")
    return out.set_index("corridor_key").sort_index()


def test_latest_dated_status_line_and_history(tmp_path):
    c = _corridors([ROWS], tmp_path).loc["air:a|b"]
    assert c["n_articles"] == 5 and c["n_mentions"] == 5      # the copy is left out
    assert (c["first_date"], c["last_date"]) == ("2021-03-01", "2024-02-01")
    assert c["status"] == "operational"                       # latest dated *with* a status
    assert c["latest_article_id"] == "n4" and c["length_km"] == 104.0
    history = [(h["date"], h["status"], h["article_id"]) for h in c["status_history"]]
    assert history == [("2021-03-01", "proposed", "n1"), ("2022-01-01", "planned", "n3"),
                       ("2023-05-01", "operational", "n2"), (None, "suspended", "n5")]
    assert list(c["end_ids"]) == ["a", "b"] and list(c["end_names"]) == ["A", "B"]


def test_same_answer_however_the_rows_are_split(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "many").mkdir()
    one = _corridors([ROWS], tmp_path / "one")
    many = _corridors([ROWS[i::3] for i in range(3)], tmp_path / "many")
    pd.testing.assert_frame_equal(one, many)
    assert set(one.index) == {"air:a|b", "named:cku-railway", "rail:c|d"}
    assert one.loc["rail:c|d", "geometry"] is None and one.loc["rail:c|d", "status"] is None


def test_parts_send_one_line_per_corridor_through_the_shuffle(tmp_path):
    f = tmp_path / "part-00000.parquet"
    write_table(table_of("routes", ROWS), f)
    df = routes_for_corridors(f)
    assert "copy" not in set(df["article_id"])
    drawn = df[df["geometry"].notna()]
    assert sorted(drawn["article_id"]) == ["n4", "n6"]
    assert aggregate(df).set_index("corridor_key").loc["air:a|b", "latest_article_id"] == "n4"


def test_corridor_identity_ignores_direction_and_uses_named_ids():
    assert corridor_key(Route("air", ["x", "y"])) == corridor_key(Route("air", ["y", "z", "x"]))
    assert corridor_key(Route("rail", ["x", "y"])) != corridor_key(Route("air", ["x", "y"]))
    assert corridor_key(Route("rail", ["x", "q", "y"], corridor_id="cku-railway")) == "named:cku-railway"
    assert corridor_key(Route("rail", ["x"])) is None and corridor_key(Route("rail", ["x", "x"])) is None
