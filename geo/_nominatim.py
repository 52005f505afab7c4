"""Optional online geocoding with OpenStreetMap's Nominatim (through geopy).

At most one request per second (Nominatim's usage policy) across every process sharing
the cache folder, a custom user agent, answers cached in one SQLite table, one attempt per
query with a timeout (no hidden retries), and the offline index as fallback. An answer
without coordinates is an error, never cached. ``$CORRIDORS_NOMINATIM_URL`` points it at
another server (tests use one on 127.0.0.1).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

from geo import __version__
from geo._cache import say, writable_dir
from geo._errors import ProviderError
from geo.gazetteer import Record, cache_dir

USER_AGENT = f"corridor-atlas/{__version__} (offline-first news geoparser)"
MIN_INTERVAL_S = 1.0
TIMEOUT_S = 10.0
CACHE_NAME = "nominatim.sqlite"

_lock = threading.Lock()
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (query TEXT PRIMARY KEY, answer TEXT, fetched REAL);
CREATE TABLE IF NOT EXISTS throttle (id INTEGER PRIMARY KEY CHECK (id = 1), last REAL);
"""


def _cache_file() -> Path:
    return writable_dir(cache_dir()) / CACHE_NAME


def _connect() -> sqlite3.Connection:
    """The cache database; a damaged one is replaced (one stderr line)."""
    path = _cache_file()
    try:
        return _open(path)
    except sqlite3.DatabaseError as exc:
        say(f"the Nominatim cache {path} was damaged ({exc}); starting a new one")
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        return _open(path)
    except sqlite3.DatabaseError as exc:
        raise ProviderError(f"the Nominatim cache {path} cannot be used ({exc}); "
                            "remove it with `corridors cache clear`") from None


def _open(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        con.executescript(_SCHEMA)
        con.execute("SELECT count(*) FROM answers").fetchone()
    except sqlite3.DatabaseError:
        con.close()
        raise
    return con


def _cached(con, key: str):
    """(True, answer) when ``key`` has a sound cached answer, else (False, None)."""
    row = con.execute("SELECT answer FROM answers WHERE query = ?", (key,)).fetchone()
    if row is None:
        return False, None
    try:
        answer = json.loads(row[0])
        return True, (None if answer is None else _checked(answer, key))
    except (ValueError, ProviderError):
        return False, None  # a bad row (written by hand or by an old version): ask again


def _checked(answer, query: str) -> dict:
    """``answer`` when it has finite coordinates and a name, else ProviderError."""
    try:
        lat, lon = float(answer["lat"]), float(answer["lon"])
        ok = math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
        ok = ok and bool(answer.get("display_name") or answer.get("name"))
    except (KeyError, TypeError, ValueError, AttributeError):
        ok = False
    if not ok:
        raise ProviderError(f"Nominatim gave an answer without coordinates or name for {query!r}; "
                            "it was not cached. Use provider='offline' to geocode without a network.")
    return answer


def _client():
    from geopy.adapters import URLLibAdapter
    from geopy.geocoders import Nominatim

    url = os.environ.get("CORRIDORS_NOMINATIM_URL", "https://nominatim.openstreetmap.org")
    parsed = urlparse(url)
    # urllib makes one attempt; requests' adapter would retry twice (3 x the timeout)
    return Nominatim(user_agent=USER_AGENT, domain=parsed.netloc + parsed.path.rstrip("/"),
                     scheme=parsed.scheme or "https", timeout=TIMEOUT_S,
                     adapter_factory=URLLibAdapter)


def _throttle(con) -> None:
    """Wait until a second has passed since the last request of any process, and claim
    the slot. The SQLite write lock makes the check-and-claim one step across processes."""
    with _lock:
        con.execute("BEGIN IMMEDIATE")
        try:
            row = con.execute("SELECT last FROM throttle WHERE id = 1").fetchone()
            wait = (row[0] if row else 0.0) + MIN_INTERVAL_S - time.time()
            if wait > 0:
                time.sleep(min(wait, MIN_INTERVAL_S))
            con.execute("INSERT OR REPLACE INTO throttle VALUES (1, ?)", (time.time(),))
        finally:
            con.execute("COMMIT")


def query_nominatim(query: str, *, country: str | None = None) -> dict | None:
    """The raw first answer of Nominatim for a query (cached), or None when it has none.

    Raises
    ------
    ProviderError
        On a timeout, an unreachable server or an answer without coordinates.
    """
    from geopy.exc import GeocoderServiceError, GeocoderTimedOut

    key = f"{query}|{country or ''}"
    con = _connect()
    try:
        hit, answer = _cached(con, key)
        if hit:
            return answer
        _throttle(con)
        try:
            loc = _client().geocode(query, exactly_one=True, addressdetails=True,
                                    country_codes=country.lower() if country else None)
        except (GeocoderTimedOut, GeocoderServiceError, ValueError) as exc:
            if isinstance(exc, GeocoderTimedOut) or "timed out" in str(exc).lower():
                raise ProviderError(f"Nominatim did not answer within {TIMEOUT_S:g} s for {query!r}; "
                                    "try again later or use provider='offline'.") from None
            raise ProviderError(f"Nominatim failed for {query!r}: {exc}. "
                                "Use provider='offline' to geocode without a network.") from None
        answer = None if loc is None else _checked(loc.raw, query)
        con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                    (key, json.dumps(answer, ensure_ascii=False), time.time()))
        return answer
    finally:
        con.close()


def geocode_nominatim(query: str, *, country: str | None = None) -> tuple[Record, float] | None:
    """The best Nominatim answer as ``(record, score)`` — a :class:`geo.gazetteer.Record`,
    as the offline index gives, and Nominatim's importance — or None (the caller falls
    back to the offline index). Provider failures warn and return None."""
    try:
        raw = query_nominatim(query, country=country)
    except ProviderError as exc:
        warnings.warn(f"{exc} Falling back to the offline index.", stacklevel=3)
        return None
    if not raw:
        return None
    cls = raw.get("class") or raw.get("category") or ""
    kind = {"boundary": "admin1", "place": "city", "aeroway": "airport",
            "waterway": "water", "natural": "water"}.get(cls, "city")
    if raw.get("type") == "administrative" and raw.get("addresstype") == "country":
        kind = "country"
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    cc = address.get("country_code")
    try:
        importance = float(raw.get("importance") or 0.0)
    except (TypeError, ValueError):
        importance = 0.0
    name = raw.get("name") or str(raw.get("display_name") or query).split(",")[0]
    rec = Record(f"osm:{raw.get('osm_type', 'node')}/{raw.get('osm_id', '')}", str(name), kind,
                 cc.upper() if isinstance(cc, str) and len(cc) == 2 else None,
                 float(raw["lat"]), float(raw["lon"]), 0, "OpenStreetMap Nominatim")
    return rec, importance if math.isfinite(importance) else 0.0
