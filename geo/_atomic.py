"""Atomic, durable file writes: write beside the target, flush it to disk, rename, then
flush the folder, so that no reader (another process, a browser) ever sees half a file, a
failed or killed write leaves the old file intact, and a power cut after the rename keeps
the new one.

Temporary files are named ``.NAME.XXXXXXXX.tmpSUFFIX``; those a killed writer left behind
are removed by the next write to the same target (and by the cache on start-up) once they
are an hour old, so that a write in progress in another process is never touched.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

#: Temporary files younger than this may belong to a writer that is still running.
STALE_TEMP_S = 3600

# mkstemp's random part is 8 characters of [a-z0-9_]; SQLite (GeoPackage) adds journals.
_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp[^/]*?(?:-journal|-wal|-shm)?$")


def is_our_temp(name: str) -> bool:
    """True for the name of a temporary file made by :func:`atomic_path`."""
    return bool(_TEMP.match(name))


def sweep_temps(folder, *, prefix: str = ".", max_age_s: float = STALE_TEMP_S) -> list[Path]:
    """Remove our temporary files in ``folder`` (names starting with ``prefix``) that are
    older than ``max_age_s``; return the removed paths. Errors are ignored."""
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix) or not is_our_temp(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > max_age_s:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def fsync_path(path) -> None:
    """Flush a file's (or, on POSIX, a folder's) data to disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if os.path.isdir(path) else os.O_RDONLY
    if os.name == "nt" and os.path.isdir(path):
        return  # Windows cannot open a folder; NTFS journals the rename itself
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The file gets the usual permissions (0666 less the umask), not mkstemp's 0600. It is
    flushed to disk before the rename and the folder after it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_temps(path.parent, prefix=f".{path.name}.")
    # keep the real extension last: some writers (GDAL for GeoPackage) check it
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=f".tmp{path.suffix}")
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        fsync_path(tmp)
        os.replace(tmp, path)
    except BaseException:
        for leftover in ("", "-journal", "-wal", "-shm"):
            Path(tmp + leftover).unlink(missing_ok=True)
        raise
    try:
        fsync_path(path.parent)
    except OSError:
        pass  # some file systems refuse to sync a folder; the rename is done all the same


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and durably and return the path."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            view = memoryview(data)
            while view:  # a short write is not an error of ours: write the rest
                view = view[fh.write(view):]
    return Path(path)
