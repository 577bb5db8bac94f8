"""Judging a stream in several processes: order kept, bounded memory, errors per record.

Records go to the workers in chunks; at most `window` chunks' worth of records are in flight at
once, so memory stays flat however long the stream. The last records of a stream go in smaller
pieces (`chunked`), so that no worker is left judging a whole chunk alone at the end. Each
worker receives the Policy once (pickled by its pack's content, compiled once per process:
`socialpolicy.scale.shipping`) and answers each record with its Decision or the
`SocialPolicyError` that record raised, so one bad record never costs its neighbours; it
judges its chunk 32 records at a time, as `evaluate_many` does in one process (`judge_chunk`),
and sends each Decision back as its field values (`packed`), pickled to bytes that the caller
unpickles only when it reaches that chunk. Results come back in input order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from socialpolicy.decisions import Decision, trusted_decision
from socialpolicy.errors import EngineError, Location, RecordFailedError, SocialPolicyError
from socialpolicy.inputs import Account, Post

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from socialpolicy.policy import Policy

__all__ = ["CHUNK_SIZE", "Outcome", "default_workers", "judge_outcomes", "resolve_workers"]

K = TypeVar("K")
T = TypeVar("T")
Outcome = Decision | SocialPolicyError
# Reads one record (its item and label) as its post and its own account, if any.
Reader = Callable[[Any, str | None], tuple[Post, Account | None]]
_DECISION_FIELDS = frozenset(Decision.model_fields)
_PROTOCOL = pickle.HIGHEST_PROTOCOL
# Records per task. Each task costs the caller's process about half a millisecond of CPU
# besides its records (`ProcessPoolExecutor`'s helper threads wake, select, pickle and unpickle
# for it): 2 µs a post at 256 records, 1 at 512 (docs/performance.md, "Session 13: workers").
# A stream's last records go in pieces of `TAIL_PIECE` (`chunked`), so a larger chunk leaves
# no worker idle at the end.
CHUNK_SIZE = 512
TAIL_PIECE = 64  # records per task at the end of a stream (at most CHUNK_SIZE)
WINDOW_PER_WORKER = 3  # chunks' worth of records in flight per worker: all busy, memory bounded
# A worker's young collection starts once this many more container objects were allocated
# than freed (Python's default is 700). Judging a batch of 32 posts holds a few thousand at
# its peak and frees them by reference counting by its end: at 700 a worker judging police
# tweets ran a young collection every 17 posts or so; at 10,000 none in 10,000 posts (what
# stayed alive never reached 10,000 objects, so cyclic garbage is still collected, later).
YOUNG_COLLECTION_AT = 10_000

# Set in each worker process by `_start_worker`.
_worker: tuple[Policy, Account | None, date | None, float | None, Reader | None] | None = None
# The caller's Policy, for forked workers to take over as it is (compiled, its model loaded,
# its engine's memo filled) instead of compiling the pack again: set only while a pool
# forks its workers from a process with no other thread (so no lock can be held by a thread
# the child does not have), and only read in the child.
_inherited: Policy | None = None


def default_workers() -> int:
    """The CPUs this process may use."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def resolve_workers(workers: int) -> int:
    """`workers` as a process count: 0 means one per CPU; negative is refused."""
    if workers < 0:
        raise ValueError(f"workers must be 0 (one per CPU) or more, not {workers}")
    return default_workers() if workers == 0 else workers


def _context(start_method: str | None) -> BaseContext:
    # Linux: fork, so that a plain script needs no `if __name__ == "__main__"` guard; the
    # worker still compiles its own Policy from the pack's content (the inherited cache is
    # dropped at fork: `shipping`), never reusing state another thread may have held.
    # Elsewhere fork is unsafe or missing: spawn (the caller's script needs the guard).
    if start_method is None:
        start_method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(start_method)


