"""Locate the package's data files, in a clone and in an installed wheel alike.

The wheel maps the top-level ``data/`` folder to ``geo/data`` (hatchling force-include);
an editable install or a plain clone has it one level above the package.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    """Return the folder that holds the curated data files."""
    packaged = resources.files("geo").joinpath("data")
    if packaged.is_dir():
        return Path(str(packaged))
    clone = Path(__file__).resolve().parent.parent / "data"
    if clone.is_dir():
        return clone
    raise FileNotFoundError(
        "Corridor Atlas data files are missing: neither geo/data nor ../data exists. "
        "Reinstall the package (pip install corridor-atlas) or run from a full clone."
    )


def data_path(*parts: str) -> Path:
    """Return the path of one data file, e.g. ``data_path("rail", "links.csv")``."""
    return data_dir().joinpath(*parts)


def files_digest(paths) -> str:
    """Hash the contents of several files (for cache keys)."""
    h = hashlib.sha256()
    for p in sorted(str(p) for p in paths):
        h.update(Path(p).name.encode())
        h.update(Path(p).read_bytes())
    return h.hexdigest()
