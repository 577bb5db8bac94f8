"""The service's decision log: one thread owns the log and commits decisions in groups.

A request's decisions are committed before its answer is sent, so a decision a client saw
is in the log. Requests that arrive together share one transaction (group commit): under
load the log costs one commit per group, not one per post.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from socialpolicy.decisions import Decision
from socialpolicy.errors import Location, LogError, SocialPolicyError
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy

if TYPE_CHECKING:
    from socialpolicy.audit.writer import LogWriter

GROUP_MAX = 500
"""Most decisions committed in one transaction."""


@dataclass(slots=True)
class _Item:
    pack: str
    post: Post
    account: Account | None
    decision: Decision
    done: Future[None] = field(default_factory=Future)


_STOP = object()


class LogSink:
    """Appends decisions of several packs to one decision log, from any thread."""

    def __init__(self, location: str, policies: dict[str, tuple[Policy, Path]]) -> None:
        self.location = location
        self._policies = policies
        self._queue: queue.SimpleQueue[_Item | object] = queue.SimpleQueue()
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(target=self._run, name="socialpolicy-log", daemon=True)
        self.committed = 0
        self.failed = 0

    def start(self) -> None:
        """Open the log (in its own thread); raises LogError when it cannot be opened."""
        self._thread.start()
        self._ready.result()

    def submit(self, pack: str, post: Post, account: Account | None, d: Decision) -> Future[None]:
        """Queue one decision; the future completes when it is committed (or fails)."""
        item = _Item(pack, post, account, d)
        if not self._thread.is_alive():
            item.done.set_exception(
                LogError("the decision log is closed", Location(file=self.location))
            )
            return item.done
        self._queue.put(item)
        return item.done

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def close(self) -> None:
        """Commit what is queued and close the log."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()

    def _run(self) -> None:
        from socialpolicy.audit.log import open_log
        from socialpolicy.audit.writer import LogWriter

        try:
            log = open_log(self.location, create=True)
        except SocialPolicyError as exc:
            self._ready.set_exception(exc)
            return
        try:
            writers = {
                name: LogWriter(log, pol, pack_dir, chunk=GROUP_MAX + 1, interval=float("inf"))
                for name, (pol, pack_dir) in self._policies.items()
            }
        except SocialPolicyError as exc:
            log.close()
            self._ready.set_exception(exc)
            return
        self._ready.set_result(None)
        try:
            stopping = False
            while not stopping:
                group: list[_Item] = []
                first = self._queue.get()
                if first is _STOP:
                    break
                assert isinstance(first, _Item)
                group.append(first)
                while len(group) < GROUP_MAX:
                    try:
                        nxt = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if nxt is _STOP:
                        stopping = True
                        break
                    assert isinstance(nxt, _Item)
                    group.append(nxt)
                self._commit(writers, group)
        finally:
            log.close()

    def _commit(self, writers: dict[str, LogWriter], group: list[_Item]) -> None:
        by_pack: dict[str, list[_Item]] = {}
        for item in group:
            by_pack.setdefault(item.pack, []).append(item)
        for pack, items in by_pack.items():
            w = writers[pack]
            try:
                for item in items:
                    w.add(item.post, item.account, item.decision)
                w.flush()
            except Exception as exc:  # noqa: BLE001 - every failure must reach its request
                # These requests are answered as failed: their records must not land later.
                w._pending.clear()
                self.failed += len(items)
                err = (
                    exc
                    if isinstance(exc, SocialPolicyError)
                    else LogError(
                        f"cannot append to the decision log: {exc}", Location(file=self.location)
                    )
                )
                for item in items:
                    item.done.set_exception(err)
                continue
            self.committed += len(items)
            for item in items:
                item.done.set_result(None)
