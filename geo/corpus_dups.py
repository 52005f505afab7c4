"""Syndicated copies in a corpus: articles with the same normalised text.

Each article gets a hash of its normalised text (:func:`geo.corpus_read.normalised`); one
Dask shuffle on the hash brings all copies of a text into one partition, where the
earliest dated copy (undated last, then corpus order) is the original and the others get
``duplicate_of`` = its id.
"""

from __future__ import annotations

import hashlib
import math

from geo.corpus_read import Part, load_part, normalised


def text_hash(text: str) -> str:
    """The key syndicated copies share (see :func:`geo.corpus_read.normalised`)."""
    return hashlib.blake2b(normalised(text).encode("utf-8"), digest_size=12).hexdigest()


def _hashes(records) -> "pd.DataFrame":  # noqa: F821
    """(id, order, hash) of the records with text; ``order`` sorts the earliest dated
    copy first (undated last, then corpus order)."""
    import pandas as pd

    rows = [(r["id"], _order(r), text_hash(r["text"])) for r in records if r.get("text")]
    return pd.DataFrame({"id": pd.Series([r[0] for r in rows], dtype=object),
                         "order": pd.Series([r[1] for r in rows], dtype="int64"),
                         "hash": pd.Series([r[2] for r in rows], dtype=object)})


def _order(rec) -> int:
    from datetime import date

    day = date.fromisoformat(rec["date"]).toordinal() if rec.get("date") else 999_999
    return day * 10**12 + rec["seq"]


def _hashes_of_part(part: Part):
    df = _hashes(load_part(part))
    df["part"] = part.index
    return df


def _hashes_tagged(records, index: int):
    df = _hashes(records)
    df["part"] = index
    return df


def _dup_dict(frames) -> dict:
    return {aid: dup for f in frames for aid, dup in zip(f["id"], f["duplicate_of"])}


def _duplicates_frame(hashes, npartitions: int = 1):
    """(id, part, duplicate_of) of every copy but the first (earliest dated) of a normalised
    text: one Dask shuffle on the hash, then pandas within each partition (all copies of a
    text meet in one partition; nothing is collected on the way)."""
    meta = _empty_frame({"id": object, "part": "int64", "duplicate_of": object})
    return (hashes.shuffle(on="hash", npartitions=max(1, npartitions), shuffle_method="tasks")
            .map_partitions(_copies_in, meta=meta))


def _empty_frame(dtypes: dict):
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _copies_in(df):
    df = df.sort_values(["hash", "order"], kind="stable")
    first = df.groupby("hash", sort=False)
    first_order = first["order"].transform("min")
    first_id = first["id"].transform("first")
    copies = df["order"] != first_order
    out = df.loc[copies, ["id", "part"]].copy()
    out["duplicate_of"] = first_id[copies].astype(object)
    return out.reset_index(drop=True)


def _hash_frames_meta():
    import pandas as pd

    return pd.DataFrame({"id": pd.Series(dtype=object), "order": pd.Series(dtype="int64"),
                         "hash": pd.Series(dtype=object), "part": pd.Series(dtype="int64")})


def duplicates(parts: list[Part], client) -> dict[int, dict[str, str]]:
    """{part index: {article id: id of the first article with the same normalised text}}."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        hashes = dd.from_delayed([dask.delayed(_hashes_of_part)(p) for p in parts],
                                 meta=_hash_frames_meta(), verify_meta=False)
        frame = client.compute(_duplicates_frame(hashes, math.ceil(len(parts) / 200))).result()
    out: dict[int, dict[str, str]] = {}
    for aid, part, dup in zip(frame["id"], frame["part"], frame["duplicate_of"]):
        out.setdefault(int(part), {})[aid] = dup
    return out
