"""A per-record time budget: a record that takes too long is reported, not waited for.

Judging is Python, with regular expressions run by `re` in C. A watchdog thread could only
notice a stall, not end it; a worker process per record could be killed but costs a
process round trip per record. `signal.setitimer` sends SIGALRM after the budget, and the
handler raises in the main thread at the next bytecode; `re` checks for signals while it
matches, so a regex stuck in backtracking is ended too. The cost is about 10 µs of CPU a
record (arming, disarming, and the handler set and restored).

Code that must not be cut half-way (the durable-rules engine, whose state would be left
unknown) runs under `shielded()`: an alarm that falls there is held until the section ends.

SIGALRM exists only on POSIX and reaches only the main thread. Elsewhere (Windows, a
server's worker thread) the budget is checked when the record finishes: the record is still
reported as over budget, but a stall is not cut short.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from socialpolicy.errors import Location, RecordTimeoutError

DEFAULT_RECORD_TIMEOUT = 10.0
"""Seconds one record may take to judge in a batch (`check --record-timeout`); 0: no limit."""


class _Expired(BaseException):  # noqa: N818 - internal; BaseException so no `except Exception` eats it
    """Raised in the main thread when the budget runs out."""


class _State:
    active = False  # a budget is armed
    pending = False  # it ran out inside a shielded section
    shield = 0


_STATE = _State()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if not _STATE.active:
        return
    if _STATE.shield:
        _STATE.pending = True
        return
    _STATE.active = False
    raise _Expired


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def armed() -> bool:
    """Whether a record budget is running (in the main thread). Without one no alarm can cut
    anything, so a caller on a hot path may skip `shielded()`."""
    return _STATE.active


@contextmanager
def shielded() -> Iterator[None]:
    """A section the budget does not cut: an alarm inside it takes effect when it ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _STATE.shield += 1
    try:
        yield
    finally:
        _STATE.shield -= 1
        if not _STATE.shield and _STATE.pending and _STATE.active:
            _STATE.pending = False
            _STATE.active = False
            raise _Expired


def _expired(seconds: float, where: Location, after: bool = False) -> RecordTimeoutError:
    how = " (measured when it finished: the budget cannot interrupt outside the main thread)"
    return RecordTimeoutError(
        f"judging took longer than the {seconds:g} s budget for one record"
        + (how if after else ""),
        where,
        suggestion="raise --record-timeout (or record-timeout in the configuration) "
        "if such records are expected",
    )


@contextmanager
def record_budget(seconds: float | None, where: Location | None = None) -> Iterator[None]:
    """Raise `RecordTimeoutError` when the block runs longer than `seconds` (None, 0, or
    anything but a finite positive number: no limit). Budgets do not nest: the inner one is
    ignored."""
    where = where or Location()
    if not seconds or not 0 < seconds < math.inf or _STATE.active:
        yield
        return
    if not _can_interrupt():
        start = time.monotonic()
        yield
        if time.monotonic() - start > seconds:
            raise _expired(seconds, where, after=True)
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _STATE.pending = False
    _STATE.active = True
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            # The handler does nothing once `active` is off: disarm may race the alarm.
            _STATE.active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise _expired(seconds, where) from None
    finally:
        _STATE.pending = False
        signal.signal(signal.SIGALRM, previous)
