"""What ``--jobs`` means, for every command that takes it (``corridors extract``,
``corridors corpus``): how many processes extract at once, a whole number of at least 1.
``corridors extract --jobs 1`` extracts in its own process; ``--jobs N`` forks N workers
once the index is loaded. ``corridors corpus --jobs N`` starts N Dask worker processes.

By default both use one process on a machine of two cores or fewer, else one per usable
core; ``corridors extract`` also uses one for a batch of fewer than :data:`SMALL_BATCH`
files. Measured on our shared two-core machine (GWN + LGL texts, ~3 ms each; medians of
3): ``extract --jobs 2`` took 1.04-1.20x the wall time of ``--jobs 1`` from 25 to 788
files, and 7-15% more CPU (the fork's copied pages, the records pickled back to the
parent); ``corpus`` with 2 Dask workers extracted 1.06x the docs/s of 1 worker (1,576
articles) with twice the memory (646 MB a worker). With other work on the cores a second
process gains nothing there.
"""

from __future__ import annotations

import os

#: Fewer files than this run in one process by default: forking and starting the pool
#: cost about as much as a hundred short articles.
SMALL_BATCH = 100
#: On a machine with this many usable cores or fewer, one process by default.
SMALL_MACHINE = 2
#: The help text of ``--jobs``, the same in every command (``extract`` adds its batch rule).
HELP = ("how many processes extract at once (at least 1; default: 1 on a machine of "
        f"{SMALL_MACHINE} cores or fewer, else one per core)")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(n_inputs: int | None = None) -> int:
    """The number of processes a batch of ``n_inputs`` uses when ``--jobs`` is not given
    (``None``: a batch of unknown size, as a corpus is)."""
    cores = usable_cores()
    if cores <= SMALL_MACHINE or (n_inputs is not None and n_inputs < SMALL_BATCH):
        return 1
    return cores


def positive_int(value: str) -> int:
    """A count option as argparse reads it (``--jobs``, ``--partition-size``): a whole
    number of at least 1, else one line."""
    import argparse

    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a whole number of at least 1")
    return n


#: ``--jobs`` as argparse reads it.
jobs_type = positive_int
