"""A whole news corpus on Dask: articles -> GeoParquet tables of places, routes, corridors.

Three calls::

    import geo.corpus as corpus

    arts = corpus.read("data/corpus")              # lazy Dask bag of article dicts
    tables = corpus.extract(arts)                  # lazy frames: places, routes, errors, corridors
    corpus.run("data/corpus", "out/")              # the same, written to OUTDIR (resumable)

Every worker process loads the offline place index once (``geo.gazetteer.default_gazetteer``
is cached per process, a read-only SQLite file) and keeps it for all its tasks: tasks carry
only a small part spec, never the index. Where the work runs is Dask's business: a local
cluster of ``jobs`` worker processes by default, or any ``distributed`` scheduler address
(the workers then need this package and the INPUT and OUTDIR paths, as for any Dask job).

Output layout (``run``)::

    OUTDIR/places/part-00000.parquet ...     one row per place per article
    OUTDIR/routes/part-00000.parquet ...     one row per route mention
    OUTDIR/errors/part-00000.parquet ...     (article_id, reason) of articles that failed
    OUTDIR/corridors/part-00000.parquet ...  one row per corridor identity
    OUTDIR/manifest.json
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from geo._atomic import atomic_write_bytes
from geo._errors import GeoError
from geo.corpus_dups import (_dup_dict, _duplicates_frame, _hash_frames_meta, _hashes_tagged,
                             duplicates, text_hash)  # noqa: F401
from geo.corpus_read import CorpusInputError, Part, load_part, plan, read  # noqa: F401
from geo.corpus_tables import MAX_SECONDS, TABLES, article_rows, frame_of, part_name, table_of, write_table

MANIFEST_VERSION = 1
_ROW_TABLES = ("places", "routes", "errors")      # errors last: it marks a part as done


class SchedulerError(GeoError, ConnectionError):
    """The Dask scheduler given cannot be reached."""


class OutputError(GeoError, ValueError):
    """OUTDIR cannot take this run (not empty, or made from other input)."""


# --------------------------------------------------------------------------- workers' side


def _rows(records, dups: dict, max_seconds: float | None = MAX_SECONDS) -> dict[str, list]:
    out = {"places": [], "routes": [], "errors": [], "articles": 0}
    for rec in records:
        p, r, e = article_rows(rec, dups.get(rec["id"]), max_seconds=max_seconds)
        out["places"] += p
        out["routes"] += r
        if e:
            out["errors"].append(e)
        out["articles"] += 1
    out["duplicates"] = sum(1 for rec in records if rec["id"] in dups)
    return out


def write_part(part: Part, outdir: str, dups: dict, max_seconds: float | None = MAX_SECONDS) -> dict:
    """Extract one part and write its three row tables atomically; return its counts."""
    rows = _rows(load_part(part), dups, max_seconds)
    counts = {"part": part.index, "articles": rows["articles"], "duplicates": rows["duplicates"],
              "errors": len(rows["errors"]), "places": len(rows["places"]),
              "routes": len(rows["routes"])}
    for name in _ROW_TABLES:
        write_table(table_of(name, rows[name], metadata={"corpus_counts": counts}),
                    Path(outdir) / name / part_name(part.index))
    return counts


def _frames(records, dups, max_seconds: float | None = MAX_SECONDS) -> list[dict]:
    rows = _rows(list(records), dups or {}, max_seconds)
    return [{name: frame_of(name, table_of(name, rows[name])) for name in _ROW_TABLES}]


def _pick(parts: list, name: str):
    return parts[0][name]


# --------------------------------------------------------------------------- schedulers


def _port_open(address: str) -> None:
    """Fail fast (OSError) when nothing listens at a tcp:// address."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()


@contextmanager
def dask_client(scheduler=None, *, jobs: int | None = None):
    """A ``distributed.Client``: the one given, one connected to a scheduler address
    (``tcp://host:8786``), or a local cluster of ``jobs`` worker processes (one thread each:
    extraction is pure Python, so processes, not threads, give parallelism)."""
    import logging

    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler
        return
    cluster = None
    if scheduler:
        try:
            _port_open(str(scheduler))
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or leave out "
                "--scheduler to run on this machine.") from None
    else:
        from geo._jobs import default_jobs

        jobs = jobs or default_jobs()
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=":0",  # any free port: no warning when 8787 is taken
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- lazy API


