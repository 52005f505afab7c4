"""Optional online geocoding with OpenStreetMap's Nominatim (through geopy).

At most one request per second (Nominatim's usage policy), a custom user agent, answers
cached on disk, a timeout with a clear message, and the offline index as fallback.
``$CORRIDORS_NOMINATIM_URL`` points it at another server (tests use one on 127.0.0.1).
"""

from __future__ import annotations

import json
import os
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

from geo import __version__
from geo._atomic import atomic_write_bytes
from geo._errors import ProviderError
from geo.gazetteer import cache_dir

USER_AGENT = f"corridor-atlas/{__version__} (offline-first news geoparser)"
MIN_INTERVAL_S = 1.0
TIMEOUT_S = 10.0

_lock = threading.Lock()
_last_request = [0.0]


def _cache_file() -> Path:
    return cache_dir() / "nominatim.json"


def _load_cache() -> dict:
    try:
        return json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_cache(cache: dict) -> None:
    atomic_write_bytes(_cache_file(), json.dumps(cache, ensure_ascii=False).encode("utf-8"))


def _client():
    from geopy.geocoders import Nominatim

    url = os.environ.get("CORRIDORS_NOMINATIM_URL", "https://nominatim.openstreetmap.org")
    parsed = urlparse(url)
    return Nominatim(user_agent=USER_AGENT, domain=parsed.netloc + parsed.path.rstrip("/"),
                     scheme=parsed.scheme or "https", timeout=TIMEOUT_S)


def _throttle():
    with _lock:
        wait = _last_request[0] + MIN_INTERVAL_S - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _last_request[0] = time.monotonic()


def query_nominatim(query: str, *, country: str | None = None) -> dict | None:
    """The raw first answer of Nominatim for a query (cached), or None when it has none.

    Raises
    ------
    ProviderError
        On a timeout, an unreachable server or a malformed answer.
    """
    from geopy.exc import GeocoderServiceError, GeocoderTimedOut

    key = f"{query}|{country or ''}"
    cache = _load_cache()
    if key in cache:
        return cache[key]
    _throttle()
    try:
        loc = _client().geocode(query, exactly_one=True, addressdetails=True,
                                country_codes=country.lower() if country else None)
    except (GeocoderTimedOut, GeocoderServiceError, ValueError) as exc:
        if isinstance(exc, GeocoderTimedOut) or "timed out" in str(exc).lower():
            raise ProviderError(f"Nominatim did not answer within {TIMEOUT_S:g} s for {query!r}; "
                                "try again later or use provider='offline'.") from None
        raise ProviderError(f"Nominatim failed for {query!r}: {exc}. "
                            "Use provider='offline' to geocode without a network.") from None
    answer = None if loc is None else loc.raw
    cache[key] = answer
    _save_cache(cache)
    return answer


def geocode_nominatim(query: str, *, country: str | None = None):
    """A :class:`~geo.geocoding.Place` from Nominatim, or None (the caller falls back to
    the offline index). Provider failures warn and return None."""
    from geo.geocoding import Place

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
    cc = (raw.get("address") or {}).get("country_code")
    return Place(f"osm:{raw.get('osm_type', 'node')}/{raw.get('osm_id', '')}",
                 raw.get("name") or raw.get("display_name", query).split(",")[0], kind,
                 cc.upper() if cc else None, float(raw["lat"]), float(raw["lon"]), 0,
                 "OpenStreetMap Nominatim", float(raw.get("importance") or 0.0))