def _start_worker(
    shipped: tuple[str, str, bytes],
    account: Account | None,
    as_of: date | None,
    timeout: float | None = None,
    read: Reader | None = None,
) -> None:
    from socialpolicy.scale.shipping import policy_from_payload

    global _worker
    digest, engine, payload = shipped
    own = _inherited
    if own is not None and own.digest == digest and own._engine_choice == engine:  # noqa: SLF001
        policy = own  # forked: the parent's copy, already compiled
    else:
        policy = policy_from_payload(digest, engine, payload)  # type: ignore[arg-type]
    _worker = (policy, account, as_of, timeout, read)
    # Everything this worker holds now (the interpreter, the imports, the compiled policy)
    # lives as long as the worker: out of the collector's sight. A full collection walks
    # every tracked object and what each refers to, and these are ~45,000 objects scattered
    # over the heap, so each one cost 35 to 70 ms (cache misses, not work): 16 to 21 µs a
    # post in two workers under load (benchmarks/worker_overheads.py); in a forked worker it
    # also wrote to every page holding one, copying the page from the parent. What the
    # worker allocates from here on is collected as before. (Frozen objects that later
    # become cyclic garbage are kept: bounded by this heap, and gone when the worker ends.)
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_AT, *gc.get_threshold()[1:])