@dataclass
class CorpusTables:
    """Lazy tables of a corpus: Dask (Geo)DataFrames, computed on demand.

    ``places``, ``routes`` (dask-geopandas, EPSG:4326) and ``errors`` (dask DataFrame) have
    one partition per partition of the articles; :meth:`corridors` aggregates the routes.
    """

    places: object
    routes: object
    errors: object
    scheduler: object = None

    def corridors(self):
        """A lazy Dask DataFrame of corridors (geometry as WKB), aggregated with a shuffle."""
        from geo.corpus_agg import ROUTE_COLUMNS, corridors_graph

        routes = self.routes.map_partitions(_routes_wkb, meta=_routes_wkb_meta())[ROUTE_COLUMNS]
        return corridors_graph(routes, npartitions=max(1, self.routes.npartitions // 16))

    def compute(self) -> dict:
        """All four tables as (Geo)DataFrames, in one pass over the articles."""
        import dask

        todo = (self.places, self.routes, self.errors, self.corridors())
        if isinstance(self.scheduler, str) and self.scheduler in ("sync", "threads", "processes"):
            out = dask.compute(*todo, scheduler=self.scheduler)
        else:
            with dask_client(self.scheduler) as client:
                out = client.compute(list(todo), sync=True)
        places, routes, errors, corridors = out
        corridors = frame_of("corridors", table_of("corridors", corridors.to_dict("records")))
        return {"places": places.reset_index(drop=True), "routes": routes.reset_index(drop=True),
                "errors": errors.reset_index(drop=True), "corridors": corridors}


def _routes_wkb(df):
    import pandas as pd
    import shapely

    out = pd.DataFrame({c: df[c].astype(object) for c in df.columns if c != "geometry"})
    geoms = df.geometry.to_numpy() if len(df) else []
    out["geometry"] = pd.Series([None if g is None else shapely.to_wkb(g) for g in geoms],
                                dtype=object, index=out.index)
    return out


def _routes_wkb_meta():
    import pandas as pd

    from geo.corpus_tables import SCHEMAS

    return pd.DataFrame({f.name: pd.Series(dtype=object) for f in SCHEMAS["routes"]})


def _empty(name):
    return frame_of(name, table_of(name, []))


def extract(articles, *, scheduler=None, max_seconds: float | None = MAX_SECONDS) -> CorpusTables:
    """Map :func:`geo.extract` over the partitions of a corpus, lazily.

    Parameters
    ----------
    articles : dask.bag.Bag or path-like
        Article records from :func:`read` (or a corpus path, read with default options).
    scheduler : None, str or distributed.Client
        Where :meth:`CorpusTables.compute` runs: None starts a local cluster (one worker
        process per core), ``"tcp://host:8786"`` connects to a running scheduler, a Client
        is used as it is; ``"sync"``, ``"threads"``, ``"processes"`` use plain Dask.
    max_seconds : float or None
        Time budget per article (default 120 s): one that runs over becomes an error row.

    Returns
    -------
    CorpusTables
        Bad articles are rows of ``errors`` (article_id, reason), never a failed job;
        syndicated copies carry ``duplicate_of``.

    Examples
    --------
    >>> t = extract(read("data/corpus"), scheduler="sync").compute()   # doctest: +SKIP
    >>> t["corridors"][["corridor_key", "status", "n_articles"]]        # doctest: +SKIP
    """
    import dask
    import dask.dataframe as dd

    if not hasattr(articles, "map_partitions"):
        articles = read(articles)
    with dask.config.set({"dataframe.convert-string": False}):
        chunks = articles.to_delayed()
        hashes = dd.from_delayed([dask.delayed(_hashes_tagged)(d, i) for i, d in enumerate(chunks)],
                                 meta=_hash_frames_meta(), verify_meta=False)
        dup_map = dask.delayed(_dup_dict)(_duplicates_frame(hashes).to_delayed())
        parts = [dask.delayed(_frames)(d, dup_map, max_seconds) for d in chunks]
        frames = {name: dd.from_delayed([dask.delayed(_pick)(p, name) for p in parts],
                                        meta=_empty(name), verify_meta=False)
                  for name in _ROW_TABLES}
    return CorpusTables(frames["places"], frames["routes"], frames["errors"], scheduler)


# --------------------------------------------------------------------------- run on disk


def _fingerprint(parts: list[Part], input_path) -> str:
    h = hashlib.sha256(str(Path(input_path).resolve()).encode())
    for p in parts:
        h.update(json.dumps(p.__dict__, sort_keys=True).encode())
    return h.hexdigest()[:16]


def _part_done(outdir: Path, index: int) -> dict | None:
    """The counts of a part whose three files exist, else None."""
    import pyarrow.parquet as pq

    files = [outdir / t / part_name(index) for t in _ROW_TABLES]
    if not all(f.exists() for f in files):
        return None
    try:
        meta = pq.read_schema(files[-1]).metadata or {}
        return json.loads(meta[b"corpus_counts"])
    except (OSError, KeyError, ValueError):
        return None


def _write_manifest(outdir: Path, manifest: dict) -> None:
    atomic_write_bytes(outdir / "manifest.json",
                       (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())


def _prepare_outdir(outdir: Path, fingerprint: str, *, resume: bool) -> dict | None:
    """The previous manifest when resuming; clears a previous run otherwise."""
    manifest_path = outdir / "manifest.json"
    old = None
    if manifest_path.exists():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            old = None
    if resume and old is not None:
        if old.get("fingerprint") != fingerprint:
            raise OutputError(f"{outdir} holds a run of other input or partitioning "
                              f"({old.get('input')}); drop --resume to start over there.")
        for t in TABLES:                  # temp files of writes that were cut short
            for tmp in (outdir / t).glob(".part-*.tmp.parquet"):
                tmp.unlink(missing_ok=True)
        return old
    if outdir.exists() and any(outdir.iterdir()) and old is None and not resume:
        raise OutputError(f"{outdir} is not empty and holds no corpus run; choose a new or "
                          "empty folder.")
    for t in TABLES:
        if (outdir / t).is_dir():
            shutil.rmtree(outdir / t)
    return None


def run(input_path, outdir, *, jobs: int | None = None, scheduler=None, resume: bool = False,
        partition_size: int = 200, progress: bool = False,
        max_seconds: float | None = MAX_SECONDS) -> dict:
    """Extract a corpus into GeoParquet tables under ``outdir``; return the summary.

    Parameters
    ----------
    input_path : path-like
        A corpus folder or file (see :func:`geo.corpus_read.read`).
    outdir : path-like
        Gets ``places/``, ``routes/``, ``errors/``, ``corridors/`` and ``manifest.json``.
    jobs : int, optional
        Worker processes of the local cluster (default: ``geo._jobs.default_jobs()``, one
        on a machine of two cores or fewer, else one per core).
    scheduler : str or distributed.Client, optional
        A Dask scheduler address; workers must see ``input_path`` and ``outdir``.
    resume : bool
        Keep the parts a previous run of the same input finished; do the rest.
    partition_size : int
        Articles per part (a part is the unit of work and of resuming).
    progress : bool
        Show a progress bar of finished parts (tqdm, on stderr).
    max_seconds : float or None
        Time budget per article (default 120 s; None: no limit): one that runs over becomes
        an error row, in the workers' threads too.

    Returns
    -------
    dict
        ``articles, duplicates, errors, places, routes, corridors, seconds, docs_per_s``
        (docs/s counts the articles extracted in this run over the extraction time).
    """
    import sys

    from distributed import as_completed
    from tqdm import tqdm

    from geo import __version__

    t0 = time.perf_counter()
    outdir = Path(outdir).resolve()        # workers elsewhere need absolute paths
    parts = plan(input_path, partition_size=partition_size)
    fingerprint = _fingerprint(parts, input_path)
    old = _prepare_outdir(outdir, fingerprint, resume=resume)
    counts: dict[int, dict] = {}
    if old is not None:
        for i in range(len(parts)):
            c = _part_done(outdir, i)
            if c is not None:
                counts[i] = c
    for t in TABLES:
        (outdir / t).mkdir(parents=True, exist_ok=True)
    manifest = {"schema_version": MANIFEST_VERSION, "package": "corridor-atlas",
                "package_version": __version__, "input": str(Path(input_path).resolve()),
                "fingerprint": fingerprint, "partition_size": partition_size,
                "n_partitions": len(parts), "partitions_done": sorted(counts),
                "tables": list(TABLES), "finished": False}
    _write_manifest(outdir, manifest)
    todo = [p for p in parts if p.index not in counts]
    with dask_client(scheduler, jobs=jobs) as client:
        dups = duplicates(parts, client) if parts else {}
        t1 = time.perf_counter()
        # pure=False: a new key per run, so a long-lived cluster never hands back the
        # result of an earlier run (whose files may be gone) instead of writing again.
        futures = [client.submit(write_part, p, str(outdir), dups.get(p.index, {}), max_seconds,
                                 pure=False)
                   for p in todo]
        bar = tqdm(total=len(parts), initial=len(counts), disable=not progress, unit="part",
                   file=sys.stderr, desc="corpus")
        done_articles = 0
        for fut in as_completed(futures):
            c = fut.result()
            counts[c["part"]] = c
            done_articles += c["articles"]
            manifest["partitions_done"] = sorted(counts)
            _write_manifest(outdir, manifest)
            bar.update()
        bar.close()
        t_extract = time.perf_counter() - t1
        n_corridors = write_corridors(outdir, client, len(parts),
                                      sum(c["routes"] for c in counts.values()))
    totals = {k: sum(c[k] for c in counts.values())
              for k in ("articles", "duplicates", "errors", "places", "routes")}
    summary = dict(totals, corridors=n_corridors, partitions=len(parts),
                   resumed_partitions=len(parts) - len(todo),
                   seconds=round(time.perf_counter() - t0, 2),
                   docs_per_s=round(done_articles / t_extract, 1) if t_extract > 0 and done_articles else None)
    manifest.update(finished=True, summary=summary)
    _write_manifest(outdir, manifest)
    return summary


def _write_corridor_part(df, outdir: str, index: int) -> int:
    write_table(table_of("corridors", df.to_dict("records")),
                Path(outdir) / "corridors" / part_name(index))
    return len(df)


def write_corridors(outdir, client, n_parts: int, n_routes: int) -> int:
    """Aggregate ``outdir/routes`` into ``outdir/corridors`` with a Dask shuffle; return
    the number of corridors. The number of corridor parts grows with the routes
    (about 50,000 route rows each)."""
    import dask

    from geo.corpus_agg import corridors_graph

    outdir = Path(outdir)
    files = [outdir / "routes" / part_name(i) for i in range(n_parts)]
    k = max(1, min(n_parts, math.ceil(n_routes / 50_000)))
    graph = corridors_graph(files, npartitions=k)
    writes = [dask.delayed(_write_corridor_part)(d, str(outdir), i)
              for i, d in enumerate(graph.to_delayed())]
    n = sum(client.compute(writes, sync=True))
    for stale in (outdir / "corridors").glob("part-*.parquet"):
        if int(stale.stem.split("-")[1]) >= len(writes):
            stale.unlink()
    return n


def load(outdir, table: str):
    """One table of a run as a (Geo)DataFrame (``errors`` has no geometry).

    >>> load("out", "corridors")[["corridor_key", "status", "n_articles"]]   # doctest: +SKIP
    """
    import pyarrow.parquet as pq

    if table not in TABLES:
        raise ValueError(f"table={table!r}: use one of {', '.join(TABLES)}.")
    folder = Path(outdir) / table
    files = sorted(folder.glob("part-*.parquet"))
    if not files:
        raise FileNotFoundError(f"{folder}: no parts; run `corridors corpus INPUT -o {outdir}` first.")
    import pyarrow as pa

    return frame_of(table, pa.concat_tables([pq.read_table(f) for f in files]))
