"""SIGINT and SIGTERM end a batch in order: what was judged is committed, then the exit.

Python's default for SIGTERM ends the process without running `finally` blocks, and a
SIGINT can land half-way through a log append. Here both raise `Interrupted` in the main
thread, except inside `critical()` sections (appending to the log, printing a decision),
where the signal is held until the section ends. So every decision printed is in the log,
and the log is never left with part of a chunk.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)
)


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt, which it generalises
    """The batch was stopped by a signal; `exit_code` is the shell's 128 + signal number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


class StopSignals:
    """The installed handlers, and the sections they must not cut."""

    def __init__(self) -> None:
        self._depth = 0
        self._pending: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self._depth:
            self._pending = signum
            return
        raise Interrupted(signum)

    @contextmanager
    def critical(self) -> Iterator[None]:
        """A section a stop signal does not cut: it is raised when the section ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth and self._pending is not None:
                signum, self._pending = self._pending, None
                raise Interrupted(signum)


@contextmanager
def stop_signals() -> Iterator[StopSignals]:
    """Handle SIGINT and SIGTERM as `Interrupted` for the block (main thread only; in other
    threads the block runs with the handlers it has)."""
    stop = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    for sig in STOP_SIGNALS:
        previous[sig] = signal.signal(sig, stop.handle)
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