def judge_chunk(
    policy: Policy,
    chunk: Iterable[tuple[str | None, Any]],
    account: Account | None = None,
    as_of: date | None = None,
    timeout: float | None = None,
    *,
    read: Reader | None = None,
) -> list[Outcome]:
    """Each record's Decision, or the error it raised (named by its record label).

    `read(item, label)` gives a record's post and its own account (default: `coerce_record`,
    for a post, a `Record`, or their dicts; a Dask or Spark partition also reads JSON lines).

    The records that read as posts are judged `BATCH` at a time, detector by detector, as
    `Policy.evaluate_many` judges them in one process (`Policy._judge_many`: the same
    decisions, less cache-cold work per post). A batch in which something fails is judged
    again record by record, so the failure costs only its own record: over its `timeout` a
    record is a `RecordTimeoutError`, and any other exception a `RecordFailedError`.

    `timeout`: seconds one record may take (`guard.deadline.record_budget`; a worker process
    runs its tasks in its main thread, so a stalled record is cut short there too). A whole
    batch gets that budget: done within it, each of its records took less. A batch over it is
    judged again record by record, each with the budget, so a stalled record is cut short a
    second time, alone, and its neighbours are judged. (Reading a record, `read`, is not
    timed: it is validation, linear in the record's bounded size.)
    """
    from socialpolicy.guard.deadline import record_budget
    from socialpolicy.policy import BATCH, coerce_record

    read = read or coerce_record
    out: list[Outcome | None] = []
    batch: list[tuple[Post, Account | None]] = []
    places: list[int] = []  # where each of `batch`'s decisions goes in `out`
    labels: list[str | None] = []

    def judge_batch() -> None:
        if len(batch) == 1:  # judged alone at once: a stall or a failure is not met twice
            (post, acc), label = batch[0], labels[0]
            out[places[0]] = _judge_read(policy, label, post, acc, as_of, timeout)
        else:
            try:
                with record_budget(timeout, Location(record=labels[0])):
                    decisions = policy._judge_many(batch, as_of)  # noqa: SLF001
            except Exception:  # noqa: BLE001 - judged again one by one: each error in its place
                for place, label, (post, acc) in zip(places, labels, batch, strict=True):
                    out[place] = _judge_read(policy, label, post, acc, as_of, timeout)
            else:
                for place, decision in zip(places, decisions, strict=True):
                    out[place] = decision
        batch.clear()
        places.clear()
        labels.clear()

    for label, item in chunk:
        try:
            post, acc = read(item, label)
        except SocialPolicyError as exc:
            out.append(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - one record's failure must not end the batch
            out.append(_failed(exc, Location(record=label)))
            continue
        places.append(len(out))
        labels.append(label)
        batch.append((post, acc or account))
        out.append(None)
        if len(batch) == BATCH:
            judge_batch()
    if batch:
        judge_batch()
    return out  # type: ignore[return-value]  # every None was replaced by judge_batch


def _judge_read(
    policy: Policy,
    label: str | None,
    post: Post,
    account: Account | None,
    as_of: date | None,
    timeout: float | None,
) -> Outcome:
    """A record read already (its account resolved) judged alone within `timeout` seconds:
    its Decision or error."""
    from socialpolicy.guard.deadline import record_budget

    where = Location(record=label)
    try:
        with record_budget(timeout, where):
            return policy._judge(post, account, as_of)  # noqa: SLF001
    except SocialPolicyError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one record's failure must not end the batch
        return _failed(exc, where)


def _failed(exc: Exception, where: Location) -> RecordFailedError:
    return RecordFailedError(
        f"judging this record raised {type(exc).__name__}: {exc}"[:1000],
        where,
        suggestion="this is a defect in socialpolicy: please report it with the record",
    )


# What a worker sends back for one record: a Decision as the tuple of its field values (see
# `packed`), or the Decision or error itself.
Packed = tuple[Any, ...] | Outcome


def packed(outcomes: list[Outcome]) -> list[Packed]:
    """`outcomes` as a worker sends them back: each Decision that holds every field (as the
    Policy builds them) as the tuple of its field values, in field order, for `unpacked` to
    rebuild; anything else as it is.

    A pickled pydantic model goes through Python code both ways (`__reduce_ex__`,
    `__getstate__`, `__setstate__`): a chunk of decisions cost 9.6 to 12.4 µs a post to pickle
    and unpickle, its tuples 6.3 to 8.5 with the rebuild, under load (docs/performance.md,
    "Session 11: workers"). The pack and engine references are the same objects in every
    decision of a worker, so pickle sends each once per chunk.
    """
    return [
        tuple(o.__dict__.values())
        if type(o) is Decision
        and o.__pydantic_fields_set__ == _DECISION_FIELDS
        and o.__pydantic_extra__ is None
        and o.__pydantic_private__ is None
        else o
        for o in outcomes
    ]


def unpacked(sent: list[Packed]) -> list[Outcome]:
    """The outcomes `packed` sent: each tuple becomes the Decision it was (equal to it, its
    JSON the same), built from its typed values without validating them again."""
    return [trusted_decision(*o) if type(o) is tuple else o for o in sent]  # type: ignore[misc]


def _judge_in_worker(labels: list[str | None], items: list[Any]) -> bytes:
    """A chunk's outcomes, `packed` and pickled here: the caller's executor thread then
    unpickles only a bytes object, and the caller unpickles the outcomes when it reaches the
    chunk and rebuilds each Decision as it gives it (as `unpacked` does), so they live a
    moment instead of waiting, as objects, for the chunks before them (long enough to be
    promoted by the caller's collector, each a full collection's work later)."""
    assert _worker is not None, "worker process not initialised"
    policy, account, as_of, timeout, read = _worker
    labelled = zip(labels, items, strict=True)
    outcomes = judge_chunk(policy, labelled, account, as_of, timeout, read=read)
    return pickle.dumps(packed(outcomes), _PROTOCOL)


def chunked(items: Iterator[T], size: int, reserve: int, piece: int) -> Iterator[list[T]]:
    """`items` in lists of `size`, but the last `reserve` to `size + reserve` of them (all of a
    shorter stream) in lists of `piece` (the last one shorter).

    The reserve is read ahead and held back: the stream's end is only known once read, and
    by then the chunks before it are in flight. Workers take tasks as they come free, so
    while one judges the last whole chunk the others judge the pieces: with `reserve` at
    least a chunk per other worker, none waits long for the last one.
    """
    held: deque[T] = deque()
    want = size + reserve
    while True:
        held.extend(islice(items, want - len(held)))
        if len(held) < want:  # the stream ended
            break
        yield [held.popleft() for _ in range(size)]
    while held:
        yield [held.popleft() for _ in range(min(piece, len(held)))]


def judge_outcomes(
    policy: Policy,
    items: Iterable[tuple[K, Any]],
    *,
    account: Account | None = None,
    as_of: date | None = None,
    workers: int = 0,
    chunk_size: int = CHUNK_SIZE,
    window: int | None = None,
    label: Callable[[K], str | None] = lambda key: str(key),
    start_method: str | None = None,
    timeout: float | None = None,
    read: Reader | None = None,
) -> Iterator[tuple[K, Outcome]]:
    """`(key, record)` pairs judged in `workers` processes; yields `(key, outcome)` in order.

    `key` stays in this process (a line number, a file record); `label(key)` names the
    record in its error. `workers=1` judges here, without processes; 0 uses one per CPU.
    `chunk_size`: records per task (the stream's last ones in smaller pieces: `chunked`).
    `window`: chunks' worth of records in flight at most (default `WINDOW_PER_WORKER` per
    worker); the stream is read that far ahead, and a chunk per other worker further.
    `start_method`: a multiprocessing start method (default: fork on Linux, else spawn).
    `timeout`: seconds one record may take (None or 0: no limit); a record over it comes
    back as a `RecordTimeoutError` and the others are judged.
    `read`: how a worker reads a record (`judge_chunk`'s; a function of a module, so that
    a spawned worker can import it).
    """
    n = resolve_workers(workers)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if window is not None and window < 1:
        raise ValueError("window must be at least 1")
    it = iter(items)
    if n == 1:
        for key, item in it:
            (outcome,) = judge_chunk(
                policy, [(label(key), item)], account, as_of, timeout, read=read
            )
            yield key, outcome
        return
    from socialpolicy.scale.shipping import shipped

    global _inherited
    # Records in flight at most (and `chunk_size` more, the last chunk submitted): `window`
    # chunks' worth, so the many pieces at a stream's end keep every worker busy too.
    limit = (window if window is not None else WINDOW_PER_WORKER * n) * chunk_size
    chunks = chunked(it, chunk_size, chunk_size * (n - 1), min(chunk_size, TAIL_PIECE))
    pending: deque[tuple[list[K], Future[bytes]]] = deque()
    in_flight = 0
    context = _context(start_method)
    # A forking pool starts its workers on the first submit, from this thread: with no other
    # thread alive, they may take this process's Policy over as it is.
    inherit = context.get_start_method() == "fork" and threading.active_count() == 1
    pool = ProcessPoolExecutor(
        max_workers=n,
        mp_context=context,
        initializer=_start_worker,
        initargs=(shipped(policy), account, as_of, timeout, read),
    )
    _inherited = policy if inherit else None
    try:

        def submit() -> bool:
            nonlocal in_flight
            chunk = next(chunks, None)
            if chunk is None:
                return False
            # Two lists, not a (label, record) pair per record: the executor holds a task's
            # arguments until its result is back, long enough for the collector to promote
            # them; pairs would be a tracked object per record that a full collection meets.
            keys = [key for key, _ in chunk]
            labels = [label(key) for key in keys]
            records = [item for _, item in chunk]
            del chunk
            pending.append((keys, pool.submit(_judge_in_worker, labels, records)))
            in_flight += len(keys)
            return True

        more = True
        try:
            while more and in_flight < limit:
                more = submit()
        finally:
            _inherited = None  # the workers are forked by now
        while pending:
            keys, fut = pending.popleft()
            in_flight -= len(keys)
            try:
                sent: list[Packed] = pickle.loads(fut.result())
            except BrokenProcessPool as exc:
                raise EngineError(
                    f"a worker process died while judging ({exc}); nothing after record "
                    f"{label(keys[0])} was judged",
                    suggestion="judge with fewer workers, or in one process to see the error",
                ) from exc
            while more and in_flight < limit:
                more = submit()
            # Each Decision rebuilt as it is given: alive while the caller holds it, no longer.
            for key, got in zip(keys, sent, strict=True):
                yield key, trusted_decision(*got) if type(got) is tuple else got  # type: ignore[misc]
            del keys, sent  # not kept alive while the next chunk is awaited
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
