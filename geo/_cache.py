"""Keeping cache files usable: a writable folder (or a temporary one, with one warning),
a lock so that parallel processes build a cache file once, and file checksums.

Messages about the cache are one line on stderr each, never a traceback: the cache is our
business, not the user's, and the tool goes on with a rebuilt or temporary cache.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

#: A lock held longer than this (seconds) belongs to a hung process: build anyway.
LOCK_STALE_S = 600.0

_fallbacks: dict[str, Path] = {}


def cache_dir() -> Path:
    """Return the cache folder (``$CORRIDORS_CACHE_DIR`` or the platform's user cache dir)."""
    env = os.environ.get("CORRIDORS_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("corridor-atlas", appauthor=False))


def say(message: str) -> None:
    """One line on stderr, prefixed with the tool's name."""
    print(f"corridors: {message}", file=sys.stderr, flush=True)


def _probe(folder: Path) -> None:
    """Raise OSError unless we can create files in ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".probe.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)


def _private_temp_dir() -> Path:
    """A temporary cache folder that only this user can write."""
    uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    base = Path(tempfile.gettempdir()) / f"corridor-atlas-cache-{uid}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        st = base.lstat()
        mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if stat.S_ISDIR(st.st_mode) and mine and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            _probe(base)
            return base
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="corridor-atlas-cache-"))


def writable_dir(folder: Path) -> Path:
    """``folder`` when files can be written there, else a temporary folder of this user.

    The switch is announced once per process with one stderr line.
    """
    folder = Path(folder)
    hit = _fallbacks.get(str(folder))
    if hit is not None:
        return hit
    try:
        _probe(folder)
        return folder
    except OSError as exc:
        fallback = _private_temp_dir()
        _fallbacks[str(folder)] = fallback
        say(f"cannot write the cache folder {folder} ({exc.strerror or exc}); using {fallback} "
            "for now. Set CORRIDORS_CACHE_DIR to a writable folder to keep the cache.")
        return fallback


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def build_lock(lock_file: Path, *, stale_s: float | None = None, what: str = "the cache"):
    """Hold an exclusive lock on ``lock_file`` (created if missing) for the block.

    The operating system releases the lock when its holder dies, so a killed builder never
    blocks the next one; a holder that is alive but stuck for ``stale_s`` seconds (default
    :data:`LOCK_STALE_S`, ``$CORRIDORS_LOCK_STALE_S`` overrides it) is passed over with one
    line on stderr. Yields True when the lock was taken.
    """
    if stale_s is None:
        stale_s = float(os.environ.get("CORRIDORS_LOCK_STALE_S", LOCK_STALE_S))
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
    got = False
    try:
        start = time.monotonic()
        while not (got := _try_lock(fd)):
            if time.monotonic() - start > stale_s:
                say(f"another process has held the lock on {what} for over {stale_s:.0f} s; "
                    "going ahead without it")
                break
            time.sleep(0.1)
        yield got
    finally:
        if got:
            _unlock(fd)
        os.close(fd)


def file_sha256(path) -> str:
    """Hex SHA-256 of a file's bytes."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
