"""A time budget for one article that the work checks as it goes.

A timer signal can stop only the main thread of a POSIX process; Dask workers and thread
pools run articles elsewhere. So the extraction stages call :func:`check` at their loop
heads (per candidate batch, per name, per sentence, per route drawn) and a budget set with
:func:`time_budget` (in any thread: the deadline lives in a context variable) turns a
runaway article into :class:`BudgetExceeded` within one step of the deadline.
"""

from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager


class BudgetExceeded(BaseException):
    """One input took longer than its time budget.

    A BaseException, as KeyboardInterrupt is, so that no ``except Exception`` on the way
    (a fallback in routing, say) swallows it."""


_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("corridors_deadline",
                                                                         default=None)


@contextmanager
def time_budget(seconds: float | None):
    """Within the block, :func:`check` raises :class:`BudgetExceeded` once ``seconds`` have
    passed (None or 0: no budget; an outer, earlier deadline stays in force)."""
    outer = _DEADLINE.get()
    deadline = time.monotonic() + seconds if seconds else None
    if outer is not None and (deadline is None or outer < deadline):
        deadline = outer
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise :class:`BudgetExceeded` when the current budget is spent."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise BudgetExceeded
